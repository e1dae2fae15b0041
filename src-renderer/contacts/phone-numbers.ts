/**
 * Contact numbers: stored as E.164 so a number typed '138 0013 8000' (default region CN) and one
 * imported as '+86 138-0013-8000' are the same number, and displayed formatted. Extensions and
 * feature codes ('1002', '*97') have no E.164 form: they are kept as typed.
 * libphonenumber-js carries Google's numbering-plan metadata (the 'min' set, ~80 kB).
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Short numbers and extensions: up to 6 digits, * and #, as a PBX dials them. */
const SHORT = /^[*#]?[0-9*#]{1,6}$/;
/** What a stored value looks like once normalised; export leaves these alone (see csv-guard.ts). */
export const E164 = /^\+[1-9]\d{1,14}(;ext=\d{1,10})?$/;
const ALLOWED = /^[+0-9()\-.\s/*#extEXT;=:]+$/;

export type NormalisedNumber = { ok: true; value: string } | { ok: false };

export function regionOrDefault(region: string): CountryCode {
  return isSupportedCountry(region) ? (region as CountryCode) : 'CN';
}

export function normaliseNumber(raw: string, region: string): NormalisedNumber {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  if (SHORT.test(text)) return { ok: true, value: text };
  if (text.length > 40 || !ALLOWED.test(text)) return { ok: false };
  const parsed = parsePhoneNumberFromString(text, regionOrDefault(region));
  if (!parsed || !parsed.isPossible()) return { ok: false };
  const value = parsed.ext ? `${parsed.number};ext=${parsed.ext}` : String(parsed.number);
  return { ok: true, value };
}

/** For display: national format in the default region, international elsewhere; short numbers as typed. */
export function formatNumber(stored: string, region: string): string {
  if (!stored.startsWith('+')) return stored;
  const [number, ext] = stored.split(';ext=');
  const parsed = parsePhoneNumberFromString(number!);
  if (!parsed) return stored;
  const shown = parsed.country === regionOrDefault(region) ? parsed.formatNational() : parsed.formatInternational();
  return ext ? `${shown} ext. ${ext}` : shown;
}
