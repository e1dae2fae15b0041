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
import { APP_URL } from './support/env';
import { LOOKS, SHOTS, look, unnamedControls } from './support/look';

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

test('function keys: the panel with lamps, the edit mode and the key editor', async () => {
  const keys = [
    { id: 'k1', type: 'blf', label: 'Anna Li', value: '1007' },
    { id: 'k2', type: 'blf', label: '', value: '1019' },
    { id: 'k3', type: 'speed-dial', label: 'Reception', value: '+86 10 1234 5678' },
    { id: 'k4', type: 'voicemail', label: 'Sales mailbox', value: '1010' },
    { id: 'k5', type: 'dtmf', label: 'Bridge PIN', value: '4711#' },
    { id: 'k6', type: 'park', label: '', value: '' },
    { id: 'k7', type: 'retrieve', label: 'Slot 1', value: '1' },
    { id: 'k8', type: 'intercom', label: 'Boss', value: '1002' },
    { id: 'k9', type: 'agent-login', label: 'Queue 400', value: '400' },
    { id: 'k10', type: 'agent-pause', label: '', value: '' },
    { id: 'k11', type: 'none', label: '', value: '' },
  ];
  await a.evaluate((keys) => {
    for (const storage of [localStorage, sessionStorage]) {
      const current = JSON.parse(storage.getItem('offhook.settings') ?? 'null');
      if (current) storage.setItem('offhook.settings', JSON.stringify({ ...current, functionKeys: { ...current.functionKeys, keys } }));
    }
  }, keys);
  for (const [lang, theme] of LOOKS) {
    await setLook(a, lang, theme);
    await a.emulateMedia({ colorScheme: theme });
    await a.goto(`${APP_URL}#keys`);
    await a.reload();
    await a.locator('.reg[data-state="registered"]').waitFor();
    await a.locator('.keys .key').first().waitFor();
    await look(a, `function-keys.${lang}.${theme}`);
    await a.locator('.keys .head button[aria-pressed]').click(); // edit mode
    await look(a, `function-keys-edit.${lang}.${theme}`);
    await a.locator('.keys .head button').first().click(); // add key
    await a.locator('#fk-value').fill('10 02');
    await a.locator('#fk-label').focus();
    await look(a, `function-keys-editor.${lang}.${theme}`);
  }
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

test('contacts: the list and the import dialog with errors', async () => {
  const csv =
    '\uFEFF姓,名,公司,职位,手机,电话,邮箱,备注\r\n' +
    '张,三,示例科技有限公司,工程师,13800138000,1002,zhang@example.cn,\r\n' +
    ',,,,13900000000,,,\r\n' +
    'Lovelace,Ada,Analytical Engines,Programmer,+44 20 7946 0018,,ada@example.com,\r\n' +
    '王,五,,,not a number,,wang@,\r\n';
  const pick = () => a.getByTestId('contacts-import-file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = a.getByRole('dialog', { name: /Import contacts|导入联系人/ });
  await a.goto(APP_URL);
  await a.locator('.reg').or(a.getByLabel('Server')).first().waitFor();
  if (await a.getByLabel('Server').isVisible()) {
    await signIn(a, '1006'); // when this test runs alone
    await expectOnline(a);
  }
  for (const [i, [lang, theme]] of LOOKS.entries()) {
    await setLook(a, lang, theme);
    await a.goto(`${APP_URL}#contacts`);
    await a.reload();
    const tag = `${lang}.${theme}`;
    await pick();
    await dialog.locator('form button.primary').click(); // read and check
    await dialog.locator('.errors li').first().waitFor();
    await look(a, `contacts-import-errors.${tag}`);
    await dialog.locator('.actions button').nth(i === 0 ? 0 : 1).click(); // the first time import the valid rows, then cancel
    await dialog.locator('.actions button').first().click(); // close
    if (i === 0) await a.locator('.contacts .contact').first().waitFor();
    await look(a, `contacts.${tag}`);
  }
});

test('colleagues: cards by department (added by extension in the browser) and the search box’s results', async () => {
  for (const [i, [lang, theme]] of LOOKS.entries()) {
    await setLook(a, lang, theme);
    await a.goto(`${APP_URL}#colleagues`);
    await a.reload();
    const tag = `${lang}.${theme}`;
    if (i === 0) {
      for (const [ext, name] of [['1007', '张三'], ['1008', 'Alice Smith'], ['1009', '李四']] as const) {
        await a.locator('.colleagues .head button').last().click(); // add colleague
        await a.locator('#new-ext').fill(ext);
        await a.locator('#new-name').fill(name);
        await a.locator('.colleagues form.add button[type="submit"]').click();
      }
      await a.locator('.colleagues .person .star').first().click(); // a favourite
    }
    await a.locator('.colleagues .person').nth(2).waitFor();
    await look(a, `colleagues.${tag}`);
    const box = a.locator('.dial-box input');
    await box.click();
    await box.fill('zs');
    await a.getByRole('listbox').getByRole('option').first().waitFor();
    await box.press('ArrowDown');
    await look(a, `search-results.${tag}`);
    await box.fill('');
  }
});
