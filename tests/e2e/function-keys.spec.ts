/**
 * J13 function keys against the real Kamailio: 1001 programs a BLF key for 1002 whose lamp follows
 * 1002's calls (dialog event package), picks up 1002's ringing call with the pickup code, a speed
 * dial key, a voicemail key whose lamp follows another mailbox (message-summary), and the order of
 * the keys, changed by keyboard and by dragging, survives a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import { SipUa, hdr } from '../pbx/selftest/sipua';
import { launchParties, type Parties } from './support/parties';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';
import { PBX_UDP_PORT } from './support/env';

let parties: Parties;
let a: Page; // 1001, with the keys
let b: Page; // 1002, the watched colleague
let c: Page; // 1003
let vm: SipUa;
/** Every SIP request line 1001's browser sent over its WebSocket. */
const sentByA: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  parties = await launchParties([500, 800, 1200]);
  [a, b, c] = parties.pages as [Page, Page, Page];
  a.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string') sentByA.push(f.payload.split('\r\n', 1)[0] ?? '');
    }),
  );
  await Promise.all([signIn(a, '1001'), signIn(b, '1002'), signIn(c, '1003')]);
  await Promise.all([expectOnline(a), expectOnline(b), expectOnline(c)]);
  vm = await new SipUa('vm', 'pwvm', PBX_UDP_PORT).open();
  expect((await vm.register()).status).toBe(200);
});

test.afterAll(async () => {
  await hangUpAll(a, b, c).catch(() => undefined);
  await vm?.register({ expires: 0 }).catch(() => undefined);
  vm?.close();
  await parties?.close();
});

test.afterEach(async () => {
  await hangUpAll(a, b, c);
  for (const p of [a, b, c]) await expect(callPanel(p)).toHaveCount(0, { timeout: 8000 });
});

const keysGrid = (p: Page) => p.getByRole('list', { name: 'Function keys', exact: true });
const editList = (p: Page) => p.getByRole('list', { name: 'Function keys, in order' });
const blfKey = (p: Page) => keysGrid(p).getByRole('button', { name: /^(Call|Pick up) 1002 \(Anna\)/ });
const lamp = (p: Page) => blfKey(p).getByTestId('fk-lamp');

async function openKeys(p: Page): Promise<void> {
  await p.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Keys' }).click();
  await expect(p.getByRole('heading', { name: 'Function keys' })).toBeVisible();
}

async function addKey(p: Page, type: string, label: string, value: string): Promise<void> {
  await p.getByRole('button', { name: 'Add key' }).click();
  const form = p.getByRole('form', { name: 'Add a key' });
  await form.getByLabel('Type').selectOption({ label: type });
  await form.getByLabel('Label').fill(label);
  await form.getByRole('textbox').nth(1).fill(value);
  await form.getByRole('button', { name: 'Save key' }).click();
  await expect(form).toHaveCount(0);
}

async function keyOrder(p: Page): Promise<string[]> {
  return keysGrid(p).locator('.key .name').allTextContents();
}

test('1001 adds a BLF key for 1002, a speed dial and a voicemail key; the value is checked per type', async () => {
  await openKeys(a);
  await expect(a.getByText('No keys yet.', { exact: false })).toBeVisible();
  await a.getByRole('button', { name: 'Edit keys' }).click();

  // a BLF key needs an extension
  await a.getByRole('button', { name: 'Add key' }).click();
  const form = a.getByRole('form', { name: 'Add a key' });
  await form.getByLabel('Type').selectOption({ label: 'Colleague (BLF)' });
  await form.getByLabel('Extension').fill('10 02');
  await expect(form.getByRole('alert')).toHaveText('This value does not fit the key’s type.');
  await form.getByRole('button', { name: 'Save key' }).click();
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  await addKey(a, 'Colleague (BLF)', 'Anna', '1002');
  await addKey(a, 'Speed dial', 'Desk', '1003');
  await addKey(a, 'Voicemail', 'Anna VM', '1002');
  await expect(a.getByText('3 of 120')).toBeVisible();
  await a.getByRole('button', { name: 'Done' }).click();
  expect(await keyOrder(a)).toEqual(['Anna', 'Desk', 'Anna VM']);
});

test('the BLF lamp: idle, on a call while 1002 talks to 1003, idle again after hang-up', async () => {
  await expect(blfKey(a)).toHaveAccessibleName('Call 1002 (Anna), available', { timeout: 8000 });
  await expect(lamp(a)).toHaveAttribute('data-lamp', 'idle');

  await dial(b, '1003');
  await c.getByRole('button', { name: 'Answer' }).click();
  await expectInCall(b);
  await expect(lamp(a)).toHaveAttribute('data-lamp', 'busy', { timeout: 5000 });
  await expect(blfKey(a)).toHaveAccessibleName('Call 1002 (Anna), on a call');

  await hangUpAll(b);
  await expect(lamp(a)).toHaveAttribute('data-lamp', 'idle', { timeout: 5000 });
  await expect(blfKey(a)).toHaveAccessibleName('Call 1002 (Anna), available');
});

