/**
 * Turns what a person typed in "Search or dial" into a SIP URI, or says why it can't.
 *
 * Numbers are written with spaces, dashes, dots and brackets ("+86 (10) 1234-5678"); those are
 * dropped. A full SIP address is taken as it is when it parses.
 */
export type DialTarget = { ok: true; uri: string; number: string } | { ok: false; reason: 'empty' | 'invalid' | 'too-long' };

const SEPARATORS = /[\s\-().\u00a0\u2010-\u2015]/g;
const NUMBER = /^\+?[0-9A-Za-z*#_]+$/;
// The user part may not hold ':' (that would be a password) or markup characters.
const SIP_URI = /^(sips?):([^@\s<>"':;/\\]+)@([A-Za-z0-9.\-[\]:]+)$/i;

export function toDialTarget(input: string, domain: string): DialTarget {
  const raw = input.trim();
  if (!raw) return { ok: false, reason: 'empty' };
  if (raw.length > 256) return { ok: false, reason: 'too-long' };
  const withScheme = /^sips?:/i.test(raw) ? raw : raw.includes('@') ? `sip:${raw}` : null;
  if (withScheme) {
    const m = SIP_URI.exec(withScheme);
    if (!m || !m[2] || !m[3]) return { ok: false, reason: 'invalid' };
    return { ok: true, uri: `${m[1]!.toLowerCase()}:${m[2]}@${m[3]}`, number: m[2] };
  }
  const number = raw.replace(SEPARATORS, '');
  if (number.length > 64) return { ok: false, reason: 'too-long' };
  if (!NUMBER.test(number)) return { ok: false, reason: 'invalid' };
  return { ok: true, uri: `sip:${number}@${domain}`, number };
}
