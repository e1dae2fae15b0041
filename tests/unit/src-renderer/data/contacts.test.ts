/** The contacts database on fake-indexeddb (real IndexedDB semantics: transactions, abort, keys). */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ContactRepo, contactDisplayName, openContactsDb, type Contact } from '../../../../src-renderer/data/contacts';
import { analyseCsv } from '../../../../src-renderer/contacts/csv-import';
import { chunked, makeCsv, utf8 } from '../contacts/csv-fixtures';

let repo: ContactRepo;
let dbName = 0;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  const name = `contacts-${++dbName}`;
  repo = new ContactRepo(() => openContactsDb(name));
});

const contact = (id: string, over: Partial<Contact> = {}): Contact => ({
  id,
  firstName: 'Ada',
  lastName: 'Lovelace',
  company: '',
  title: '',
  numbers: { business: '', mobile: '', home: '', other: '' },
  email: '',
  notes: '',
  createdAt: 1,
  updatedAt: 2,
  ...over,
});

describe('ContactRepo', () => {
  it('adds, updates, lists and removes', async () => {
    await repo.put(contact('a'));
    await repo.put(contact('b', { firstName: 'Bob' }));
    await repo.put(contact('a', { firstName: 'Augusta' }));
    expect((await repo.list()).map((c) => c.firstName).sort()).toEqual(['Augusta', 'Bob']);
    await repo.remove('a');
    expect((await repo.list()).map((c) => c.id)).toEqual(['b']);
  });

  it('putAll stores everything in one transaction, or nothing when one value is refused', async () => {
    await repo.put(contact('keep'));
    const bad = { ...contact('x'), id: undefined } as unknown as Contact; // no key: put() throws
    await expect(repo.putAll([contact('n1'), contact('n2'), bad, contact('n3')])).rejects.toThrow();
    expect((await repo.list()).map((c) => c.id)).toEqual(['keep']);
    await repo.putAll([contact('n1'), contact('n2')]);
    expect((await repo.list()).map((c) => c.id).sort()).toEqual(['keep', 'n1', 'n2']);
  });
});

describe('CSV import into the database: the user’s choice decides', () => {
  it('100 000 rows with 50 bad: "import the valid rows" stores 99 950, "cancel" stores nothing', async () => {
    const { text } = makeCsv(100_000, 50);
    const analysis = await analyseCsv(chunked(utf8(text), 1 << 16), { region: 'CN' });
    expect(analysis.errorCount).toBe(50);
    // Cancel: the screen never calls putAll, and reading stored nothing on its own.
    expect(await repo.list()).toEqual([]);
    await repo.putAll(analysis.valid);
    const stored = await repo.list();
    expect(stored).toHaveLength(99_950);
    expect(new Set(stored.map((c) => c.id))).toEqual(new Set(analysis.valid.map((c) => c.id)));
  }, 120_000);
});

describe('contactDisplayName', () => {
  it('puts Chinese family names first without a space', () => {
    expect(contactDisplayName(contact('a', { firstName: '三', lastName: '张' }))).toBe('张三');
    expect(contactDisplayName(contact('a'))).toBe('Ada Lovelace');
    expect(contactDisplayName(contact('a', { firstName: '', lastName: '', company: 'ACME' }))).toBe('ACME');
  });
});
