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

/**
 * Parsing is most of an import's time (~6 µs a number), and an address book repeats numbers a lot
 * (the switchboard, the office line of a whole department): remember recent answers. Bounded, so
 * a million-row file does not keep a million entries.
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, NormalisedNumber>();

export function normaliseNumber(raw: string, region: string): NormalisedNumber {
  const text = raw.trim();
  if (text === '') return { ok: true, value: '' };
  if (SHORT.test(text)) return { ok: true, value: text };
  if (text.length > 40 || !ALLOWED.test(text)) return { ok: false };
  const key = `${region}\u0000${text}`;
  const known = memo.get(key);
  if (known) return known;
  const parsed = parsePhoneNumberFromString(text, regionOrDefault(region));
  const result: NormalisedNumber =
    parsed && parsed.isPossible() ? { ok: true, value: parsed.ext ? `${parsed.number};ext=${parsed.ext}` : String(parsed.number) } : { ok: false };
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, result);
  return result;
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
