/**
 * Colleagues (B1–B4), the company directory (C1) and the unified search (F1), in the web build.
 * The desktop party has the fake preload bridge serving the test directory's 520 people
 * (tests/pbx/ldap-seed.ts, the same people slapd serves) as main would; the LDAP service itself is
 * tested against slapd in tests/unit/src-main/directory. The plain web party shows what the
 * browser offers: colleagues added by extension.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { DEFAULT_SETTINGS, type DirectoryPerson } from '../../src-preload/contract';
import { seedPeople, LDAP_PEOPLE_BASE } from '../pbx/ldap-seed';
import { launchParty } from './support/browser';
import { callPanel, expectOnline, hangUpAll, signIn } from './support/app';
import { bridgeCalls, installFakeDesktopBridge } from './support/fake-desktop-bridge';
import { APP_URL } from './support/env';

const PEOPLE: DirectoryPerson[] = seedPeople().map((p) => ({
  id: `uid=${p.uid},ou=${p.department},${LDAP_PEOPLE_BASE}`,
  name: p.cn,
  firstName: p.givenName,
  lastName: p.sn,
  extension: p.telephoneNumber,
  mobile: p.mobile,
  email: p.mail,
  department: p.department,
  title: p.title,
  company: 'Offhook Test',
}));
const SETTINGS = {
  ...DEFAULT_SETTINGS,
  directory: { ...DEFAULT_SETTINGS.directory, enabled: true, url: 'ldap://127.0.0.1:3389', baseDn: LDAP_PEOPLE_BASE },
};

let browsers: Browser[] = [];
let desk: Page; // 1012, with the fake desktop bridge
let web: Page; // 1013, a plain browser

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const parties = await Promise.all([launchParty(500), launchParty(800)]);
  browsers = parties.map((p) => p.browser);
  [desk, web] = parties.map((p) => p.page) as [Page, Page];
  await desk.addInitScript(installFakeDesktopBridge, SETTINGS);
  await desk.addInitScript((people) => {
    if (!sessionStorage.getItem('directory-set')) {
      localStorage.setItem('fake-bridge.directory', people);
      sessionStorage.setItem('directory-set', '1');
    }
  }, JSON.stringify(PEOPLE));
  await signIn(desk, '1012');
  await expectOnline(desk);
  await signIn(web, '1013');
  await expectOnline(web);
});

test.afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

test.afterEach(async () => {
  await hangUpAll(desk, web);
});

/** The fake bridge keeps secrets in memory, so after a reload the desktop party signs in again. */
async function reloadDesk(view: string): Promise<void> {
  await desk.reload();
  const signInButton = desk.getByRole('button', { name: 'Sign in' });
  await expect(signInButton.or(desk.locator('.reg'))).toBeVisible();
  if (await signInButton.isVisible()) {
    await signIn(desk, '1012');
    await expectOnline(desk);
  }
  await desk.goto(`${APP_URL}#${view}`);
}

/** A colleague's card, on the page or within a department's region. */
function card(scope: Page | Locator, name: string): Locator {
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  return scope.locator('.person').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
}

test('colleague cards are grouped by department, read page by page from the directory', async () => {
  await desk.goto(`${APP_URL}#colleagues`);
  const engineering = desk.getByRole('region', { name: 'Engineering', exact: true });
  await expect(card(engineering, '张三')).toBeVisible();
  await expect(desk.getByRole('region', { name: '研发部' })).toBeVisible();
  // 520 people, 500 per request.
  const searches = (await bridgeCalls(desk, 'directory.search')).map(([r]) => r);
  expect(searches).toEqual(expect.arrayContaining([{ query: '', page: 0, pageSize: 500 }, { query: '', page: 1, pageSize: 500 }]));
  await expect(desk.getByRole('button', { name: /^Show more \(460 left\)$/ })).toBeVisible();
});

