/**
 * "Search or dial" accepts a name as well as a number: a name is looked up among the people we
 * know (the call log for now) and replaced by their number; anything else is dialled as typed.
 */
import type { CallLogEntry } from '../../data/db';

export function resolveTarget(input: string, known: readonly Pick<CallLogEntry, 'remote'>[]): string {
  const text = input.trim();
  if (!text || /^[+\d*#]/.test(text) || text.includes('@') || /^sips?:/i.test(text)) return text;
  const wanted = text.toLocaleLowerCase();
  const match =
    known.find((e) => e.remote.name.toLocaleLowerCase() === wanted) ??
    known.find((e) => e.remote.name.toLocaleLowerCase().startsWith(wanted));
  return match?.remote.number || text;
}
