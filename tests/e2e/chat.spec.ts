/**
 * Chat (issue 7) end to end through the real Kamailio: 1:1 both ways with typing, text that looks
 * like markup, links, unread counts, mute and the popup rules (seen through the fake desktop
 * bridge), offline delivery through msilo, a group of three with a removal, history search with
 * an old message, and calls ↔ chats.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../../src-preload/contract';
import { launchParties, type Parties } from './support/parties';
import { expectOnline, signIn } from './support/app';
import { bridgeCalls, installFakeDesktopBridge } from './support/fake-desktop-bridge';
import { LOOKS, look, switchLook } from './support/look';

let parties: Parties;
let a: Page; // 1012, "inside Electron" (fake bridge: notifications are recorded)
let b: Page; // 1013
let c: Page; // 1014
const dialogs: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  parties = await launchParties([500, 600, 700]);
  [a, b, c] = parties.pages as [Page, Page, Page];
  await a.addInitScript(installFakeDesktopBridge, DEFAULT_SETTINGS);
  for (const p of parties.pages) p.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
});

test.afterAll(async () => {
  await parties.close();
});

const chatNav = (p: Page) => p.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Chat/ });
const unreadBadge = (p: Page) => p.getByTestId('chat-unread');
const log = (p: Page) => p.getByRole('log');
const composer = (p: Page) => p.getByRole('textbox', { name: /^Message to / });
const conversation = (p: Page, title: string) => p.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${title}`) });

async function openChat(p: Page, title: string): Promise<void> {
  await chatNav(p).click();
  await conversation(p, title).click();
  await expect(p.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: title, exact: true })).toBeVisible();
}

async function startChat(p: Page, target: string): Promise<void> {
  await chatNav(p).click();
  await p.getByRole('textbox', { name: 'Extension or SIP address' }).fill(target);
  await p.getByRole('button', { name: 'Start chat' }).click();
  await expect(composer(p)).toBeVisible();
}

async function say(p: Page, text: string): Promise<void> {
  await composer(p).fill(text);
  await composer(p).press('Enter');
}

/** Reloads the page: a remembered account signs in by itself, else through the form. */
async function restart(p: Page, extension: string): Promise<void> {
  await p.reload();
  const form = p.getByLabel('Server');
  await expect(form.or(p.getByRole('status').filter({ hasText: 'Online' }))).toBeVisible();
  if (await form.isVisible()) await signIn(p, extension);
  await expectOnline(p);
}

const notifications = async (p: Page) => (await bridgeCalls(p, 'notify')).map((x) => x[0] as { kind: string; title: string; body: string });

test('1:1 both ways, with states and the typing indicator', async () => {
  await Promise.all([signIn(a, '1012'), signIn(b, '1013'), signIn(c, '1014')]);
  await Promise.all([expectOnline(a), expectOnline(b), expectOnline(c)]);
  await startChat(a, '1013');
  await say(a, 'Hello from a');
  await expect(log(a).getByText('Hello from a')).toBeVisible();
  await expect(log(a).locator('[data-state="sent"]')).toHaveCount(1);
  await expect(unreadBadge(b)).toHaveText('1');
  await openChat(b, '1012');
  await expect(log(b).getByText('Hello from a')).toBeVisible();
  await expect(unreadBadge(b)).toHaveCount(0);

  // b types: a sees it; b sends: it stops and the reply arrives
  await composer(b).pressSequentially('Hi a', { delay: 20 });
  await expect(a.getByText('1013 is typing…')).toBeVisible();
  await composer(b).press('Enter');
  await expect(log(a).getByText('Hi a')).toBeVisible();
  await expect(a.getByText('1013 is typing…')).toHaveCount(0);
  // Shift+Enter is a new line, not a send
  await composer(b).fill('line one');
  await composer(b).press('Shift+Enter');
  await composer(b).pressSequentially('line two');
  await composer(b).press('Enter');
  await expect(log(a).getByText('line one\nline two')).toBeVisible();
  // a had the chat open: no popup for it
  expect((await notifications(a)).filter((n) => n.kind === 'chat-message')).toEqual([]);
});

