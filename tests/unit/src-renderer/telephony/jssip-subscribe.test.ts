import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type JsSIP from 'jssip';
import { subscribeWithEmptyNotifies } from '../../../../src-renderer/telephony/jssip-subscribe';

/** JsSIP's Subscriber as far as this matters: receiveRequest emits `notify` only when there is a body. */
class Subscriber extends EventEmitter {
  subscribe(): void {}
  terminate(): void {}
  receiveRequest(r: { body?: string; getHeader(n: string): string | undefined }): void {
    if (r.body) this.emit('notify', false, r, r.body, r.getHeader('content-type'));
  }
}

const notify = (body: string, state = 'active;expires=3600') => ({
  method: 'NOTIFY',
  body,
  getHeader: (n: string) => ({ 'subscription-state': state, 'content-type': body ? 'application/pidf+xml' : undefined })[n.toLowerCase()],
});

describe('subscribeWithEmptyNotifies', () => {
  it('passes bodiless NOTIFYs on as notify with an empty body, but not final ones', () => {
    const ua = { subscribe: () => new Subscriber() } as unknown as JsSIP.UA;
    const s = subscribeWithEmptyNotifies(ua)('sip:1002@pbx', 'presence', 'application/pidf+xml') as unknown as Subscriber;
    const got: unknown[] = [];
    s.on('notify', (_final: boolean, _r: unknown, body: string) => got.push(body));
    s.receiveRequest(notify('<presence/>'));
    s.receiveRequest(notify(''));
    s.receiveRequest(notify('', 'pending'));
    s.receiveRequest(notify('', 'terminated;reason=timeout'));
    expect(got).toEqual(['<presence/>', '', '']);
  });
});
