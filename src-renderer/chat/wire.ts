/**
 * Chat on the wire. Everything is a SIP MESSAGE (RFC 3428) routed like any other; the server needs
 * no chat feature. Three shapes:
 *
 * 1. 1:1 text: `Content-Type: text/plain;charset=utf-8`, the words as the body, so any SIP phone
 *    shows them. Two headers let Offhook clients de-duplicate and order:
 *      X-Offhook-Msg-Id: <uuid>          the message id (sender-chosen)
 *      X-Offhook-Sent: <epoch ms>        the sender's clock
 *    A store-and-forward server may drop these headers (Kamailio msilo keeps them only with
 *    `extra_hdrs_avp`) and put "[Offline message - <date>] " before the body: the prefix is
 *    stripped and its date used, and the id is then a hash of sender, date and text, which is
 *    the same for the same stored message delivered twice.
 *
 * 2. Everything only Offhook understands (group messages, membership changes, file offers) is
 *    `Content-Type: message/cpim` (RFC 3862) with Offhook's header namespace:
 *
 *      From: <sip:1001@pbx>
 *      To: <sip:1002@pbx>
 *      DateTime: 2025-01-02T03:04:05.678Z          the sender's clock
 *      NS: OH <urn:x-offhook:chat:1>
 *      OH.Msg-Id: 5b0c…                             the message id
 *      OH.Kind: text | system | file
 *      OH.Group: 9d1e…;v=4                          group id and member-list version
 *      OH.Group-Name: Sales%20team                  percent-encoded UTF-8
 *      OH.Group-Members: 1001@pbx,1002@pbx,1003@pbx the list at that version (sip: left out)
 *      OH.Group-By: 1001@pbx                        who created the group
 *      OH.Event: added;by=1001@pbx;members=1004@pbx (system messages: created|renamed|added|removed)
 *
 *      Content-Type: text/plain;charset=utf-8       (or application/vnd.offhook.file-offer+json)
 *
 *      <body>
 *
 *    Every group message carries the member list and its version, so a member who missed a
 *    change catches up with the next message. A group message goes to each member separately.
 *    msilo stores such a message with the inner part's type (delivering it as text/plain, with its
 *    date prefix): a text/plain body whose header block has the `NS: OH` line is read as CPIM.
 *
 * 3. Typing: `application/im-iscomposing+xml` (RFC 3994), 1:1 only (a group of 200 would get 200
 *    requests per keystroke burst).
 *
 * Decoding never throws: anything malformed is dropped (null), never half-applied.
 */
import type { FileInfo, MessageKind, SystemEvent } from './types';

export const TEXT_PLAIN = 'text/plain;charset=utf-8';
export const CPIM = 'message/cpim';
export const IS_COMPOSING = 'application/im-iscomposing+xml';
export const FILE_OFFER_TYPE = 'application/vnd.offhook.file-offer+json';
export const MSG_ID_HEADER = 'X-Offhook-Msg-Id';
export const SENT_HEADER = 'X-Offhook-Sent';
const NS = 'urn:x-offhook:chat:1';
/** Bigger bodies are not chat (and not parsed). */
const MAX_BODY = 256 * 1024;

export interface Outgoing {
  contentType: string;
  body: string;
  extraHeaders: string[];
}

export interface GroupEnvelope {
  id: string;
  name: string;
  version: number;
  members: string[];
  createdBy: string;
}

export interface WireMessage {
  id: string;
  sentAt: number;
  kind: MessageKind;
  text: string;
  file?: FileInfo;
  event?: SystemEvent;
  group?: GroupEnvelope;
  /** The sender's own claim (CPIM From); the SIP From is what counts. */
  cpimFrom?: string;
}

export type Decoded =
  | { type: 'message'; message: WireMessage }
  | { type: 'typing'; active: boolean; refreshS: number | null };

// ---------- addresses ----------

