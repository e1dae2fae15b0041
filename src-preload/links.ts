/**
 * Click-to-call and provisioning links (K4, A2), parsed strictly. Pure; main parses what the OS
 * hands it (argv, open-url), the web build parses `?link=`. What arrives here was typed or crafted
 * by anyone who can put a link on a web page or in an e-mail, so besides the grammar:
 *
 * - control, zero-width and bidirectional-override characters are refused (they hide what a
 *   number or name really is: "\u202e1002" displays as something else);
 * - a provisioning link may carry only the known parameters, each at most once (a repeated
 *   `server=` could show one server in a preview and sign in to another);
 * - its server may not carry credentials (`wss://user:pass@host`) and must name a host;
 * - in `offhook://call?number=+44…` the '+' is the international prefix, not an encoded space.
 *
 * Refusal details are fixed phrases: nothing from the link is ever echoed back or logged.
 *
 *   sip:1002@pbx.example.com  sips:…  tel:+86-10-1234-5678  callto:1002  callto://1002
 *   offhook:1002  offhook://call?number=1002
 *   offhook://provision?server=wss://pbx.example.com/ws&extension=1001&authName=…&displayName=…&expires=<unix s>
 */
import type { IncomingLink } from './contract';

export const MAX_LINK_LENGTH = 512;