test('markup is shown as text, never run; links open in the browser through main', async () => {
  await say(a, '<img src=x onerror=alert(1)>');
  await say(a, '<b>bold</b>');
  await expect(log(b).getByText('<img src=x onerror=alert(1)>', { exact: true })).toBeVisible();
  await expect(log(b).getByText('<b>bold</b>', { exact: true })).toBeVisible();
  expect(await log(b).locator('img, b').count()).toBe(0);
  await say(b, 'see https://example.com/docs?x=1.');
  const link = log(a).getByRole('link', { name: 'https://example.com/docs?x=1' });
  await expect(link).toBeVisible();
  await link.click();
  expect(await bridgeCalls(a, 'shell.openExternal')).toContainEqual(['https://example.com/docs?x=1']);
  expect(dialogs).toEqual([]);
});

test('unread counts, mute, and which messages ask the bridge for a popup', async () => {
  await a.evaluate(() => (location.hash = '#phone'));
  const before = (await notifications(a)).length;
  await say(b, 'are you there?');
  await say(b, 'ping');
  await expect(unreadBadge(a)).toHaveText('2');
  await expect.poll(async () => (await notifications(a)).slice(before).map((n) => `${n.kind}:${n.title}:${n.body}`)).toEqual([
    'chat-message:1013:are you there?',
    'chat-message:1013:ping',
  ]);
  // the tray hears of it
  await expect.poll(async () => ((await bridgeCalls(a, 'shell.setState')).at(-1)![0] as { unreadChats: number }).unreadChats).toBe(2);
  await chatNav(a).click();
  await expect(conversation(a, '1013')).toContainText('2 unread');
  await conversation(a, '1013').click();
  await expect(unreadBadge(a)).toHaveCount(0);

  // muted: counted in the list but not in the badge, and no popup
  await a.getByRole('button', { name: 'Mute 1013' }).click();
  await expect(a.getByRole('button', { name: 'Unmute 1013' })).toHaveAttribute('aria-pressed', 'true');
  await a.evaluate(() => (location.hash = '#phone'));
  const muted = (await notifications(a)).length;
  await say(b, 'quiet please');
  await expect(log(b).locator('[data-state]').last()).toHaveAttribute('data-state', 'sent');
  await a.waitForTimeout(500);
  await expect(unreadBadge(a)).toHaveCount(0);
  await chatNav(a).click();
  await expect(conversation(a, '1013')).toContainText('quiet please');
  await expect(conversation(a, '1013')).toContainText('1 unread');
  expect((await notifications(a)).length).toBe(muted);
  await a.getByRole('button', { name: 'Unmute 1013' }).click();
});

test('a message to a signed-out user is stored and arrives once, in order, when they sign in', async () => {
  await c.evaluate(() => (location.hash = '#settings'));
  await c.getByRole('button', { name: 'Sign out' }).click();
  await expect(c.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await startChat(a, '1014');
  for (const text of ['offline one', 'offline two', 'offline three']) {
    await say(a, text);
    await expect(log(a).locator('[data-state]').last()).toHaveAttribute('data-state', 'stored');
  }
  await expect(log(a).getByText('Stored: delivered when they sign in')).toHaveCount(3);
  await signIn(c, '1014');
  await expectOnline(c);
  await expect(unreadBadge(c)).toHaveText('3');
  await openChat(c, '1012');
  await expect(log(c).locator('.text')).toHaveText(['offline one', 'offline two', 'offline three']);
  await c.waitForTimeout(800);
  await expect(log(c).locator('.text')).toHaveCount(3);
});

test('a group of three: everyone gets every message; a removed member gets no more', async () => {
  await chatNav(a).click();
  await a.getByRole('button', { name: 'New group' }).click();
  await a.getByLabel('Group name').fill('Trio');
  await a.getByLabel('Members', { exact: true }).fill('1013, 1014');
  await a.getByRole('button', { name: 'Create group' }).click();
  await expect(a.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: 'Trio', exact: true })).toBeVisible();
  await say(a, 'hello trio');
  for (const p of [b, c]) {
    await openChat(p, 'Trio');
    await expect(log(p).getByText('hello trio')).toBeVisible();
  }
  await say(b, 'b says hi');
  await say(c, 'c says hi');
  for (const p of [a, b, c]) {
    await expect(log(p).locator('.text')).toHaveText(['hello trio', 'b says hi', 'c says hi']);
  }

  await a.getByRole('button', { name: 'Members (3)' }).click();
  await a.getByRole('button', { name: 'Remove 1014' }).click();
  await expect(a.getByRole('button', { name: 'Members (2)' })).toBeVisible();
  await expect(log(c).getByText('1012 removed 1014')).toBeVisible();
  await expect(c.getByText('You are no longer a member of this group.')).toBeVisible();
  await expect(log(b).getByText('1012 removed 1014')).toBeVisible();
  await say(a, 'after the removal');
  await say(b, 'b after the removal');
  await expect(log(b).getByText('after the removal', { exact: true })).toBeVisible();
  await expect(log(a).getByText('b after the removal')).toBeVisible();
  await c.waitForTimeout(800);
  await expect(log(c).getByText(/after the removal/)).toHaveCount(0);
});

