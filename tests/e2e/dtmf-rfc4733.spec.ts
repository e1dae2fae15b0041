/**
 * DTMF in the media (RFC 4733, the default) reaches a non-browser phone: Offhook calls a baresip
 * softphone (plain RTP behind rtpengine), presses keys on the in-call keypad, and baresip reports
 * the digits it decoded from the telephone-event packets. Audio is checked both ways too.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { BaresipPeer } from '../pbx/peers/baresip';
import { startTestBaresip } from './support/baresip';
import { launchParty } from './support/browser';
import { expectHears } from './support/audio';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';

const BARESIP_HZ = 700;
const OFFHOOK_HZ = 500;
let browser: Browser;
let page: Page;
let phone: BaresipPeer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  phone = await startTestBaresip('1019', BARESIP_HZ);
  ({ browser, page } = await launchParty(OFFHOOK_HZ));
});

test.afterAll(async () => {
  await browser?.close();
  await phone?.stop();
});

test('keypad digits arrive at a plain SIP phone as RFC 4733 events, with audio both ways', async () => {
  await signIn(page, '1008');
  await expectOnline(page);
  await dial(page, '1019'); // baresip answers by itself
  await expectInCall(page);
  await expectHears(page, BARESIP_HZ);
  await page.getByRole('button', { name: 'Keypad' }).click();
  for (const key of ['1', '2', '3', '#']) {
    await callPanel(page).getByRole('button', { name: key, exact: true }).click();
    await page.waitForTimeout(250); // a person does not press faster than this
  }
  await expect.poll(() => phone.receivedDtmf(), { timeout: 5000 }).toBe('123#');
  await hangUpAll(page);
  const heard = await phone.receivedFrequency();
  expect(Math.abs(heard - OFFHOOK_HZ)).toBeLessThan(OFFHOOK_HZ * 0.05);
});
