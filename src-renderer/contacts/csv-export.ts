/**
 * C3 export: RFC 4180 (comma, CRLF, fields quoted when they hold a comma, quote, CR or LF, quotes
 * doubled), UTF-8 with a BOM so Excel reads Chinese correctly, every cell passed through the
 * formula-injection guard (csv-guard.ts). The header is EXPORT_HEADER, which import maps by
 * itself, and the id and times are included, so export → import gives back the same contacts.
 */
import { type Contact } from '../data/contacts';
import { EXPORT_HEADER } from './csv-columns';
import { guardCell } from './csv-guard';

const COLUMNS = Object.keys(EXPORT_HEADER) as Array<keyof typeof EXPORT_HEADER>;
export const BOM = '\uFEFF';

export function csvCell(value: string): string {
  const v = guardCell(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function cellsOf(c: Contact): string[] {
  return COLUMNS.map((col) => {
    switch (col) {
      case 'business':
      case 'mobile':
      case 'home':
      case 'other':
        return c.numbers[col];
      case 'createdAt':
      case 'updatedAt':
        return new Date(c[col]).toISOString();
      default:
        return c[col];
    }
  });
}

/** The file's text in pieces (one per 1000 contacts) so a Blob can be built without one huge string. */
export function contactsToCsvParts(contacts: readonly Contact[]): string[] {
  const parts = [BOM + COLUMNS.map((col) => csvCell(EXPORT_HEADER[col])).join(',') + '\r\n'];
  for (let i = 0; i < contacts.length; i += 1000) {
    parts.push(contacts.slice(i, i + 1000).map((c) => cellsOf(c).map(csvCell).join(',') + '\r\n').join(''));
  }
  return parts;
}

export const exportFileName = (date = new Date()): string => `offhook-contacts-${date.toISOString().slice(0, 10)}.csv`;
