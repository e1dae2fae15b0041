import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { MailboxWatchers, type MailboxLamp } from '../../../../src-renderer/function-keys/mailboxes';
import type { SubscribeUa, SubscriberLike } from '../../../../src-renderer/telephony/subscriber-port';

class FakeSubscriber extends EventEmitter implements SubscriberLike {
  terminated = 0;
  constructor(readonly target: string, readonly eventName: string) {
    super();
  }
  subscribe(): void {}
  terminate(): void {
    this.terminated++;
  }
}
class FakeUa implements SubscribeUa {
  readonly subscribers: FakeSubscriber[] = [];
  subscribe(target: string, eventName: string): SubscriberLike {
    const s = new FakeSubscriber(target, eventName);
    this.subscribers.push(s);
    return s;
  }
}

describe('MailboxWatchers', () => {
  it('subscribes to message-summary for each mailbox once and reports its lamp', () => {
    const ua = new FakeUa();
    const m = new MailboxWatchers(ua, 'pbx.example.com');
    const lamps: MailboxLamp[] = [];
    m.on('lamp', (l) => lamps.push(l));
    m.set(['1002', '1003']);
    m.set(['1002', '1003']);
    expect(ua.subscribers.map((s) => `${s.eventName} ${s.target}`)).toEqual(['message-summary sip:1002@pbx.example.com', 'message-summary sip:1003@pbx.example.com']);
    ua.subscribers[1]!.emit('notify', false, {}, 'Messages-Waiting: yes\r\nVoice-Message: 3/1\r\n', 'application/simple-message-summary');
    ua.subscribers[0]!.emit('notify', false, {}, 'Messages-Waiting: no\r\n', 'application/simple-message-summary');
    expect(lamps).toEqual([
      { extension: '1003', waiting: true, newCount: 3 },
      { extension: '1002', waiting: false, newCount: 0 },
    ]);
  });

  it('ends the subscriptions of mailboxes no key watches any more, and all on stop', () => {
    const ua = new FakeUa();
    const m = new MailboxWatchers(ua, 'd');
    m.set(['1002', '1003']);
    m.set(['1003', '1004']);
    expect(ua.subscribers.map((s) => s.terminated)).toEqual([1, 0, 0]);
    expect(m.watching).toEqual(['1003', '1004']);
    m.stop();
    expect(ua.subscribers.map((s) => s.terminated)).toEqual([1, 1, 1]);
    expect(m.watching).toEqual([]);
  });
});
