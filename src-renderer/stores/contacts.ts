/** Personal contacts (C2–C5) as the screens see them; the work is in data/contacts and contacts/. */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { ContactRepo, contactDisplayName, emptyFields, newContactId, type Contact, type ContactFields, type NumberKind } from '../data/contacts';
import type { Colleague } from '../data/colleague';
import { contactFromColleague } from '../contacts/from-colleague';
import { analyseCsv, type AnalyseOptions, type Analysis } from '../contacts/csv-import';
import { blobChunks } from '../contacts/csv-reader';
import { contactsToCsvParts } from '../contacts/csv-export';
import { checkFields, type Problem } from '../contacts/validate';
import { useSettingsStore } from './settings';

export type SaveResult = { ok: true; contact: Contact } | { ok: false; problems: Problem[] };

const collator = new Intl.Collator();
const byName = (a: Contact, b: Contact): number => collator.compare(contactDisplayName(a), contactDisplayName(b));

export const useContactsStore = defineStore('contacts', () => {
  const repo = new ContactRepo();
  const settings = useSettingsStore();
  const list = shallowRef<Contact[]>([]); // replaced, never mutated: 100 000 contacts must not become proxies
  const all = computed(() => list.value);
  const region = (): string => settings.settings.contacts?.defaultRegion ?? 'CN';
  let loading: Promise<void> | null = null;

  async function load(): Promise<void> {
    loading ??= repo.list().then((cs) => {
      list.value = cs.sort(byName);
    });
    await loading;
  }

  function replace(contact: Contact): void {
    list.value = [...list.value.filter((c) => c.id !== contact.id), contact].sort(byName);
  }

  async function save(fields: ContactFields, existing?: Contact): Promise<SaveResult> {
    const { fields: clean, problems } = checkFields(fields, region());
    if (problems.length) return { ok: false, problems };
    const now = Date.now();
    const contact: Contact = { id: existing?.id ?? newContactId(), ...clean, createdAt: existing?.createdAt ?? now, updatedAt: now };
    await repo.put(contact);
    replace(contact);
    return { ok: true, contact };
  }

  const add = (fields: ContactFields): Promise<SaveResult> => save(fields);
  const update = (contact: Contact, fields: ContactFields): Promise<SaveResult> => save(fields, contact);

  async function remove(id: string): Promise<void> {
    await repo.remove(id);
    list.value = list.value.filter((c) => c.id !== id);
  }

  /** C4: a number from the call log put into one of an existing contact's number slots. */
  async function addNumber(contact: Contact, kind: NumberKind, number: string): Promise<SaveResult> {
    const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = contact;
    return update(contact, { ...fields, numbers: { ...contact.numbers, [kind]: number } });
  }

  /** C5: copy a colleague from the company directory; the copy is personal from then on. */
  const copyFromColleague = (colleague: Colleague): Promise<SaveResult> => add(contactFromColleague(colleague));

  /** C3 step 3: read and check the whole file; nothing is stored yet. */
  function analyse(file: Blob, options: Omit<AnalyseOptions, 'region' | 'yieldToUi'>): Promise<Analysis> {
    return analyseCsv(blobChunks(file), {
      ...options,
      region: region(),
      yieldToUi: () => new Promise((resolve) => setTimeout(resolve, 0)),
    });
  }

  /** C3 step 4: all of them in one transaction, or none. */
  async function commitImport(contacts: readonly Contact[]): Promise<void> {
    await repo.putAll(contacts);
    loading = null;
    await load();
  }

  function exportBlob(): Blob {
    return new Blob(contactsToCsvParts(list.value), { type: 'text/csv;charset=utf-8' });
  }

  return { all, region, load, add, update, remove, addNumber, copyFromColleague, analyse, commitImport, exportBlob, emptyFields };
});
