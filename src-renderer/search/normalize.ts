/** How typed text and stored values are compared: case-folded text, and numbers as digits only. */

/** '+86 138-0013-8000' → '8613800138000'. */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

export function foldText(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().trim();
}

/** Looks like a phone number being typed: digits with the usual separators, maybe a leading + or 00. */
export function isNumberQuery(text: string): boolean {
  return /^\+?[\d\s().\-/]+$/.test(text.trim()) && /\d/.test(text);
}

/**
 * The digit strings a typed number may appear as in stored numbers. '+86 138…' is also sought
 * without its country code (stored as a national number), and '0755…' without the trunk 0
 * (stored as +86 755…). Country codes are 1–3 digits; a longer prefix is never stripped, and
 * short numbers (extensions) are taken as they are.
 */
export function numberVariants(text: string): string[] {
  const digits = digitsOf(text);
  const out = [digits];
  const trimmed = text.trim();
  const international = trimmed.startsWith('+') || digits.startsWith('00');
  const national = international ? (trimmed.startsWith('+') ? digits : digits.slice(2)) : digits;
  if (international && national.length >= 7) {
    if (national !== digits) out.push(national);
    for (let cc = 1; cc <= 3; cc++) out.push(national.slice(cc));
  } else if (!international && digits.length >= 6 && digits.startsWith('0')) {
    out.push(digits.slice(1));
  }
  return [...new Set(out)];
}