test('while 1002 rings, the BLF key picks up with the pickup code: 1001 dials **1002', async () => {
  await dial(c, '1002');
  await expect(b.getByRole('alertdialog', { name: 'Incoming call from 1003' })).toBeVisible();
  await expect(lamp(a)).toHaveAttribute('data-lamp', 'ringing', { timeout: 5000 });
  await expect(blfKey(a)).toHaveAccessibleName('Pick up 1002 (Anna), ringing');

  sentByA.length = 0;
  await blfKey(a).click();
  // The dev PBX has no directed pickup (a real FreePBX has **): the INVITE's target is what is checked.
  await expect.poll(() => sentByA.find((l) => l.startsWith('INVITE ')), { timeout: 5000 }).toBe('INVITE sip:**1002@127.0.0.1 SIP/2.0');
});

test('the speed dial key calls its number', async () => {
  await keysGrid(a).getByRole('button', { name: 'Call 1003 (Desk)' }).click();
  await expect(c.getByRole('alertdialog', { name: 'Incoming call from 1001' })).toBeVisible();
  await expect(callPanel(a)).toContainText('1003');
});

test('the voicemail key’s lamp follows 1002’s mailbox', async () => {
  const vmKey = keysGrid(a).getByRole('button', { name: /^Voicemail 1002 \(Anna VM\)/ });
  const publish = (body: string, etag?: string) =>
    vm.request('PUBLISH', 'sip:1002@127.0.0.1', {
      headers: ['Event: message-summary', 'Expires: 600', ...(etag ? [`SIP-If-Match: ${etag}`] : [])],
      body,
      contentType: 'application/simple-message-summary',
    });
  const res = await publish('Messages-Waiting: yes\r\nVoice-Message: 3/0 (0/0)\r\n');
  expect(res.status).toBe(200);
  await expect(vmKey).toHaveAccessibleName('Voicemail 1002 (Anna VM), 3 new messages', { timeout: 5000 });
  await expect(vmKey.getByTestId('fk-lamp')).toHaveAttribute('data-lamp', 'waiting');
  expect((await publish('Messages-Waiting: no\r\nVoice-Message: 0/3 (0/0)\r\n', hdr(res, 'sip-etag'))).status).toBe(200);
  await expect(vmKey).toHaveAccessibleName('Voicemail 1002 (Anna VM), no new messages', { timeout: 5000 });
  await expect(vmKey.getByTestId('fk-lamp')).toHaveAttribute('data-lamp', 'empty');
});

test('reordering by keyboard and by dragging persists after a reload', async () => {
  await a.getByRole('button', { name: 'Edit keys' }).click();
  const anna = editList(a).getByRole('listitem', { name: /^Anna, Colleague \(BLF\), key 1 of 3/ });
  await anna.focus();
  await a.keyboard.press('Alt+ArrowRight');
  await expect(a.getByRole('status').filter({ hasText: 'Anna moved to position 2 of 3.' })).toBeAttached();
  await expect(editList(a).getByRole('listitem').nth(1)).toHaveAccessibleName(/^Anna, /);
  await expect(editList(a).getByRole('listitem').nth(1)).toBeFocused();
  await editList(a).getByRole('button', { name: 'Move Anna VM earlier' }).click();
  // Desk, Anna VM, Anna — and the drag puts Anna first again
  await editList(a).getByRole('listitem').nth(2).dragTo(editList(a).getByRole('listitem').nth(0));
  await a.getByRole('button', { name: 'Done' }).click();
  expect(await keyOrder(a)).toEqual(['Anna', 'Desk', 'Anna VM']);

  await a.getByRole('button', { name: 'Edit keys' }).click();
  await editList(a).getByRole('listitem', { name: /^Desk, / }).focus();
  await a.keyboard.press('Alt+ArrowLeft');
  await a.getByRole('button', { name: 'Done' }).click();
  expect(await keyOrder(a)).toEqual(['Desk', 'Anna', 'Anna VM']);

  await a.reload();
  if (await a.getByRole('button', { name: 'Sign in' }).isVisible()) await signIn(a, '1001');
  await expectOnline(a);
  await openKeys(a);
  expect(await keyOrder(a)).toEqual(['Desk', 'Anna', 'Anna VM']);
});

test('feature codes are settings: an intercom key dials the code saved there', async () => {
  await a.goto(`${a.url().split('#')[0]}#settings`);
  const card = a.getByRole('group', { name: 'Feature codes' });
  await card.getByLabel('Intercom').fill('*8a');
  await expect(card.getByText('Use only digits, * and #.')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Save feature codes' })).toBeDisabled();
  await card.getByLabel('Intercom').fill('*9');
  await card.getByRole('button', { name: 'Save feature codes' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved.');

  await openKeys(a);
  await a.getByRole('button', { name: 'Edit keys' }).click();
  await addKey(a, 'Intercom', '', '1003');
  await a.getByRole('button', { name: 'Done' }).click();
  sentByA.length = 0;
  await keysGrid(a).getByRole('button', { name: 'Intercom 1003' }).click();
  await expect.poll(() => sentByA.find((l) => l.startsWith('INVITE ')), { timeout: 5000 }).toBe('INVITE sip:*91003@127.0.0.1 SIP/2.0');
});
