/**
 * C2–C3 in the web build: add, edit and delete a personal contact; import a CSV with a BOM and two
 * bad rows (errors listed by line, only the valid rows imported when asked); export → import
 * gives back the same contacts; a file name of 127 characters is refused before reading.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { launchParty } from './support/browser';
import { expectOnline, signIn } from './support/app';
import { APP_URL } from './support/env';

let browser: Browser;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  ({ browser, page } = await launchParty(500));
  await signIn(page, '1018');
  await expectOnline(page);
  await page.goto(`${APP_URL}#contacts`);
  await clearContacts();
});

test.afterAll(async () => {
  await clearContacts().catch(() => undefined);
  await browser.close();
});

/** What IndexedDB holds, read the way the app stores it. */
async function storedContacts(): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('offhook-contacts');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('contacts').objectStore('contacts').getAll();
          req.onsuccess = () => (open.result.close(), resolve(req.result));
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

async function clearContacts(): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('offhook-contacts', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('contacts', { keyPath: 'id' });
        open.onsuccess = () => {
          const tx = open.result.transaction('contacts', 'readwrite');
          tx.objectStore('contacts').clear();
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
}

const contactsView = () => page.getByRole('region', { name: 'Contacts' });
const importDialog = () => page.getByRole('dialog', { name: 'Import contacts' });

async function importFile(name: string, content: string | Buffer): Promise<void> {
  await page.getByTestId('contacts-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
  await expect(importDialog()).toBeVisible();
}

test('add, edit and delete a contact, with validation messages', async () => {
  await page.getByRole('button', { name: 'New contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByLabel('Mobile').fill('call me');
  await form.getByLabel('E-mail').fill('nope');
  await form.getByRole('button', { name: 'Save' }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('no name');
  await expect(alert).toContainText('Mobile “call me” is not a phone number');
  await expect(alert).toContainText('“nope” is not an e-mail address');

  await form.getByLabel('First name').fill('Ada');
  await form.getByLabel('Last name').fill('Lovelace');
  await form.getByLabel('Mobile').fill('138 0013 8000');
  await form.getByLabel('Business phone').fill('1002');
  await form.getByLabel('E-mail').fill('ada@example.com');
  await form.getByLabel('E-mail').press('Enter'); // the form submits from the keyboard
  await expect(form).toBeHidden();
  const item = contactsView().getByRole('listitem').filter({ hasText: 'Ada Lovelace' });
  await expect(item).toContainText('138 0013 8000');
  await expect(item.getByRole('button', { name: 'Call Ada Lovelace on 1002' })).toBeVisible();
  expect((await storedContacts())[0]).toMatchObject({ firstName: 'Ada', numbers: { mobile: '+8613800138000', business: '1002' } });

  await item.getByRole('button', { name: 'Edit Ada Lovelace' }).click();
  const edit = page.getByRole('form', { name: 'Edit contact' });
  await expect(edit.getByLabel('Mobile')).toHaveValue('+8613800138000');
  await edit.getByLabel('Company').fill('Analytical Engines');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(item).toContainText('Analytical Engines');

  await item.getByRole('button', { name: 'Delete Ada Lovelace' }).click();
  await item.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(contactsView().getByText('No contacts yet.')).toBeVisible();
  expect(await storedContacts()).toEqual([]);
});

const SMALL_CSV =
  '\uFEFF姓,名,公司,职位,手机,电话,邮箱,备注\r\n' +
  '张,三,示例公司,工程师,13800138000,1002,zhang@example.cn,"两行\r\n备注"\r\n' +
  ',,,,13900000000,,,\r\n' + // line 4: no name
  '李,四,,,+1 650 253 0000,,li@example.com,\r\n' +
  '王,五,,,not a number,,,\r\n' + // line 6: bad number
  'Smith,Jane,ACME,CEO,,*97,jane@acme.example,=HYPERLINK("x")\r\n';

test('importing a CSV with a BOM and two bad rows: errors by line, then only the valid rows', async () => {
  await importFile('contacts.csv', SMALL_CSV);
  const dialog = importDialog();
  await expect(dialog.getByLabel('Column “手机”')).toHaveValue('mobile');
  await dialog.getByRole('button', { name: 'Read and check' }).click();
  await expect(dialog.getByRole('status')).toHaveText('5 rows: 3 valid, 2 with errors.');
  const errors = dialog.getByRole('list', { name: 'Rows with errors' }).getByRole('listitem');
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toHaveText(/^Line 4: no name/);
  await expect(errors.nth(1)).toHaveText('Line 6: Mobile “not a number” is not a phone number');
  expect(await storedContacts()).toEqual([]); // nothing before the user chooses
  await dialog.getByRole('button', { name: 'Import the 3 valid rows' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('3 contacts imported.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(contactsView().getByText('3 contacts')).toBeVisible();
  const stored = await storedContacts();
  expect(stored.map((c) => c.firstName).sort()).toEqual(['Jane', '三', '四'].sort());
  expect(stored.find((c) => c.firstName === '三')).toMatchObject({ lastName: '张', notes: '两行\r\n备注', numbers: { mobile: '+8613800138000', business: '1002' } });
});

test('cancelling after the check imports nothing', async () => {
  const before = await storedContacts();
  await importFile('more.csv', 'First Name,Mobile Phone\nEve,13700000000\n,bad\n');
  await importDialog().getByRole('button', { name: 'Read and check' }).click();
  await expect(importDialog().getByRole('status')).toHaveText('2 rows: 1 valid, 1 with errors.');
  await importDialog().getByRole('button', { name: 'Cancel' }).click();
  await expect(importDialog().getByRole('alert')).toHaveText('Import cancelled: nothing was imported.');
  await importDialog().getByRole('button', { name: 'Close' }).click();
  expect(await storedContacts()).toEqual(before);
});

test('export → import gives back exactly the same contacts', async () => {
  const before = await storedContacts();
  expect(before).toHaveLength(3);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = readFileSync(await (await download).path());
  expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // UTF-8 BOM for Excel
  expect(file.toString('utf8')).toContain(`"'=HYPERLINK(""x"")"`); // formula guarded
  await clearContacts();
  expect(await storedContacts()).toEqual([]);
  await importFile((await download).suggestedFilename(), file);
  await importDialog().getByRole('button', { name: 'Read and check' }).click();
  await importDialog().getByRole('button', { name: 'Import 3 contacts' }).click();
  await importDialog().getByRole('button', { name: 'Close' }).click();
  const byId = (cs: Array<Record<string, unknown>>) => [...cs].sort((x, y) => String(x.id).localeCompare(String(y.id)));
  expect(byId(await storedContacts())).toEqual(byId(before));
});

test('a file name of 127 characters is refused before reading', async () => {
  await importFile(`${'n'.repeat(123)}.csv`, SMALL_CSV);
  await expect(importDialog().getByRole('alert')).toHaveText('File names of 127 characters or more are not accepted. Rename the file and try again.');
  await expect(importDialog().getByRole('button', { name: 'Read and check' })).toHaveCount(0);
  await importDialog().getByRole('button', { name: 'Close' }).click();
  await expect(importDialog()).toBeHidden();
});
