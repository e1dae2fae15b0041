import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Publisher } from '../../../../src-renderer/telephony/publisher';
import type { RequestOptions, SipResponse } from '../../../../src-renderer/telephony/subscriber-port';

interface Sent {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  answer(status: number, headers?: Record<string, string>): void;
  fail(): void;
}

function fakeSend() {
  const sent: Sent[] = [];
  const send = (method: string, target: string, options: RequestOptions = {}) =>
    new Promise<SipResponse>((resolve, reject) => {
      const headers = Object.fromEntries((options.extraHeaders ?? []).map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]));
      sent.push({
        method,
        target,
        headers,
        body: options.body,
        answer: (status, hs = {}) =>
          resolve({ status, reason: '', header: (n) => Object.entries(hs).find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1] ?? '' }),
        fail: () => reject(new Error('timeout')),
      });
    });
  return { sent, send };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const { sent, send } = fakeSend();
  const pub = new Publisher(send, { target: 'sip:1001@pbx.test', expires: 600, random: () => 0.5 });
  return { sent, pub };
}

describe('Publisher', () => {
  it('publishes with a body, then changes and refreshes with SIP-If-Match', async () => {
    const { sent, pub } = setup();
    pub.publish('<a/>');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'PUBLISH', target: 'sip:1001@pbx.test', body: '<a/>' });
    expect(sent[0]!.headers).toEqual({ event: 'presence', expires: '600', 'content-type': 'application/pidf+xml' });
    // a change while the first is out waits; only the newest body goes
    pub.publish('<b/>');
    pub.publish('<c/>');
    expect(sent).toHaveLength(1);
    sent[0]!.answer(200, { 'SIP-ETag': 'e1', Expires: '300' });
    await flush();
    expect(pub.state).toBe('publishing');
    expect(sent[1]!.headers['sip-if-match']).toBe('e1');
    expect(sent[1]!.body).toBe('<c/>');
    sent[1]!.answer(200, { 'SIP-ETag': 'e2', Expires: '300' });
    await flush();
    expect(pub.state).toBe('published');
    // refresh 30 s before the granted 300 s run out, without a body
    await vi.advanceTimersByTimeAsync(269_999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent[2]!.headers).toEqual({ event: 'presence', expires: '600', 'sip-if-match': 'e2' });
    expect(sent[2]!.body).toBeUndefined();
    sent[2]!.answer(200, { 'SIP-ETag': 'e3', Expires: '300' });
    await flush();
    expect(pub.entityTag).toBe('e3');
  });

  it('starts a new publication on 412 and retries with back-off on errors', async () => {
    const { sent, pub } = setup();
    pub.publish('<a/>');
    sent[0]!.answer(200, { 'SIP-ETag': 'e1', Expires: '600' });
    await flush();
    pub.publish('<b/>');
    sent[1]!.answer(412);
    await flush();
    expect(sent[2]!.headers['sip-if-match']).toBeUndefined();
    expect(sent[2]!.body).toBe('<b/>');
    sent[2]!.fail();
    await flush();
    expect(pub.state).toBe('retrying');
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent[3]!.body).toBe('<b/>');
    sent[3]!.answer(423, { 'Min-Expires': '1200' });
    await flush();
    expect(sent[4]!.headers.expires).toBe('1200');
    sent[4]!.answer(200, { 'SIP-ETag': 'e9' });
    await flush();
    expect(pub.state).toBe('published');
  });

  it('removes the publication with Expires: 0 and sends nothing afterwards', async () => {
    const { sent, pub } = setup();
    pub.publish('<a/>');
    sent[0]!.answer(200, { 'SIP-ETag': 'e1', Expires: '600' });
    await flush();
    const removed = pub.remove();
    await flush();
    expect(sent[1]!.headers).toEqual({ event: 'presence', expires: '0', 'sip-if-match': 'e1' });
    expect(sent[1]!.body).toBeUndefined();
    sent[1]!.answer(200);
    await removed;
    pub.publish('<b/>');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(sent).toHaveLength(2);
    expect(pub.state).toBe('removed');
  });
});
