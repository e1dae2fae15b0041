/** A validation problem (form or CSV row) as a sentence. */
import type { RowProblem } from '../../contacts/csv-import';

type T = (key: string, values?: Record<string, unknown>) => string;

export function problemText(t: T, p: RowProblem): string {
  const field = 'field' in p ? t(`contacts.field.${p.field}`) : '';
  switch (p.code) {
    case 'missingName':
    case 'badQuotes':
      return t(`contacts.problem.${p.code}`);
    case 'tooLong':
      return t('contacts.problem.tooLong', { field, max: p.max });
    case 'badNumber':
    case 'badDate':
      return t(`contacts.problem.${p.code}`, { field, value: p.value });
    case 'badEmail':
      return t('contacts.problem.badEmail', { value: p.value });
    case 'tooManyColumns':
      return t('contacts.problem.tooManyColumns', { count: p.count, expected: p.expected });
  }
}
