import { describe, expect, it } from 'vitest';
import { decodeIncoming, encodeCpim, encodeDirectText, encodeTyping, normalizeUri, stripStoredPrefix, targetUri, type IncomingRaw } from '../../../../src-renderer/chat/wire';

const NOW = Date.parse('2025-03-01T10:00:00Z');
const raw = (o: Partial<IncomingRaw> & { headers?: Record<string, string> }): IncomingRaw => ({
  from: 'sip:1001@pbx',
  contentType: 'text/plain',
  body: '',
  receivedAt: NOW,
  header: (n) => o.headers?.[n] ?? o.headers?.[n.toLowerCase()],
  ...o,
});

describe('addresses', () => {
  it('normalises URIs and targets', () => {
    expect(normalizeUri('"Al" <sip:1001@PBX.Example;transport=ws>')).toBe('sip:1001@pbx.example');
    expect(normalizeUri('garbage')).toBe('');
    expect(targetUri('1002', 'pbx')).toBe('sip:1002@pbx');
    expect(targetUri('sip:1003@other', 'pbx')).toBe('sip:1003@other');
    expect(targetUri('bad target', 'pbx')).toBe('');
  });
});

describe('1:1 text', () => {
  it('is text/plain with id and time headers, and decodes back', () => {
    const out = encodeDirectText({ id: 'abc', sentAt: NOW - 5000, text: '<b>bold</b>' });
    expect(out.contentType).toMatch(/^text\/plain/);
    expect(out.body).toBe('<b>bold</b>');
    const headers = Object.fromEntries(out.extraHeaders.map((h) => h.split(': ') as [string, string]));
    const d = decodeIncoming(raw({ body: out.body, contentType: out.contentType, headers }));
    expect(d).toEqual({ type: 'message', message: { id: 'abc', sentAt: NOW - 5000, kind: 'text', text: '<b>bold</b>' } });
  });

  it('strips msilo\'s prefix and uses its date when the headers were lost; the id is stable', () => {
    const body = '[Offline message - Sat Mar  1 09:58:00 2025] hello';
    expect(stripStoredPrefix(body).body).toBe('hello');
    const a = decodeIncoming(raw({ body, callId: 'x1' }));
    const b = decodeIncoming(raw({ body, callId: 'x2' }));
    expect(a?.type === 'message' && a.message.text).toBe('hello');
    expect(a?.type === 'message' && a.message.sentAt).toBe(new Date(2025, 2, 1, 9, 58, 0).getTime());
    // delivered twice (another Call-ID): the same id, so de-duplicated
    expect(a?.type === 'message' && b?.type === 'message' && a.message.id === b.message.id).toBe(true);
  });

  it('tells apart two equal texts from a plain phone by Call-ID, and ignores an absurd clock', () => {
    const a = decodeIncoming(raw({ body: 'ok', callId: 'c1', headers: { 'X-Offhook-Sent': '5' } }));
    const b = decodeIncoming(raw({ body: 'ok', callId: 'c2' }));
    expect(a?.type === 'message' && b?.type === 'message' && a.message.id !== b.message.id).toBe(true);
    expect(a?.type === 'message' && a.message.sentAt).toBe(NOW);
  });
});

describe('CPIM', () => {
  const group = { id: 'g-1', name: 'Sales & <team>', version: 3, members: ['sip:1001@pbx', 'sip:1002@pbx'], createdBy: 'sip:1001@pbx' };
  it('round-trips a group text, also when msilo delivers it as text/plain with its prefix', () => {
    const out = encodeCpim({ from: 'sip:1001@pbx', to: 'sip:1002@pbx', id: 'm1', sentAt: NOW - 1, kind: 'text', text: 'line1\r\n\r\nline2', group });
    expect(out.contentType).toBe('message/cpim');
    const d = decodeIncoming(raw({ body: out.body, contentType: out.contentType }));
    expect(d).toMatchObject({ type: 'message', message: { id: 'm1', sentAt: NOW - 1, text: 'line1\r\n\r\nline2', group } });
    const stored = decodeIncoming(raw({ body: `[Offline message - Sat Mar  1 09:58:00 2025] ${out.body}` }));
    expect(stored).toMatchObject({ type: 'message', message: { id: 'm1', sentAt: NOW - 1, group } });
  });

  it('carries membership events and file offers', () => {
    const ev = encodeCpim({ from: 'sip:1001@pbx', to: 'sip:1002@pbx', id: 's1', sentAt: NOW, kind: 'system', text: 'x', group, event: { type: 'removed', by: 'sip:1001@pbx', members: ['sip:1003@pbx'] } });
    expect(decodeIncoming(raw({ body: ev.body, contentType: ev.contentType }))).toMatchObject({ type: 'message', message: { event: { type: 'removed', members: ['sip:1003@pbx'] } } });
    const file = { transferId: 't1', name: 'a.pdf', size: 12, mime: 'application/pdf', sha256: 'a'.repeat(64) };
    const f = encodeCpim({ from: 'sip:1001@pbx', to: 'sip:1002@pbx', id: 'f1', sentAt: NOW, kind: 'file', text: 'a.pdf', file });
    expect(decodeIncoming(raw({ body: f.body, contentType: f.contentType }))).toMatchObject({ type: 'message', message: { kind: 'file', file } });
  });

  it('drops garbage without throwing', () => {
    const bad = ['', 'From: x', 'From: <sip:a@b>\r\n\r\n', 'OH.Kind: nope\r\n\r\nContent-Type: text/plain\r\n\r\nx', '\u0000'.repeat(10), 'x'.repeat(300_000)];
    for (const body of bad) expect(() => decodeIncoming(raw({ body, contentType: 'message/cpim' }))).not.toThrow();
    for (const body of bad) expect(decodeIncoming(raw({ body, contentType: 'message/cpim' }))).toBeNull();
    const wrongGroup = 'From: <sip:1001@pbx>\r\nNS: OH <urn:x-offhook:chat:1>\r\nOH.Group: ../x;v=zz\r\n\r\nContent-Type: text/plain\r\n\r\nhi';
    expect(decodeIncoming(raw({ body: wrongGroup, contentType: 'message/cpim' }))).toBeNull();
    const badFile = 'From: <sip:1001@pbx>\r\nOH.Kind: file\r\n\r\nContent-Type: application/vnd.offhook.file-offer+json\r\n\r\n{"name":1}';
    expect(decodeIncoming(raw({ body: badFile, contentType: 'message/cpim' }))).toBeNull();
    expect(decodeIncoming(raw({ body: 'x', contentType: 'image/png' }))).toBeNull();
    expect(decodeIncoming(raw({ body: undefined as unknown as string }))).toBeNull();
  });
});

describe('is-composing', () => {
  it('encodes and decodes active with refresh, and idle', () => {
    const a = encodeTyping(true, 60);
    expect(decodeIncoming(raw({ body: a.body, contentType: a.contentType }))).toEqual({ type: 'typing', active: true, refreshS: 60 });
    const i = encodeTyping(false, 60);
    expect(decodeIncoming(raw({ body: i.body, contentType: i.contentType }))).toEqual({ type: 'typing', active: false, refreshS: null });
    expect(decodeIncoming(raw({ body: '<isComposing/>', contentType: 'application/im-iscomposing+xml' }))).toBeNull();
  });
});
