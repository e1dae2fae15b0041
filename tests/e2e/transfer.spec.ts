/**
 * Issue 5: transfers through Kamailio between three Offhook clients. Blind (REFER) and attended
 * (REFER with Replaces): afterwards the transferee and the target hear each other's tones, and
 * the transferor has no call left.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchParties, type Parties } from './support/parties';
import { expectTones } from './support/spectrum';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';

const TONE = { a: 440, b: 700, c: 1100 } as const;

let parties: Parties;
let a: Page; // 1004, the transferor
let b: Page; // 1005, the transferee
let c: Page; // 1006, the target

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  parties = await launchParties([TONE.a, TONE.b, TONE.c]);
  [a, b, c] = parties.pages as [Page, Page, Page];
  await Promise.all([signIn(a, '1004'), signIn(b, '1005'), signIn(c, '1006')]);
  await Promise.all([expectOnline(a), expectOnline(b), expectOnline(c)]);
});

test.afterAll(async () => {
  await parties.close();
});

test.afterEach(async () => {
  await hangUpAll(a, b, c);
  for (const p of [a, b, c]) await expect(callPanel(p)).toHaveCount(0, { timeout: 8000 });
});

async function aCallsB(): Promise<void> {
  await dial(a, '1005');
  await b.getByRole('button', { name: 'Answer', exact: true }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  await expectTones(b, [TONE.a]);
}

test('blind transfer: B ends up talking to C, A is out', async () => {
  await aCallsB();
  await callPanel(a).getByRole('button', { name: 'Transfer', exact: true }).click();
  const box = a.getByRole('searchbox', { name: /Transfer 1005 to/ });
  await expect(box).toBeFocused();
  await box.fill('1006');
  await a.getByRole('button', { name: 'Transfer now' }).click();
  // The target rings with the transferee's identity, not the transferor's.
  await expect(c.getByRole('alertdialog', { name: 'Incoming call from 1005' })).toBeVisible();
  await expect(a.getByTestId('transfer-status')).toContainText(/Transferring to 1006|1006 is ringing/);
  await c.getByRole('button', { name: 'Answer', exact: true }).click();
  await expectInCall(c);
  await expectTones(c, [TONE.b], [TONE.a]);
  await expectTones(b, [TONE.c], [TONE.a]);
  // The REFER's NOTIFY 200 tells A it worked; A's call ends by itself.
  await expect(callPanel(a)).toHaveCount(0, { timeout: 10_000 });
});

test('blind transfer to a target that declines: A keeps the call and is told', async () => {
  await aCallsB();
  await callPanel(a).getByRole('button', { name: 'Transfer', exact: true }).click();
  await a.getByRole('searchbox', { name: /Transfer 1005 to/ }).fill('1006');
  await a.getByRole('button', { name: 'Transfer now' }).click();
  await c.getByRole('button', { name: 'Decline', exact: true }).click();
  await expect(a.getByTestId('transfer-status')).toContainText('Transfer to 1006 failed');
  await expectInCall(a);
  await expectTones(b, [TONE.a]);
  await expectTones(a, [TONE.b]);
});

test('attended transfer: A consults C, then hands B over; B and C hear each other', async () => {
  await aCallsB();
  await callPanel(a).getByRole('button', { name: 'Transfer', exact: true }).click();
  await a.getByRole('searchbox', { name: /Transfer 1005 to/ }).fill('1006');
  await a.getByRole('button', { name: 'Consult first' }).click();
  await expect(c.getByRole('alertdialog', { name: 'Incoming call from 1004' })).toBeVisible();
  await c.getByRole('button', { name: 'Answer', exact: true }).click();
  await expectInCall(c);
  await expectTones(c, [TONE.a]); // the consultation: A announces the call
  await expectTones(b, [], [TONE.a]); // B waits on hold meanwhile
  await callPanel(a).getByRole('button', { name: /Transfer 1005 to 1006/ }).click();
  // C's consultation call is replaced by B's call without ringing.
  await expect(c.getByRole('alertdialog')).toHaveCount(0);
  await expectTones(c, [TONE.b], [TONE.a]);
  await expectTones(b, [TONE.c], [TONE.a]);
  await expect(callPanel(a)).toHaveCount(0, { timeout: 10_000 });
  await expect(callPanel(c).getByRole('heading', { name: '1005' })).toBeVisible();
});