const SEPARATORS = /[\s\-().\u00a0\u2010-\u2015]/g;
const NUMBER = /^\+?[0-9*#]{1,32}$/;
/** A SIP user part we are willing to call: extensions and numbers, or simple names. */
const SIP_USER = /^[A-Za-z0-9+*#._~-]{1,64}$/;
const MARKUP = /[<>"'`\\]|javascript:|data:|vbscript:/i;

const refused = (reason: Extract<IncomingLink, { kind: 'refused' }>['reason'], detail?: string): IncomingLink => ({
  kind: 'refused',
  reason,
  ...(detail ? { detail } : {}),
});

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function number(raw: string, source: Extract<IncomingLink, { kind: 'dial' }>['source']): IncomingLink {
  const digits = raw.replace(SEPARATORS, '');
  if (!NUMBER.test(digits)) return refused('malformed');
  return { kind: 'dial', number: digits, source };
}

function sipUser(rest: string, source: 'sip' | 'sips'): IncomingLink {
  // sip:user@host;params?headers: we call the user part on our own PBX; the host is dropped.
  const user = rest.split(/[@;?]/, 1)[0] ?? '';
  const digits = user.replace(SEPARATORS, '');
  if (NUMBER.test(digits)) return { kind: 'dial', number: digits, source };
  if (!SIP_USER.test(user)) return refused('malformed');
  return { kind: 'dial', number: user, source };
}

function provision(params: URLSearchParams, nowS: number): IncomingLink {
  const server = params.get('server') ?? undefined;
  if (server !== undefined) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      return refused('malformed', 'server');
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return refused('unsafe', 'server');
  }
  const expires = params.get('expires');
  if (expires !== null) {
    if (!/^\d{1,12}$/.test(expires)) return refused('malformed', 'expires');
    if (Number(expires) < nowS) return refused('expired');
  }
  const field = (name: string): string | undefined => {
    const v = params.get(name);
    return v === null || v === '' ? undefined : v.slice(0, 128);
  };
  const extension = field('extension');
  if (extension !== undefined && !SIP_USER.test(extension)) return refused('malformed', 'extension');
  const link: IncomingLink = { kind: 'provision' };
  if (server) link.server = server;
  if (extension) link.extension = extension;
  const authName = field('authName');
  if (authName) link.authName = authName;
  const displayName = field('displayName');
  if (displayName) link.displayName = displayName;
  const password = field('password');
  if (password) link.password = password;
  return link;
}

function parseGrammar(input: string, nowS: number): IncomingLink {
  if (typeof input !== 'string' || input.length === 0) return refused('malformed');
  if (input.length > MAX_LINK_LENGTH) return refused('too-long');
  const text = input.trim();
  const colon = text.indexOf(':');
  if (colon <= 0) return refused('malformed');
  const scheme = text.slice(0, colon).toLowerCase();
  const decoded = safeDecode(text.slice(colon + 1));
  if (decoded === null) return refused('malformed');
  if (MARKUP.test(decoded)) return refused('unsafe');
  const rest = decoded.replace(/^\/\//, '');
  switch (scheme) {
    case 'tel':
      return number(rest.split(';', 1)[0] ?? '', 'tel');
    case 'callto':
      return number(rest.split(/[?;]/, 1)[0] ?? '', 'callto');
    case 'sip':
    case 'sips':
      return sipUser(rest, scheme);
    case 'offhook': {
      if (/^provision(\/)?\?/i.test(rest)) {
        return provision(new URLSearchParams(text.slice(text.indexOf('?') + 1)), nowS);
      }
      if (/^call(\/)?\?/i.test(rest)) {
        const n = new URLSearchParams(text.slice(text.indexOf('?') + 1)).get('number') ?? '';
        return number(n, 'offhook');
      }
      return number(rest.replace(/\/$/, ''), 'offhook');
    }
    default:
      return refused('unsupported');
  }
}

export const PROVISION_PARAMETERS: ReadonlySet<string> = new Set(['server', 'extension', 'authName', 'displayName', 'password', 'expires']);

// C0/C1 controls, zero-width characters, bidi embeddings/overrides/isolates, BOM, line/paragraph separators.
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

type Refused = Extract<IncomingLink, { kind: 'refused' }>;
const refusedWith = (reason: Refused['reason'], detail: string): Refused => ({ kind: 'refused', reason, detail });

function decodeFully(text: string): string {
  // Up to three rounds catches double- and triple-encoded characters (%25E2%2580%25AE…).
  let current = text;
  for (let i = 0; i < 3; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

function offhookTarget(raw: string): 'provision' | 'call' | 'other' {
  const m = /^offhook:(?:\/\/)?([a-z]+)\/?\?/i.exec(raw.trim());
  const target = m?.[1]?.toLowerCase();
  return target === 'provision' || target === 'call' ? target : 'other';
}

function checkProvisionParameters(raw: string): Refused | null {
  const query = raw.slice(raw.indexOf('?') + 1).split('#', 1)[0] ?? '';
  const seen = new Set<string>();
  for (const key of new URLSearchParams(query).keys()) {
    if (!PROVISION_PARAMETERS.has(key)) return refusedWith('malformed', 'unknown parameter');
    if (seen.has(key)) return refusedWith('malformed', 'repeated parameter');
    seen.add(key);
  }
  return null;
}

function checkProvisionServer(server: string | undefined): Refused | null {
  if (server === undefined) return null;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return refusedWith('malformed', 'server');
  }
  if (url.username !== '' || url.password !== '') return refusedWith('unsafe', 'credentials in the server address');
  if (url.hostname === '') return refusedWith('malformed', 'server');
  return null;
}

export function parseLink(raw: unknown, nowS: number = Math.floor(Date.now() / 1000)): IncomingLink {
  if (typeof raw !== 'string' || raw.trim() === '') return refusedWith('malformed', 'empty');
  if (raw.length > MAX_LINK_LENGTH) return refusedWith('too-long', `longer than ${MAX_LINK_LENGTH} characters`);
  if (HIDDEN_CHARACTERS.test(raw) || HIDDEN_CHARACTERS.test(decodeFully(raw))) return refusedWith('unsafe', 'hidden or control characters');

  let text = raw.trim();
  const target = /^offhook:/i.test(text) ? offhookTarget(text) : 'other';
  if (target === 'provision') {
    const problem = checkProvisionParameters(text);
    if (problem) return problem;
  }
  if (target === 'call') {
    // Form encoding reads '+' as a space; in a phone number it is the international prefix.
    text = text.replace(/([?&]number=)([^&#]*)/, (_m, key: string, value: string) => key + value.replace(/\+/g, '%2B'));
  }

  const link = parseGrammar(text, nowS);
  if (link.kind === 'provision') return checkProvisionServer(link.server) ?? link;
  return link;
}
