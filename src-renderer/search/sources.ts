/** What each source looks like in the search index. */
import type { Colleague } from '../data/colleague';
import type { CallLogEntry } from '../data/db';
import type { SearchEntry } from './search-index';

/** The shape of a personal contact the search reads (data/contacts.ts's Contact fits). */
export interface ContactLike {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  numbers: { business: string; mobile: string; home: string; other: string };
  email: string;
}

/** Chinese names run family name first without a space ("张三"); others "First Last". */
export function personName(firstName: string, lastName: string): string {
  const han = /\p{Script=Han}/u;
  if (han.test(firstName) || han.test(lastName)) return `${lastName}${firstName}`;
  return [firstName, lastName].filter(Boolean).join(' ');
}

export function colleagueEntry(c: Colleague): SearchEntry {
  const numbers: SearchEntry['numbers'] = [];
  if (c.extension) numbers.push({ label: 'extension', value: c.extension });
  if (c.mobile) numbers.push({ label: 'mobile', value: c.mobile });
  return { kind: 'colleague', id: c.id, name: c.name, numbers, email: c.email, company: c.company, detail: [c.department, c.title].filter(Boolean).join(' · ') };
}

export function contactEntry(c: ContactLike): SearchEntry {
  const numbers: SearchEntry['numbers'] = [];
  for (const label of ['business', 'mobile', 'home', 'other'] as const) {
    if (c.numbers[label]) numbers.push({ label, value: c.numbers[label] });
  }
  const name = personName(c.firstName, c.lastName) || c.company || c.email;
  return { kind: 'contact', id: c.id, name, numbers, email: c.email, company: c.company, detail: [c.title, c.company].filter(Boolean).join(' · ') };
}

/** One entry per number, the most recent call's (the log is newest first), so a search lists people, not calls. */
export function callEntries(entries: readonly Pick<CallLogEntry, 'id' | 'remote' | 'startedAt'>[]): SearchEntry[] {
  const seen = new Set<string>();
  const out: SearchEntry[] = [];
  for (const e of entries) {
    const number = e.remote.number;
    if (!number || seen.has(number)) continue;
    seen.add(number);
    out.push({ kind: 'call', id: e.id, name: e.remote.name, numbers: [{ label: 'number', value: number }], email: '', company: '', detail: '' });
  }
  return out;
}
