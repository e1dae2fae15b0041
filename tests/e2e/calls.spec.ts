/**
 * Issue 2's proof that Offhook is a phone: real calls between three Offhook clients through
 * Kamailio, each party with its own microphone tone, checked by what the far end hears.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { launchParty } from './support/browser';
import { expectHears, expectSilenceOf } from './support/audio';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn, callStatus } from './support/app';

const TONE = { '1001': 500, '1002': 800, '1003': 1200 } as const;

let browsers: Browser[] = [];
let a: Page; // 1001
let b: Page; // 1002
let c: Page; // 1003

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const parties = await Promise.all([launchParty(TONE['1001']), launchParty(TONE['1002']), launchParty(TONE['1003'])]);
  browsers = parties.map((p) => p.browser);
  [a, b, c] = parties.map((p) => p.page) as [Page, Page, Page];
});

test.afterAll(async () => {
  await Promise.all(browsers.map((br) => br.close()));
});

test.afterEach(async () => {
  await hangUpAll(a, b, c);
  for (const p of [a, b, c]) await expect(p.getByRole('region', { name: 'Current call' })).toHaveCount(0, { timeout: 8000 });
});

test('a wrong password gives a clear message and does not sign in', async () => {
  await signIn(a, '1001', 'not-the-password');
  await expect(a.getByRole('alert')).toHaveText('Wrong extension or password.');
  await expect(a.getByRole('button', { name: 'Sign in' })).toBeEnabled();
});

test('three extensions sign in', async () => {
  await Promise.all([signIn(a, '1001'), signIn(b, '1002'), signIn(c, '1003')]);
  await Promise.all([expectOnline(a), expectOnline(b), expectOnline(c)]);
});

test('1001 calls 1002, 1002 answers, and each hears the other', async () => {
  await dial(a, '1002');
  await expect(b.getByRole('alertdialog', { name: 'Incoming call from 1001' })).toBeVisible();
  await expect(callStatus(a)).toHaveText(/Ringing|Calling/);
  await b.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  await expectHears(b, TONE['1001']);
  await expectHears(a, TONE['1002']);
});

test('mute silences my tone at the far end, unmute brings it back', async () => {
  await dial(a, '1002');
  await b.getByRole('button', { name: 'Answer' }).click();
  await expectInCall(a);
  await expectHears(b, TONE['1001']);
  await a.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(a.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await expectSilenceOf(b, TONE['1001']);
  await expectHears(a, TONE['1002']); // muting is one-way
  await a.getByRole('button', { name: 'Unmute' }).click();
  await expectHears(b, TONE['1001']);
});

test('hold silences both directions and both sides show it; resume restores audio', async () => {
  await dial(a, '1002');
  await b.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  await a.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(callStatus(a)).toHaveText('On hold');
  await expect(callPanel(b).getByText('The other party put you on hold')).toBeVisible();
  await expectSilenceOf(b, TONE['1001']);
  await expectSilenceOf(a, TONE['1002']);
  await a.getByRole('button', { name: 'Resume' }).click();
  await expectInCall(a);
  await expect(callPanel(b).getByText('The other party put you on hold')).toHaveCount(0);
  await expectHears(b, TONE['1001']);
  await expectHears(a, TONE['1002']);
});

test('DTMF sent as SIP INFO arrives at the far end', async () => {
  // A browser cannot observe RFC 4733 events it receives, so browser-to-browser uses INFO;
  // RFC 4733 is proven against a non-browser phone in dtmf-rfc4733.spec.ts.
  await a.getByRole('link', { name: 'Settings' }).click();
  await a.getByLabel('Keypad tones (DTMF)').selectOption('info');
  await a.getByRole('link', { name: 'Phone' }).click();
  await a.reload();
  await expectOnline(a);
  await dial(a, '1002');
  await b.getByRole('button', { name: 'Answer' }).click();
  await expectInCall(a);
  await a.getByRole('button', { name: 'Keypad' }).click();
  for (const key of ['1', '2', '3', '#']) await callPanel(a).getByRole('button', { name: key, exact: true }).click();
  await expect(b.getByTestId('received-dtmf')).toHaveText('Received: 123#');
});

test('declining shows "Declined" to the caller', async () => {
  await dial(a, '1002');
  await b.getByRole('button', { name: 'Decline' }).click();
  await expect(callStatus(a)).toHaveText('Declined.');
});

test('cancelling before answer stops the ringing and leaves a missed call for the callee', async () => {
  await dial(c, '1002');
  await expect(b.getByRole('alertdialog', { name: 'Incoming call from 1003' })).toBeVisible();
  await expect(b.locator('audio.offhook-tone-ringtone')).toHaveCount(1);
  await c.getByRole('button', { name: 'Hang up' }).click();
  await expect(b.getByRole('alertdialog')).toHaveCount(0);
  await expect(b.locator('audio.offhook-tone-ringtone')).toHaveCount(0);
  await b.getByRole('link', { name: 'Call log' }).click();
  await b.getByRole('button', { name: 'Missed', exact: true }).click();
  await expect(b.getByRole('listitem').first()).toContainText('1003');
  await expect(b.getByRole('listitem').first()).toContainText('Missed');
  await b.getByRole('link', { name: 'Phone' }).click();
});

test('a second call while in a call: answering holds the first, swap switches lines', async () => {
  await dial(a, '1002');
  await b.getByRole('button', { name: 'Answer' }).click();
  await expectInCall(a);
  await dial(c, '1001');
  await expect(a.getByRole('alertdialog', { name: 'Incoming call from 1003' })).toContainText('Call waiting');
  await expect(a.locator('audio.offhook-tone-waiting')).toHaveCount(1);
  await a.getByRole('button', { name: 'Answer' }).click();
  // The first call (1002) is held; 1001 talks to 1003.
  await expect(a.getByRole('group', { name: 'Other line' })).toContainText('1002');
  await expect(a.getByRole('group', { name: 'Other line' })).toContainText('On hold');
  await expect(callPanel(a).getByRole('heading')).toHaveText('1003');
  await expectHears(a, TONE['1003']);
  await expectHears(c, TONE['1001']);
  await expectSilenceOf(b, TONE['1001']);
  // Swap: back to 1002, 1003 on hold.
  await a.getByRole('button', { name: 'Swap' }).click();
  await expect(callPanel(a).getByRole('heading')).toHaveText('1002');
  await expect(a.getByRole('group', { name: 'Other line' })).toContainText('1003');
  await expectHears(b, TONE['1001']);
  await expectHears(a, TONE['1002']);
  await expectSilenceOf(c, TONE['1001']);
});

test('the call log is right on both sides after a reload', async () => {
  await a.reload();
  await b.reload();
  await Promise.all([expectOnline(a), expectOnline(b)]);
  await a.getByRole('link', { name: 'Call log' }).click();
  await b.getByRole('link', { name: 'Call log' }).click();
  // 1001 placed six calls to 1002 (five answered, one declined) and took one from 1003.
  await a.getByRole('button', { name: 'Outgoing', exact: true }).click();
  await expect(a.getByRole('listitem').filter({ hasText: '1002' })).toHaveCount(6);
  await expect(a.getByRole('listitem').filter({ hasText: 'Declined' })).toHaveCount(1);
  await a.getByRole('button', { name: 'Incoming', exact: true }).click();
  await expect(a.getByRole('listitem').filter({ hasText: '1003' })).toHaveCount(1);
  // 1002: six incoming from 1001 (one declined), one missed from 1003.
  await b.getByRole('button', { name: 'Incoming', exact: true }).click();
  await expect(b.getByRole('listitem').filter({ hasText: '1001' })).toHaveCount(6);
  await b.getByRole('button', { name: 'Missed', exact: true }).click();
  await expect(b.getByRole('listitem')).toHaveCount(1);
  // Delete works and survives a reload.
  await b.getByRole('button', { name: 'Delete call with 1003' }).click();
  await expect(b.getByRole('listitem')).toHaveCount(0);
  await b.reload();
  await b.getByRole('link', { name: 'Call log' }).click();
  await b.getByRole('button', { name: 'Missed', exact: true }).click();
  await expect(b.getByRole('listitem')).toHaveCount(0);
});