test("search: 'zs' and 'zhangsan' find 张三; a number in another format finds its owner", async () => {
  const box = desk.getByRole('searchbox', { name: 'Search colleagues' });
  await box.fill('zs');
  await expect(card(desk, '张三')).toBeVisible();
  await expect(desk.locator('.person').first()).toContainText('张三');
  await box.fill('zhangsan');
  await expect(desk.locator('.person')).toHaveCount(1);
  await expect(card(desk, '张三')).toBeVisible();
  await box.fill('+86 138-0013-1002');
  await expect(desk.locator('.person')).toHaveCount(1);
  await expect(card(desk, '李四')).toBeVisible();
  await box.fill('1003@offhook');
  await expect(card(desk, '王五')).toBeVisible();
  await box.fill('');
});

test('a favourite comes first and stays after a reload', async () => {
  await desk.getByRole('button', { name: 'Favourite 李四' }).click();
  await expect(desk.getByRole('button', { name: 'Favourite 李四' })).toHaveAttribute('aria-pressed', 'true');
  await reloadDesk('colleagues');
  const favourites = desk.getByRole('region', { name: 'Favourites' });
  await expect(card(favourites, '李四')).toBeVisible();
  await expect(favourites.getByRole('button', { name: 'Favourite 李四' })).toHaveAttribute('aria-pressed', 'true');
  expect((await desk.evaluate(() => (window as any).__bridge.settings().colleagues.favourites)) as string[]).toEqual(['1002']);
});

test('card actions: call a colleague', async () => {
  await desk.locator('.person[data-extension="1013"]').getByRole('button', { name: 'Call Frank Davis', exact: true }).click();
  await expect(callPanel(desk)).toContainText('1013');
  await web.locator('.incoming').waitFor();
});

test('unified search: Enter calls the top match, arrows move through the matches', async () => {
  await desk.goto(`${APP_URL}#phone`);
  const box = desk.getByRole('searchbox', { name: 'Search or dial' });
  await box.click();
  await box.fill('frank da');
  const list = desk.getByRole('listbox', { name: 'Search results' });
  await expect(list.getByRole('option').first()).toContainText('Frank Davis');
  await box.press('Enter');
  await expect(callPanel(desk)).toContainText('1013');
  await web.locator('.incoming').waitFor();
  await hangUpAll(desk, web);

  await box.click();
  await box.fill('zhang');
  await expect(list.getByRole('option').first()).toContainText('张三');
  await expect(list.getByRole('option')).toHaveCount(8);
  await box.press('ArrowDown');
  await box.press('ArrowDown');
  const second = list.getByRole('option').nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!);
  await box.press('ArrowUp');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Escape');
  await expect(list).toBeHidden();
  await box.fill('');
});

test('the directory is shown from the saved copy when the server cannot be reached', async () => {
  await desk.evaluate(() => localStorage.setItem('fake-bridge.directory', 'down'));
  await reloadDesk('colleagues');
  await expect(desk.getByRole('status').filter({ hasText: /Showing the saved directory from .*: the server cannot be reached/ })).toBeVisible();
  await expect(card(desk, '张三')).toBeVisible();
});

test('in a plain browser: the directory says it needs the desktop app; colleagues are added by extension', async () => {
  await web.goto(`${APP_URL}#colleagues`);
  await expect(web.getByText('The company directory (LDAP) needs the desktop app')).toBeVisible();
  await web.getByRole('button', { name: 'Add colleague' }).click();
  const form = web.getByRole('form', { name: 'Add a colleague by extension' });
  await form.getByLabel('Extension').fill('1012');
  await form.getByLabel('Name', { exact: true }).fill('Desk Phone');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await web.reload();
  await expect(card(web, 'Desk Phone')).toBeVisible();
  await card(web, 'Desk Phone').getByRole('button', { name: 'Call Desk Phone', exact: true }).click();
  await expect(callPanel(web)).toContainText('1012');
  await desk.locator('.incoming').waitFor();
});
