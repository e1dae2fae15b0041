/**
 * B2 live presence and J3/J4 my status against the real Kamailio: 1021 sets Away in the toolbar
 * and 1001 sees it within 1 s; 1021 on a call with 1022 shows "on a call"; with do not disturb a
 * call to 1021 is turned away (486) without ringing there.
 *
 * 1001 sees 1021 through a BLF key (the function keys screen) and has 1021 as a favourite: both
 * ask the presence store to watch 1021, over one presence and one dialog subscription.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchParties, type Parties } from './support/parties';
import { APP_URL } from './support/env';
import { callPanel, dial, expectOnline, hangUpAll, signIn } from './support/app';
import { ARTIFACTS } from './support/env';

const SHOTS = join(ARTIFACTS, 'screens');
let parties: Parties;
let a: Page; // 1001, watching
let b: Page; // 1021, whose status changes
let c: Page; // 1022

test.describe.configure({ mode: 'serial' });

/** 1001's settings before signing in: 1021 is a favourite and has a BLF key. */
async function prepareWatcher(p: Page): Promise<void> {
  await p.goto(APP_URL);
  await p.evaluate(() => {
    const key = 'offhook.settings';
    const current = JSON.parse(localStorage.getItem(key) ?? '{}') as Record<string, unknown>;
    localStorage.setItem(
      key,
      JSON.stringify({
        ...current,
        colleagues: { favourites: ['1021'], showUnregistered: true },
        functionKeys: { keys: [{ id: 'k1021', type: 'blf', label: '', value: '1021' }] },
      }),
    );
  });
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  parties = await launchParties([500, 800, 1200]);
  [a, b, c] = parties.pages as [Page, Page, Page];
  await prepareWatcher(a);
  await Promise.all([signIn(a, '1001'), signIn(b, '1021'), signIn(c, '1022')]);
  await Promise.all([expectOnline(a), expectOnline(b), expectOnline(c)]);
  await a.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Keys' }).click();
});

test.afterAll(async () => {
  await hangUpAll(a, b, c).catch(() => undefined);
  await parties?.close();
});

const keyFor1021 = () => a.getByRole('button', { name: /1021, / });
const myStatus = (p: Page) => p.getByTestId('my-status');

/** Records (in 1001's page) when 1021's key first says `state`: Date.now() is one clock for all pages. */
async function whenKeySays(state: string): Promise<void> {
  await a.evaluate((want) => {
    const w = window as unknown as { __seen?: Record<string, number> };
    w.__seen ??= {};
    const seen = w.__seen;
    const look = () => {
      const el = [...document.querySelectorAll('[aria-label]')].find((e) => /1021, /.test(e.getAttribute('aria-label') ?? ''));
      if (el && el.getAttribute('aria-label')!.endsWith(want) && !seen[want]) seen[want] = Date.now();
    };
    new MutationObserver(look).observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
    look();
  }, state);
}
const seenAt = (state: string) => a.evaluate((s) => (window as unknown as { __seen?: Record<string, number> }).__seen?.[s] ?? null, state);

async function setStatus(p: Page, name: string, text = ''): Promise<number> {
  await myStatus(p).click();
  const menu = p.getByRole('dialog', { name: 'Set my status' });
  await menu.getByRole('radio', { name }).check();
  await menu.getByLabel('Status text').fill(text);
  const t0 = Date.now();
  await menu.getByRole('button', { name: 'Set status' }).click();
  return t0;
}

test('1001 sees 1021 available once both are signed in', async () => {
  await expect(keyFor1021()).toHaveAccessibleName(/, available$/, { timeout: 5000 });
  await expect(myStatus(b)).toHaveAccessibleName('My status: Available');
});

test('1021 sets Away with a text; 1001 sees it within 1 s', async () => {
  await whenKeySays('away');
  const t0 = await setStatus(b, 'Away', 'Back at 3');
  await expect(keyFor1021()).toHaveAccessibleName(/, away$/, { timeout: 3000 });
  const t1 = await seenAt('away');
  expect(t1).not.toBeNull();
  const ms = t1! - t0;
  console.log(`presence: 1021 Away -> 1001's key shows it in ${ms} ms`);
  expect(ms).toBeLessThanOrEqual(1000);
  await expect(myStatus(b)).toHaveAccessibleName('My status: Away');
  for (const theme of ['light', 'dark'] as const) {
    await b.emulateMedia({ colorScheme: theme });
    await myStatus(b).click();
    await b.waitForTimeout(150);
    await b.screenshot({ path: join(SHOTS, `status-menu.en.${theme}.png`) });
    await b.keyboard.press('Escape');
  }
  await b.emulateMedia({ colorScheme: 'light' });
  await expect(b.getByRole('dialog', { name: 'Set my status' })).toHaveCount(0);
});

test('1021 on a call with 1022: 1001 sees "on a call", and Away again afterwards', async () => {
  await dial(b, '1022');
  await c.getByRole('button', { name: 'Answer', exact: true }).click();
  await expect(keyFor1021()).toHaveAccessibleName(/, on a call$/, { timeout: 3000 });
  await hangUpAll(b);
  await expect(callPanel(c)).toHaveCount(0, { timeout: 8000 });
  await expect(keyFor1021()).toHaveAccessibleName(/, away$/, { timeout: 3000 });
});

test('do not disturb: a call to 1021 is declined (busy) and never rings there', async () => {
  await setStatus(b, 'Do not disturb');
  await expect(keyFor1021()).toHaveAccessibleName(/, do not disturb$/, { timeout: 3000 });
  await b.evaluate(() => {
    const w = window as unknown as { __rang?: boolean };
    w.__rang = false;
    new MutationObserver(() => {
      if (document.querySelector('[role=alertdialog]')) w.__rang = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await dial(a, '1021');
  await expect(callPanel(a)).toContainText('Busy', { timeout: 5000 });
  expect(await b.evaluate(() => (window as unknown as { __rang?: boolean }).__rang)).toBe(false);
  await hangUpAll(a);
  await setStatus(b, 'Available');
  await expect(keyFor1021()).toHaveAccessibleName(/, available$/, { timeout: 3000 });
});

test('a temporary status shows when it ends, on hover', async () => {
  await myStatus(b).click();
  const menu = b.getByRole('dialog', { name: 'Set my status' });
  await menu.getByRole('radio', { name: 'At lunch' }).check();
  await menu.getByRole('checkbox', { name: 'For a while only' }).check();
  await menu.getByLabel('Hours').fill('0');
  await menu.getByLabel('Minutes').fill('45');
  await menu.getByRole('button', { name: 'Set for this time' }).click();
  await expect(myStatus(b)).toHaveAccessibleName(/^My status: At lunch, until \d\d:\d\d/);
  await expect(myStatus(b)).toHaveAttribute('title', /until/);
  await expect(keyFor1021()).toHaveAccessibleName(/, at lunch$/, { timeout: 3000 });
  await myStatus(b).click();
  await b.getByRole('button', { name: 'End now' }).click();
  await expect(myStatus(b)).toHaveAccessibleName('My status: Available');
  await expect(keyFor1021()).toHaveAccessibleName(/, available$/, { timeout: 3000 });
});

test('1021 signs out: 1001 sees 1021 offline (the PBX notifies with no presence document)', async () => {
  await b.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await b.getByRole('button', { name: 'Sign out' }).click();
  await expect(b.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(keyFor1021()).toHaveAccessibleName(/, offline$/, { timeout: 5000 });
});