test('history search finds an old message (and the year-old one is gone)', async () => {
  // Two messages from long ago, written straight into b's history, then b starts again.
  await b.evaluate(async () => {
    const day = 86400_000;
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const r = indexedDB.open('offhook-chat:sip:1013@127.0.0.1');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tx = db.transaction('messages', 'readwrite');
    const base = { conversationId: '1:sip:1012@127.0.0.1', kind: 'text', from: { uri: 'sip:1012@127.0.0.1', number: '1012', name: '' }, outgoing: false, state: 'received' };
    tx.objectStore('messages').put({ ...base, id: 'old-200', text: 'The Quarterly Budget 预算 is approved', sentAt: Date.now() - 200 * day, receivedAt: Date.now() - 200 * day });
    tx.objectStore('messages').put({ ...base, id: 'old-400', text: 'ancient budget note', sentAt: Date.now() - 400 * day, receivedAt: Date.now() - 400 * day });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
  await restart(b, '1013');
  await chatNav(b).click();
  await b.getByRole('searchbox', { name: 'Search messages' }).fill('quarterly BUDGET');
  const results = b.getByRole('region', { name: 'Search results' });
  await expect(results.getByText('The Quarterly Budget 预算 is approved')).toBeVisible();
  await b.getByRole('searchbox', { name: 'Search messages' }).fill('预算');
  await expect(results.getByRole('button')).toHaveCount(1);
  await b.getByRole('searchbox', { name: 'Search messages' }).fill('budget');
  await expect(results.getByText('ancient budget note')).toHaveCount(0);
  // by person
  await b.getByRole('searchbox', { name: 'Search messages' }).fill('');
  await b.getByRole('searchbox', { name: 'From (extension)' }).fill('1012');
  await expect(results.getByText('Hello from a')).toBeVisible();
  await expect(results.getByText('b says hi')).toHaveCount(0);
  await results.getByText('Hello from a').click();
  await expect(b.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: '1012', exact: true })).toBeVisible();
  await b.getByRole('searchbox', { name: 'From (extension)' }).fill('');
});

test('a call from a chat, and a chat from the call log', async () => {
  await openChat(a, '1013');
  await a.getByRole('button', { name: 'Call 1013' }).click();
  await expect(b.getByRole('alertdialog', { name: /Incoming call/ })).toBeVisible();
  await b.getByRole('button', { name: 'Decline', exact: true }).click();
  await a.evaluate(() => (location.hash = '#history'));
  await a.getByRole('button', { name: 'Chat with 1013' }).first().click();
  await expect(a.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: '1013', exact: true })).toBeVisible();
  await expect(log(a).getByText('Hello from a')).toBeVisible();
});

test('the emoji picker works with the keyboard', async () => {
  await composer(a).fill('ok ');
  await a.getByRole('button', { name: 'Insert emoji' }).click();
  await expect(a.getByRole('button', { name: 'grinning face' })).toBeFocused();
  await a.keyboard.press('ArrowRight');
  await a.keyboard.press('Enter');
  await expect(composer(a)).toHaveValue('ok 😂');
  await expect(composer(a)).toBeFocused();
  await a.getByRole('button', { name: 'Insert emoji' }).click();
  await a.keyboard.press('Escape');
  await expect(a.getByRole('button', { name: 'Insert emoji' })).toBeFocused();
});

test('screenshots: the list and a conversation in four looks, every control named', async () => {
  for (const [language, theme] of LOOKS) {
    await switchLook(a, language, theme, 'chat');
    await a.locator('.conv').first().waitFor();
    await look(a, `chat-list.${language}.${theme}`);
    await a.locator('.conv').first().click();
    await a.locator('.log .message').first().waitFor();
    await look(a, `chat.${language}.${theme}`);
  }
  await switchLook(a, 'en', 'light', 'chat');
});
