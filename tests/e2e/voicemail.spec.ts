/**
 * I4 message waiting: the PBX's voicemail system (here a plain SIP client on UDP, account "vm")
 * publishes an RFC 3842 message-summary for 1001; the signed-in app shows the new messages in
 * the navigation, and "Call voicemail" dials the voicemail code (*2), which rings "vm".
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SipUa, hdr, type SipMsg } from '../pbx/selftest/sipua';
import { launchParty } from './support/browser';
import { callPanel, expectOnline, hangUpAll, signIn, callStatus } from './support/app';
import { APP_URL, ARTIFACTS, PBX_UDP_PORT } from './support/env';

const SHOTS = join(ARTIFACTS, 'screens');
let browser: Browser;
let page: Page;
let vm: SipUa;
let etag: string | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ browser, page } = await launchParty(500));
  vm = await new SipUa('vm', 'pwvm', PBX_UDP_PORT).open();
  expect((await vm.register()).status).toBe(200);
});

test.afterAll(async () => {
  await hangUpAll(page);
  await vm.register({ expires: 0 }).catch(() => undefined);
  vm.close();
  await browser.close();
});

/** What a voicemail system sends when the mailbox changes (refreshing its own publication). */
async function publishMwi(body: string): Promise<void> {
  const res = await vm.request('PUBLISH', 'sip:1001@127.0.0.1', {
    headers: ['Event: message-summary', 'Expires: 600', ...(etag ? [`SIP-If-Match: ${etag}`] : [])],
    body,
    contentType: 'application/simple-message-summary',
  });
  expect(res.status, 'the PBX took the message summary').toBe(200);
  etag = hdr(res, 'sip-etag') ?? etag;
}

const nav = () => page.getByRole('navigation', { name: 'Main navigation' });

test('1001 signs in; a message-summary NOTIFY with 2 new messages puts 2 on the voicemail button', async () => {
  await signIn(page, '1001');
  await expectOnline(page);
  await expect(nav().getByRole('button', { name: 'Call voicemail', exact: true })).toBeVisible();
  await expect(nav().getByTestId('voicemail-badge')).toHaveCount(0);

  await publishMwi('Messages-Waiting: yes\r\nMessage-Account: sip:*2@127.0.0.1\r\nVoice-Message: 2/5 (0/0)\r\n');
  const button = nav().getByRole('button', { name: 'Call voicemail, 2 new' });
  await expect(button).toBeVisible({ timeout: 5000 });
  await expect(button.getByTestId('voicemail-badge')).toHaveText('2');

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, `voicemail-badge.en.${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

test('no new messages: the badge goes away', async () => {
  await publishMwi('Messages-Waiting: no\r\nMessage-Account: sip:*2@127.0.0.1\r\nVoice-Message: 0/7 (0/0)\r\n');
  await expect(nav().getByTestId('voicemail-badge')).toHaveCount(0, { timeout: 5000 });
  await expect(nav().getByRole('button', { name: 'Call voicemail', exact: true })).toBeVisible();
});

test('"Call voicemail" dials *2, which rings the voicemail system; hanging up cancels it', async () => {
  vm.onRequest = (m) => (m.method === 'INVITE' ? { status: 180, reason: 'Ringing' } : m.method === 'ACK' ? null : { status: 200, reason: 'OK' });
  await nav().getByRole('button', { name: 'Call voicemail', exact: true }).click();
  const invite: SipMsg = await vm.waitRequest((m) => m.method === 'INVITE', 5000);
  expect(hdr(invite, 'to')).toContain('sip:*2@127.0.0.1');
  expect(hdr(invite, 'from')).toContain('sip:1001@127.0.0.1');
  await expect(callPanel(page)).toContainText('*2');
  await expect(callStatus(page)).toHaveText(/Ringing|Calling/);

  await callPanel(page).getByRole('button', { name: 'Hang up', exact: true }).click();
  await vm.waitRequest((m) => m.method === 'CANCEL', 5000);
  vm.reply(invite, 487, 'Request Terminated');
  await expect(callPanel(page)).toHaveCount(0, { timeout: 8000 });
});

test('the voicemail number is a setting: a new number is dialled by "Call voicemail"', async () => {
  await page.goto(`${APP_URL}#settings`);
  const card = page.getByRole('group', { name: 'Voicemail' });
  await card.getByLabel('Voicemail number').fill('*97');
  await card.getByLabel('Leave-voicemail prefix').fill('*');
  await card.getByRole('button', { name: 'Save voicemail settings' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved.');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(SHOTS, 'voicemail-settings.en.light.png') });
  await card.getByLabel('Voicemail number').fill('2a');
  await expect(card.getByRole('alert')).toHaveText('Use only digits, *, # and +.');
  await expect(card.getByRole('button', { name: 'Save voicemail settings' })).toBeDisabled();

  await nav().getByRole('button', { name: 'Call voicemail', exact: true }).click();
  // The stand-in voicemail rings and, like any UA, ends the INVITE with 487 once it is cancelled.
  const invite: SipMsg = await vm.waitRequest((m) => m.method === 'INVITE' && (hdr(m, 'to') ?? '').includes('sip:*97@'), 5000);
  await expect(callPanel(page)).toContainText('*97');
  await callPanel(page).getByRole('button', { name: 'Hang up', exact: true }).click();
  await vm.waitRequest((m) => m.method === 'CANCEL', 5000);
  vm.reply(invite, 487, 'Request Terminated');
  await expect(callPanel(page)).toHaveCount(0, { timeout: 8000 });
});
