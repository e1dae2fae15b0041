import { describe, expect, it, vi } from 'vitest';
import { createLogger, formatLogLine, redact, redactText, REDACTED } from '../../../../src-main/app/logger';

const SECRET = 'hunter2-very-secret';

describe('redact', () => {
  it('masks sensitive keys at any depth', () => {
    const input = {
      extension: '1001',
      password: SECRET,
      account: { authName: '1001', sipPassword: SECRET, iceServers: [{ urls: 'turn:x', credential: SECRET }] },
      Authorization: SECRET,
      token: SECRET,
    };
    const out = JSON.stringify(redact(input));
    expect(out).not.toContain(SECRET);
    expect(out).toContain('1001');
    expect(out).toContain('turn:x');
  });

  it('scrubs SIP digest headers, key=value pairs and URL credentials from text', () => {
    const sip = `REGISTER sip:pbx SIP/2.0\r\nAuthorization: Digest username="1001", response="${SECRET}"\r\nProxy-Authorization: Digest x="${SECRET}"\r\nCSeq: 2`;
    const text = redactText(`${sip} password=${SECRET}&x=1 wss://1001:${SECRET}@pbx.example/ws secret: "${SECRET}"`);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('CSeq: 2');
    expect(text).toContain('wss://1001:');
    expect(text).toContain('pbx.example/ws');
  });

  it('reduces errors to name and scrubbed message, and buffers to their size', () => {
    expect(redact(new TypeError(`bad password=${SECRET}`))).toEqual({ name: 'TypeError', message: `bad password=${REDACTED}` });
    expect(redact(Buffer.from(SECRET))).toBe(`[${SECRET.length} bytes]`);
  });

  it('survives cycles-free deep objects without blowing up', () => {
    let deep: Record<string, unknown> = { password: SECRET };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    expect(JSON.stringify(redact(deep))).not.toContain(SECRET);
  });
});

describe('createLogger', () => {
  it('writes scoped, redacted lines to the sink', () => {
    const sink = vi.fn();
    const log = createLogger('main', sink).child('secrets');
    log.warn(`decrypt failed password=${SECRET}`, { key: 'sip-password', value: { password: SECRET } });
    expect(sink).toHaveBeenCalledOnce();
    const [level, line] = sink.mock.calls[0]!;
    expect(level).toBe('warn');
    expect(line).toMatch(/^\[main:secrets\] decrypt failed/);
    expect(line).not.toContain(SECRET);
    expect(line).toContain('sip-password');
  });

  it('formats lines without details', () => {
    expect(formatLogLine('main', 'ready')).toBe('[main] ready');
  });
});
