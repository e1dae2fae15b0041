/** One set of rules for a contact, whether typed into the form or read from a CSV row. */
import { NUMBER_KINDS, type ContactFields, type NumberKind } from '../data/contacts';
import { normaliseNumber } from './phone-numbers';

export type TextField = 'firstName' | 'lastName' | 'company' | 'title' | 'email' | 'notes';
export type FieldName = TextField | NumberKind;

export const MAX_LENGTH: Record<FieldName, number> = {
  firstName: 100,
  lastName: 100,
  company: 200,
  title: 200,
  email: 254,
  notes: 10_000,
  business: 40,
  mobile: 40,
  home: 40,
  other: 40,
};

export type Problem =
  | { code: 'missingName' }
  | { code: 'tooLong'; field: FieldName | 'id'; max: number }
  | { code: 'badNumber'; field: NumberKind; value: string }
  | { code: 'badEmail'; value: string };

/** Deliberately loose (one @, a dot in the domain, no spaces): the mail server is the real judge. */
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\].]{2,}$/;

/** Trimmed and normalised fields, or the reasons they cannot be stored. */
export function checkFields(input: ContactFields, region: string): { fields: ContactFields; problems: Problem[] } {
  const problems: Problem[] = [];
  const text = (field: TextField): string => {
    const v = field === 'notes' ? input.notes.replace(/\s+$/, '') : input[field].trim();
    if (v.length > MAX_LENGTH[field]) problems.push({ code: 'tooLong', field, max: MAX_LENGTH[field] });
    return v;
  };
  const fields: ContactFields = {
    firstName: text('firstName'),
    lastName: text('lastName'),
    company: text('company'),
    title: text('title'),
    email: text('email'),
    notes: text('notes'),
    numbers: { business: '', mobile: '', home: '', other: '' },
  };
  if (!fields.firstName && !fields.lastName && !fields.company) problems.push({ code: 'missingName' });
  for (const kind of NUMBER_KINDS) {
    const raw = input.numbers[kind];
    if (raw.length > MAX_LENGTH[kind]) {
      problems.push({ code: 'tooLong', field: kind, max: MAX_LENGTH[kind] });
      continue;
    }
    const n = normaliseNumber(raw, region);
    if (n.ok) fields.numbers[kind] = n.value;
    else problems.push({ code: 'badNumber', field: kind, value: raw.trim() });
  }
  if (fields.email && fields.email.length <= MAX_LENGTH.email && !EMAIL.test(fields.email)) problems.push({ code: 'badEmail', value: fields.email });
  return { fields, problems };
}
