/**
 * C2–C5: personal contacts, kept in their own IndexedDB database ('offhook-contacts') so that its
 * versions move independently of the call log's ('offhook', data/db.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const NUMBER_KINDS = ['business', 'mobile', 'home', 'other'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];
/** E.164 ('+8613800138000', optionally ';ext=12'), an extension or short code as typed ('1002', '*97'), or ''. */
export type ContactNumbers = Record<NumberKind, string>;

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  numbers: ContactNumbers;
  email: string;
  notes: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** What a person types or a CSV row holds: a contact without identity and times. */
export type ContactFields = Omit<Contact, 'id' | 'createdAt' | 'updatedAt'>;

export const emptyFields = (): ContactFields => ({
  firstName: '',
  lastName: '',
  company: '',
  title: '',
  numbers: { business: '', mobile: '', home: '', other: '' },
  email: '',
  notes: '',
});

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Chinese names read family name first and without a space (张 + 三 → 张三); others "First Last". */
export function contactDisplayName(c: Pick<Contact, 'firstName' | 'lastName' | 'company'> & { numbers?: ContactNumbers }): string {
  const { firstName: f, lastName: l } = c;
  if (f && l) return CJK.test(f) || CJK.test(l) ? `${l}${f}` : `${f} ${l}`;
  return f || l || c.company || (c.numbers ? NUMBER_KINDS.map((k) => c.numbers![k]).find(Boolean) ?? '' : '');
}

export const newContactId = (): string => crypto.randomUUID();

interface ContactsSchema extends DBSchema {
  contacts: { key: string; value: Contact };
}

export type ContactsDb = IDBPDatabase<ContactsSchema>;
export const CONTACTS_DB_VERSION = 1;

export function openContactsDb(name = 'offhook-contacts'): Promise<ContactsDb> {
  return openDB<ContactsSchema>(name, CONTACTS_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) db.createObjectStore('contacts', { keyPath: 'id' });
    },
  });
}

/** The repository the store uses; `putAll` is the CSV import's single all-or-nothing transaction. */
export class ContactRepo {
  private db: Promise<ContactsDb> | null = null;
  constructor(private readonly open: () => Promise<ContactsDb> = () => openContactsDb()) {}

  private get(): Promise<ContactsDb> {
    return (this.db ??= this.open());
  }

  async list(): Promise<Contact[]> {
    return (await this.get()).getAll('contacts');
  }

  async put(contact: Contact): Promise<void> {
    await (await this.get()).put('contacts', contact);
  }

  async remove(id: string): Promise<void> {
    await (await this.get()).delete('contacts', id);
  }

  /**
   * Every contact in ONE readwrite transaction: the requests are queued without awaiting each, and
   * a failing one aborts the transaction, so either all are stored or none.
   */
  async putAll(contacts: readonly Contact[]): Promise<void> {
    const tx = (await this.get()).transaction('contacts', 'readwrite');
    try {
      for (const c of contacts) void tx.store.put(c).catch(() => undefined); // a failed request surfaces through tx.done
    } catch (e) {
      // put() throws at once for a value without a key or one that cannot be cloned: undo the rest.
      tx.abort();
      await tx.done.catch(() => undefined);
      throw e;
    }
    await tx.done;
  }
}
