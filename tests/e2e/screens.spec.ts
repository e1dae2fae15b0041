/**
 * Every screen in both themes and both languages: saved as screenshots for people to look at
 * (tests/.artifacts/screens), and checked for controls without an accessible name and for
 * keyboard reachability.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchParty } from './support/browser';
import { expectOnline, hangUpAll, screenshotTall, signIn } from './support/app';
import { ARTIFACTS, APP_URL } from './support/env';

const SHOTS = join(ARTIFACTS, 'screens');
let browsers: Browser[] = [];
let a: Page;
let b: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const parties = await Promise.all([launchParty(500), launchParty(800)]);
  browsers = parties.map((p) => p.browser);
  [a, b] = parties.map((p) => p.page) as [Page, Page];
});

test.afterAll(async () => {
  await Promise.all(browsers.map((br) => br.close()));
});

/** Controls a screen reader could not name. */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: Element): boolean => {
      const label = el.getAttribute('aria-label') ?? '';
      const labelledBy = el.getAttribute('aria-labelledby');
      const id = el.getAttribute('id');
      const forLabel = id ? document.querySelector(`label[for="${id}"]`) : null;
      const wrapped = el.closest('label');
      return Boolean(label.trim() || labelledBy || forLabel || wrapped || (el.textContent ?? '').trim());
    };
    return [...document.querySelectorAll('button, input, select, textarea, a[href]')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

async function look(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150); // let transitions settle
  await page.mouse.move(0, 0); // no hover highlight in the picture
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
}

async function setLook(page: Page, language: 'en' | 'zh-CN', theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate(
    ([language, theme]) => {
      const key = 'offhook.settings';
      for (const storage of [localStorage, sessionStorage]) {
        const current = JSON.parse(storage.getItem(key) ?? 'null');
        if (current) storage.setItem(key, JSON.stringify({ ...current, language, theme }));
      }
    },
    [language, theme] as const,
  );
}

const LOOKS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['zh-CN', 'light'],
  ['zh-CN', 'dark'],
] as const;

test('sign-in screen', async () => {
  for (const [lang, theme] of LOOKS) {
    await a.emulateMedia({ colorScheme: theme });
    await a.goto(APP_URL);
    if (lang === 'zh-CN') await a.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await look(a, `sign-in.${lang}.${theme}`);
    await a.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
  }
  await a.emulateMedia({ colorScheme: 'light' });
});

test('the sign-in form works with the keyboard alone', async () => {
  await a.goto(APP_URL);
  await a.getByLabel('Server').focus();
  await a.keyboard.type('ws://127.0.0.1:15066');
  await a.keyboard.press('Tab');
  await a.keyboard.type('1006');
  await a.keyboard.press('Tab');
  await a.keyboard.type('pw1006');
  await a.keyboard.press('Enter');
  await expectOnline(a);
});

test('main screens, a call, an incoming call', async () => {
  await signIn(b, '1007');
  await expectOnline(b);
  for (const [lang, theme] of LOOKS) {
    for (const page of [a, b]) {
      await setLook(page, lang, theme);
      await page.reload();
      await page.locator('.reg[data-state="registered"]').waitFor();
    }
    const tag = `${lang}.${theme}`;
    await a.locator('.reg[data-state="registered"]').waitFor();
    await b.locator('.reg[data-state="registered"]').waitFor();
    await a.goto(`${APP_URL}#phone`);
    await a.getByRole('searchbox').fill('1007');
    await look(a, `phone.${tag}`);
    await a.getByRole('searchbox').press('Enter');
    await b.locator('.incoming').waitFor();
    await look(b, `incoming.${tag}`);
    await b.locator('.incoming button.ok').click();
    await a.locator('.call-panel[data-state="active"]').waitFor();
    await a.locator('.call-panel .controls button').nth(2).click(); // keypad
    await look(a, `in-call.${tag}`);
    await a.locator('.record-controls button').first().click(); // record
    await a.getByTestId('recording-indicator').waitFor();
    await a.waitForTimeout(2200);
    await look(a, `in-call-recording.${tag}`);
    await a.locator('.record-controls button').last().click(); // stop recording
    await a.locator('.record-controls .indicator').waitFor({ state: 'detached' });
    await a.locator('.call-panel button.danger').first().click();
    await a.locator('.call-panel').waitFor({ state: 'detached' });
    await a.goto(`${APP_URL}#history`);
    await look(a, `call-log.${tag}`);
    await a.goto(`${APP_URL}#recordings`);
    await a.locator('.recordings .entry').first().waitFor();
    await a.locator('.recordings .entry button.icon').first().click(); // play the newest
    await a.locator('.recordings audio').waitFor();
    await look(a, `recordings.${tag}`);
    await a.goto(`${APP_URL}#settings`);
    await look(a, `settings.${tag}`);
    await screenshotTall(a, join(SHOTS, `settings-full.${tag}.png`));
  }
  await hangUpAll(a, b);
});

test('the incoming-call popup window page: stacked calls, named buttons, both themes and languages', async () => {
  const page = await browsers[0]!.newPage({ viewport: { width: 360, height: 260 } });
  await page.addInitScript(() => {
    const acted: Array<[string, string]> = [];
    (window as unknown as { __acted: typeof acted }).__acted = acted;
    (window as unknown as { offhookPopup: unknown }).offhookPopup = {
      onCalls(listener: (calls: unknown[], language: string) => void) {
        const language = new URLSearchParams(location.search).get('lang') ?? 'en';
        listener(
          [
            { callId: 'c1', name: '张三', number: '1003', waiting: false },
            { callId: 'c2', name: '', number: '+86 10 1234 5678', waiting: true },
          ],
          language,
        );
        return () => undefined;
      },
      act: async (callId: string, action: string) => void acted.push([callId, action]),
    };
  });
  for (const [lang, theme] of LOOKS) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(`${APP_URL}popup/popup.html?lang=${lang}`);
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(SHOTS, `popup.${lang}.${theme}.png`) });
    expect(await unnamedControls(page), `unnamed controls on the popup (${lang})`).toEqual([]);
  }
  await page.goto(`${APP_URL}popup/popup.html?lang=en`);
  await page.getByRole('button', { name: 'Answer' }).first().click();
  expect(await page.evaluate(() => (window as unknown as { __acted: unknown }).__acted)).toEqual([['c1', 'answer']]);
  await page.close();
});
