import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_SUMMARY_TYPE,
  VoicemailWatcher,
  parseMessageSummary,
  toStatus,
  type Timers,
  type VoicemailStatus,
  type WatcherState,
} from '../../../../src-renderer/telephony/voicemail';
import type { SubscribeOptions, SubscribeUa, SubscriberLike } from '../../../../src-renderer/telephony/subscriber-port';

describe('parseMessageSummary', () => {
  it('reads the RFC 3842 example', () => {
    const body = 'Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\n';
    expect(parseMessageSummary(body)).toEqual({
      waiting: true,
      account: 'sip:alice@vmail.example.com',
      voice: { new: 4, old: 8, urgentNew: 1, urgentOld: 2 },
    });
  });

  it('is tolerant of case, whitespace, LF or CR line ends and missing urgent counts', () => {
    expect(parseMessageSummary('messages-waiting:YES\nvoice-message :  2 / 5\n')).toEqual({
      waiting: true,
      account: null,
      voice: { new: 2, old: 5, urgentNew: 0, urgentOld: 0 },
    });
    expect(parseMessageSummary('  Messages-Waiting :  no \rVoice-Message: 0/3 ( 0 / 1 )')?.voice).toEqual({ new: 0, old: 3, urgentNew: 0, urgentOld: 1 });
  });

  it('keeps the other message classes out of the voice counts', () => {
    const s = parseMessageSummary('Messages-Waiting: yes\r\nFax-Message: 2/0\r\n\r\nVoice-Message: 0/1\r\n');
    expect(s).toEqual({ waiting: true, account: null, voice: { new: 0, old: 1, urgentNew: 0, urgentOld: 0 } });
  });

  it('works without a Voice-Message line (Messages-Waiting alone)', () => {
    expect(parseMessageSummary('Messages-Waiting: yes\r\n')).toEqual({ waiting: true, account: null, voice: null });
    expect(parseMessageSummary('Messages-Waiting: no')).toEqual({ waiting: false, account: null, voice: null });
    expect(parseMessageSummary('Messages-Waiting: yes\r\nVoice-Message: lots\r\n')?.voice).toBeNull();
  });

  it('says null, without throwing, for anything that is not a message summary', () => {
    for (const garbage of [
      '',
      'hello',
      '<?xml version="1.0"?><presence/>',
      'Voice-Message: 2/5',
      'Messages-Waiting: maybe',
      ':::\r\n\r\n',
      'Messages-Waiting yes',
      'Messages-Waiting: yes\r\n' + 'x'.repeat(20_000),
      null,
      undefined,
      42,
      { body: 'Messages-Waiting: yes' },
    ]) {
      expect(parseMessageSummary(garbage as unknown)).toBeNull();
    }
  });

  it('refuses absurd counts rather than showing them', () => {
    expect(parseMessageSummary('Messages-Waiting: yes\r\nVoice-Message: 999999999/0\r\n')?.voice).toBeNull();
    expect(parseMessageSummary('Messages-Waiting: yes\r\nVoice-Message: 12345678901234/0\r\n')?.voice).toBeNull();
  });

  it('toStatus: unknown count while waiting, zero when nothing waits', () => {
    expect(toStatus({ waiting: true, account: null, voice: null }).newCount).toBeNull();
    expect(toStatus({ waiting: false, account: null, voice: null }).newCount).toBe(0);
    expect(toStatus({ waiting: true, account: 'sip:x@y', voice: { new: 2, old: 5, urgentNew: 1, urgentOld: 0 } })).toEqual({
      waiting: true,
      newCount: 2,
      oldCount: 5,
      urgentNew: 1,
      account: 'sip:x@y',
    });
  });
});

/** Behaves like JsSIP's Subscriber as far as the watcher can tell (see node_modules/jssip/lib/Subscriber.js). */
class FakeSubscriber extends EventEmitter implements SubscriberLike {
  subscribed = 0;
  terminated = 0;
  started = false;
  constructor(
    readonly target: string,
    readonly eventName: string,
    readonly accept: string,
    readonly options?: SubscribeOptions,
  ) {
    super();
  }
  subscribe(): void {
    this.subscribed++;
    this.started = true;
  }
  terminate(): void {
    // JsSIP: InvalidStateError before the first subscribe()
    if (!this.started) throw new Error('InvalidStateError');
    this.terminated++;
  }
  notify(body: string, contentType: string | undefined = MESSAGE_SUMMARY_TYPE, isFinal = false): void {
    this.emit('notify', isFinal, {}, body, contentType);
  }
}

class FakeUa implements SubscribeUa {
  readonly subscribers: FakeSubscriber[] = [];
  fail = false;
  subscribe(target: string, eventName: string, accept: string, options?: SubscribeOptions): SubscriberLike {
    if (this.fail) throw new Error('UA not ready');
    const s = new FakeSubscriber(target, eventName, accept, options);
    this.subscribers.push(s);
    return s;
  }
  get last(): FakeSubscriber {
    return this.subscribers.at(-1)!;
  }
}

