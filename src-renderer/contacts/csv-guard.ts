/**
 * Spreadsheet formula injection (CSV injection): a cell that starts with = + - @ tab or CR may be
 * run as a formula when the file is opened in Excel/LibreOffice/Sheets. Export prefixes such cells
 * with an apostrophe (OWASP's advice); import takes exactly one apostrophe off again.
 *
 * The rule is made exactly reversible:
 *   guard(v)   = "'" + v   when v is  '*  followed by one of = + - @ \t \r   (any apostrophes first),
 *                v         otherwise, and for a stored phone number in E.164 form ('+8613800138000').
 *   unguard(w) = w minus its first character  when w is  '+ followed by one of = + - @ \t \r,
 *                w         otherwise.
 * A value the user wrote as "'=x" is exported as "''=x" and comes back as "'=x"; a value that
 * does not need guarding never matches unguard's pattern, so unguard(guard(v)) = v for every v.
 * E.164 numbers ('+' and digits only) are left as they are: they cannot call a function, and a
 * prefix would make every exported number look broken; unguard leaves them alone too (no apostrophe).
 */
import { E164 } from './phone-numbers';

const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function guardCell(value: string): string {
  if (!NEEDS_GUARD.test(value) || E164.test(value)) return value;
  return `'${value}`;
}

export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}