/** `"Name" <sip:1001@Host;transport=ws>` → `sip:1001@host`; '' when it is not a SIP URI. */
export function normalizeUri(raw: string): string {
  let s = raw.trim();
  const angle = /<([^>]*)>/.exec(s);
  if (angle) s = angle[1]!;
  s = s.replace(/^sips?:/i, '');
  s = s.split(/[;?]/)[0]!;
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return '';
  const user = s.slice(0, at);
  const host = s.slice(at + 1).toLowerCase();
  if (/[\s,<>"]/.test(user + host)) return '';
  return `sip:${user}@${host}`;
}

/** An extension or a URI as the user typed it → a SIP URI in our domain. */
export function targetUri(target: string, domain: string): string {
  const t = target.trim();
  if (!t) return '';
  if (/^sips?:/i.test(t) || t.includes('@')) return normalizeUri(t.includes(':') ? t : `sip:${t}`);
  if (/[\s,<>"@;]/.test(t)) return '';
  return normalizeUri(`sip:${t}@${domain}`);
}

export function userOf(uri: string): string {
  return uri.replace(/^sips?:/, '').split('@')[0] ?? uri;
}

const bare = (uri: string): string => uri.replace(/^sip:/, '');
const unbare = (s: string): string => normalizeUri(`sip:${s.trim()}`);

// ---------- encoding ----------

export function encodeDirectText(m: { id: string; sentAt: number; text: string }): Outgoing {
  return {
    contentType: TEXT_PLAIN,
    body: m.text,
    extraHeaders: [`${MSG_ID_HEADER}: ${m.id}`, `${SENT_HEADER}: ${Math.round(m.sentAt)}`],
  };
}

export interface CpimInput {
  from: string;
  to: string;
  id: string;
  sentAt: number;
  kind: MessageKind;
  text: string;
  file?: FileInfo;
  event?: SystemEvent;
  group?: GroupEnvelope;
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

function encodeEvent(e: SystemEvent): string {
  const by = `by=${bare(e.by)}`;
  switch (e.type) {
    case 'created':
    case 'renamed':
      return `${e.type};${by};name=${encodeURIComponent(e.name)}`;
    case 'added':
    case 'removed':
      return `${e.type};${by};members=${e.members.map(bare).join(',')}`;
  }
}

export function encodeCpim(m: CpimInput): Outgoing {
  const lines = [
    `From: <${m.from}>`,
    `To: <${m.to}>`,
    `DateTime: ${new Date(m.sentAt).toISOString()}`,
    `NS: OH <${NS}>`,
    `OH.Msg-Id: ${oneLine(m.id)}`,
    `OH.Kind: ${m.kind}`,
  ];
  if (m.group) {
    lines.push(
      `OH.Group: ${oneLine(m.group.id)};v=${m.group.version}`,
      `OH.Group-Name: ${encodeURIComponent(m.group.name)}`,
      `OH.Group-Members: ${m.group.members.map(bare).join(',')}`,
      `OH.Group-By: ${bare(m.group.createdBy)}`,
    );
  }
  if (m.event) lines.push(`OH.Event: ${encodeEvent(m.event)}`);
  const inner = m.kind === 'file' && m.file ? { type: FILE_OFFER_TYPE, body: JSON.stringify(m.file) } : { type: TEXT_PLAIN, body: m.text };
  const body = `${lines.join('\r\n')}\r\n\r\nContent-Type: ${inner.type}\r\n\r\n${inner.body}`;
  return { contentType: CPIM, body, extraHeaders: [] };
}

export function encodeTyping(active: boolean, refreshS: number): Outgoing {
  const refresh = active ? `<refresh>${Math.round(refreshS)}</refresh>` : '';
  return {
    contentType: IS_COMPOSING,
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>${active ? 'active' : 'idle'}</state>${refresh}<contenttype>text/plain</contenttype></isComposing>`,
    extraHeaders: [],
  };
}

// ---------- decoding ----------

export interface IncomingRaw {
  /** SIP From URI (already checked by the server's authentication). */
  from: string;
  contentType: string;
  body: string;
  header(name: string): string | undefined;
  /** SIP Call-ID: tells apart two equal texts from a phone that sends no message id. */
  callId?: string;
  receivedAt: number;
}

/** msilo's "[Offline message - Thu Jan  2 03:04:05 2025] " (or "[Reminder message - …]"). */
const STORED_PREFIX = /^\[(?:Offline|Reminder) message - ([^\]\r\n]{1,64})\]\s?/;

/** Strips a store-and-forward prefix; returns the body and the date it names (if readable). */
export function stripStoredPrefix(body: string): { body: string; storedAt: number | null } {
  const m = STORED_PREFIX.exec(body);
  if (!m) return { body, storedAt: null };
  const t = Date.parse(m[1]!.replace(/\s+/g, ' '));
  return { body: body.slice(m[0].length), storedAt: Number.isFinite(t) ? t : null };
}

/** A short stable hash (cyrb53) for ids of messages that came without one. */
export function stableHash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const mediaType = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

/** A plausible sender clock: a number within ten years either side of now. */
function plausibleTime(value: number | null | undefined, now: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Math.abs(value - now) < 10 * 365 * 24 * 3600 * 1000 ? value : null;
}

function decodePlain(raw: IncomingRaw, body: string, storedAt: number | null): WireMessage {
  const id = raw.header(MSG_ID_HEADER)?.trim();
  const sent = plausibleTime(Number(raw.header(SENT_HEADER)), raw.receivedAt);
  const date = plausibleTime(Date.parse(raw.header('Date') ?? ''), raw.receivedAt);
  const sentAt = sent ?? storedAt ?? date ?? raw.receivedAt;
  const validId = id && id.length <= 128 ? id : null;
  return {
    // A stored message keeps its date when delivered again; a live one is told apart by Call-ID.
    id: validId ?? `h:${stableHash(`${raw.from}\n${sent ?? storedAt ?? raw.callId ?? ''}\n${body}`)}`,
    sentAt,
    kind: 'text',
    text: body,
  };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function splitBlock(s: string): [string, string] | null {
  const m = /\r?\n\r?\n/.exec(s);
  if (!m) return null;
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

function decodeEvent(value: string, now: number): SystemEvent | null {
  const [type, ...params] = value.split(';').map((p) => p.trim());
  const p = new Map(params.map((x) => [x.slice(0, x.indexOf('=')).trim(), x.slice(x.indexOf('=') + 1)] as const));
  const by = unbare(p.get('by') ?? '');
  if (!by) return null;
  void now;
  if (type === 'created' || type === 'renamed') {
    const name = safeDecode(p.get('name') ?? '');
    return name === null ? null : { type, by, name };
  }
  if (type === 'added' || type === 'removed') {
    const members = (p.get('members') ?? '').split(',').map(unbare).filter(Boolean);
    return members.length ? { type, by, members } : null;
  }
  return null;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function decodeGroup(h: Map<string, string>): GroupEnvelope | null | undefined {
  const g = h.get('oh.group');
  if (g === undefined) return undefined;
  const m = /^([A-Za-z0-9-]{1,64});v=(\d{1,9})$/.exec(g);
  if (!m) return null;
  const name = safeDecode(h.get('oh.group-name') ?? '');
  const members = (h.get('oh.group-members') ?? '').split(',').map(unbare).filter(Boolean);
  const createdBy = unbare(h.get('oh.group-by') ?? '');
  if (name === null || members.length === 0 || members.length > 500 || !createdBy) return null;
  return { id: m[1]!, version: Number(m[2]), name: name.slice(0, 128), members: [...new Set(members)], createdBy };
}

function decodeFile(json: string): FileInfo | null {
  try {
    const v = JSON.parse(json) as Record<string, unknown>;
    const ok =
      typeof v.transferId === 'string' && v.transferId.length > 0 && v.transferId.length <= 128 &&
      typeof v.name === 'string' && v.name.length > 0 && v.name.length <= 255 &&
      typeof v.size === 'number' && Number.isSafeInteger(v.size) && v.size >= 0 &&
      typeof v.mime === 'string' && v.mime.length <= 255 &&
      typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(v.sha256);
    return ok ? { transferId: v.transferId as string, name: v.name as string, size: v.size as number, mime: v.mime as string, sha256: (v.sha256 as string).toLowerCase() } : null;
  } catch {
    return null;
  }
}

function decodeCpim(raw: IncomingRaw, body: string, storedAt: number | null): WireMessage | null {
  const outer = splitBlock(body);
  if (!outer) return null;
  const h = parseHeaders(outer[0]);
  const inner = splitBlock(outer[1]);
  if (!inner) return null;
  const innerType = mediaType(parseHeaders(inner[0]).get('content-type') ?? 'text/plain');
  const content = inner[1];
  const id = h.get('oh.msg-id');
  const kindRaw = h.get('oh.kind') ?? 'text';
  const kind: MessageKind | null = kindRaw === 'text' || kindRaw === 'file' || kindRaw === 'system' ? kindRaw : null;
  if (!kind) return null;
  const sentAt = plausibleTime(Date.parse(h.get('datetime') ?? ''), raw.receivedAt) ?? storedAt ?? raw.receivedAt;
  const group = decodeGroup(h);
  if (group === null) return null;
  const message: WireMessage = {
    id: id && id.length <= 128 ? id : `h:${stableHash(`${raw.from}\n${sentAt}\n${content}`)}`,
    sentAt,
    kind,
    text: '',
    cpimFrom: normalizeUri(h.get('from') ?? ''),
  };
  if (group) message.group = group;
  if (kind === 'file') {
    if (innerType !== FILE_OFFER_TYPE) return null;
    const file = decodeFile(content);
    if (!file) return null;
    message.file = file;
    message.text = file.name;
  } else if (kind === 'system') {
    const event = decodeEvent(h.get('oh.event') ?? '', raw.receivedAt);
    if (!event || !group) return null;
    message.event = event;
    message.text = content;
  } else {
    if (!innerType.startsWith('text/')) return null;
    message.text = content;
  }
  return message;
}

function decodeTyping(body: string): Decoded | null {
  const state = /<state>\s*(active|idle)\s*<\/state>/i.exec(body);
  if (!state) return null;
  const refresh = /<refresh>\s*(\d{1,6})\s*<\/refresh>/i.exec(body);
  return { type: 'typing', active: state[1]!.toLowerCase() === 'active', refreshS: refresh ? Number(refresh[1]) : null };
}

function looksLikeOurCpim(body: string): boolean {
  const head = splitBlock(body)?.[0];
  return !!head && head.length < 16384 && /^From:/i.test(head) && head.includes(`NS: OH <${NS}>`);
}

export function decodeIncoming(raw: IncomingRaw): Decoded | null {
  try {
    if (typeof raw.body !== 'string' || raw.body.length > MAX_BODY) return null;
    const type = mediaType(raw.contentType || 'text/plain');
    if (type === IS_COMPOSING) return decodeTyping(raw.body);
    const { body, storedAt } = stripStoredPrefix(raw.body);
    // msilo stores a message/cpim body with the inner part's type (text/plain): recognise ours by
    // its namespace line in the CPIM header block.
    if (type === CPIM || (type === 'text/plain' && looksLikeOurCpim(body))) {
      const message = decodeCpim(raw, body, storedAt);
      return message ? { type: 'message', message } : null;
    }
    if (type.startsWith('text/')) return { type: 'message', message: decodePlain(raw, body, storedAt) };
    return null;
  } catch {
    return null;
  }
}