class FakeTimers implements Timers {
  pending: Array<{ fn: () => void; ms: number; id: number }> = [];
  private seq = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.push({ fn, ms, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }
  runNext(): number {
    const t = this.pending.shift();
    if (!t) throw new Error('no timer pending');
    t.fn();
    return t.ms;
  }
}

function setup() {
  const ua = new FakeUa();
  const timers = new FakeTimers();
  const watcher = new VoicemailWatcher(ua, { target: 'sip:1001@pbx.example.com', timers, random: () => 0.5 });
  const statuses: VoicemailStatus[] = [];
  const states: WatcherState[] = [];
  watcher.on('status', (s) => statuses.push(s));
  watcher.on('state', (s) => states.push(s));
  return { ua, timers, watcher, statuses, states };
}

describe('VoicemailWatcher', () => {
  it('subscribes to message-summary for the own AOR and emits the counts of each NOTIFY', () => {
    const { ua, watcher, statuses, states } = setup();
    watcher.start();
    expect(ua.subscribers).toHaveLength(1);
    const s = ua.last;
    expect([s.target, s.eventName, s.accept]).toEqual(['sip:1001@pbx.example.com', 'message-summary', 'application/simple-message-summary']);
    expect(s.options?.expires).toBeGreaterThan(0);
    expect(s.subscribed).toBe(1);
    s.emit('accepted');
    s.emit('active');
    expect(watcher.state).toBe('active');
    s.notify('Messages-Waiting: yes\r\nVoice-Message: 2/5 (0/0)\r\n');
    s.notify('Messages-Waiting: no\r\nVoice-Message: 0/7 (0/0)\r\n', 'application/simple-message-summary;charset=utf-8');
    expect(statuses.map((x) => [x.newCount, x.oldCount])).toEqual([
      [2, 5],
      [0, 7],
    ]);
    expect(states).toEqual(['subscribing', 'active']);
  });

  it('ignores garbage bodies and bodies of another type', () => {
    const { ua, watcher, statuses } = setup();
    watcher.start();
    ua.last.notify('total nonsense');
    ua.last.notify('<presence/>', 'application/pidf+xml');
    ua.last.notify('Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n', 'application/pidf+xml');
    expect(statuses).toEqual([]);
    ua.last.notify('Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n', undefined);
    expect(statuses.map((x) => x.newCount)).toEqual([1]);
  });

  it('subscribes again with back-off after the subscription ends, and resets the back-off once active', () => {
    const { ua, timers, watcher, statuses } = setup();
    watcher.start();
    ua.last.emit('terminated', 2); // e.g. a 503 to the SUBSCRIBE
    expect(watcher.state).toBe('retrying');
    expect(timers.pending.map((t) => t.ms)).toEqual([1000]);
    expect(timers.runNext()).toBe(1000);
    expect(ua.subscribers).toHaveLength(2);
    ua.last.emit('terminated', 0); // request timeout
    expect(timers.runNext()).toBe(2000);
    ua.last.emit('terminated', 1); // transport error
    expect(timers.runNext()).toBe(4000);
    ua.last.emit('accepted');
    ua.last.emit('active');
    ua.last.notify('Messages-Waiting: yes\r\nVoice-Message: 3/0\r\n');
    ua.last.emit('terminated', 2);
    expect(timers.runNext()).toBe(1000);
    expect(ua.subscribers).toHaveLength(5);
    expect(statuses.map((s) => s.newCount)).toEqual([3]);
  });

  it('follows the final NOTIFY: at once after "timeout", after Retry-After for "probation", never after "rejected"', () => {
    const { ua, timers, watcher } = setup();
    watcher.start();
    ua.last.emit('active');
    ua.last.emit('terminated', 6, 'timeout');
    expect(timers.runNext()).toBe(0);
    ua.last.emit('terminated', 6, 'probation', 120);
    expect(timers.runNext()).toBe(120_000);
    ua.last.emit('terminated', 6, 'rejected');
    expect(watcher.state).toBe('refused');
    expect(timers.pending).toEqual([]);
  });

  it('ignores events from a subscriber it already replaced', () => {
    const { ua, timers, watcher, statuses } = setup();
    watcher.start();
    const old = ua.last;
    old.emit('terminated', 1);
    timers.runNext();
    old.notify('Messages-Waiting: yes\r\nVoice-Message: 9/9\r\n');
    old.emit('terminated', 1);
    expect(statuses).toEqual([]);
    expect(timers.pending).toEqual([]);
    expect(ua.subscribers).toHaveLength(2);
  });

  it('retries when the UA cannot subscribe right now', () => {
    const { ua, timers, watcher } = setup();
    ua.fail = true;
    watcher.start();
    expect(watcher.state).toBe('retrying');
    ua.fail = false;
    timers.runNext();
    expect(ua.subscribers).toHaveLength(1);
    expect(watcher.state).toBe('subscribing');
  });

  it('unsubscribes on stop, cancels a pending retry, and ignores what comes after', () => {
    const { ua, timers, watcher, statuses } = setup();
    watcher.start();
    const s = ua.last;
    s.emit('active');
    watcher.stop();
    expect(s.terminated).toBe(1);
    expect(watcher.state).toBe('stopped');
    s.notify('Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n', MESSAGE_SUMMARY_TYPE, true);
    s.emit('terminated', 6, 'timeout');
    expect(statuses).toEqual([]);
    expect(timers.pending).toEqual([]);
    watcher.stop();
    expect(s.terminated).toBe(1);
    watcher.start(); // a stopped watcher stays stopped: the store makes a new one
    expect(ua.subscribers).toHaveLength(1);

    const other = setup();
    other.watcher.start();
    other.ua.last.emit('terminated', 1);
    other.watcher.stop();
    expect(other.timers.pending).toEqual([]);
  });
});
