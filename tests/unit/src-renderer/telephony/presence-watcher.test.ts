import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PresenceWatcher, combine } from '../../../../src-renderer/telephony/presence-watcher';
import { buildPidf } from '../../../../src-renderer/telephony/pidf';
import type { SubscribeOptions, SubscribeUa, SubscriberLike } from '../../../../src-renderer/telephony/subscriber-port';
import type { PresenceInfo } from '../../../../src-renderer/telephony/presence-types';

class FakeSubscriber extends EventEmitter implements SubscriberLike {
  subscribed = 0;
  terminated = 0;
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
  }
  terminate(): void {
    if (!this.subscribed) throw new Error('InvalidStateError');
    this.terminated++;
  }
  private active = false;
  /** The 2xx to the SUBSCRIBE. */
  ok(): void {
    this.emit('accepted');
  }
  /** As JsSIP: the first NOTIFY makes it active, then `notify`. */
  notify(body: string, contentType = this.accept): void {
    if (!this.active) this.emit('active');
    this.active = true;
    this.emit('notify', false, {}, body, contentType);
  }
  end(reason?: string, retryAfter?: number): void {
    this.emit('terminated', 6, reason, retryAfter);
  }
}

class FakeUa implements SubscribeUa {
  readonly subscribers: FakeSubscriber[] = [];
  subscribe(target: string, eventName: string, accept: string, options?: SubscribeOptions): SubscriberLike {
    const s = new FakeSubscriber(target, eventName, accept, options);
    this.subscribers.push(s);
    return s;
  }
  live(ext: string, event: string): FakeSubscriber[] {
    return this.subscribers.filter((s) => s.target === `sip:${ext}@pbx.test` && s.eventName === event && s.terminated === 0);
  }
  one(ext: string, event: string): FakeSubscriber {
    const l = this.live(ext, event);
    expect(l).toHaveLength(1);
    return l[0]!;
  }
}

const DIALOG = (state: string, direction = 'recipient') =>
  `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="sip:x@pbx.test"><dialog id="d1" direction="${direction}"><state>${state}</state></dialog></dialog-info>`;

function setup(opts: Partial<ConstructorParameters<typeof PresenceWatcher>[1]> = {}) {
  const ua = new FakeUa();
  const watcher = new PresenceWatcher(ua, { domain: 'pbx.test', settleMs: 30, lingerMs: 5000, random: () => 0.5, ...opts });
  const changes: Array<{ extension: string; info: PresenceInfo }> = [];
  watcher.on('change', (c) => changes.push(c));
  return { ua, watcher, changes };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('combine', () => {
  it('lets a call win over the chosen status', () => {
    expect(combine({ state: 'away', text: 'x' }, 'on-call')).toEqual({ state: 'on-call', text: 'x' });
    expect(combine({ state: 'away', text: '' }, 'ringing').state).toBe('ringing');
    expect(combine({ state: 'away', text: '' }, 'idle').state).toBe('away');
    expect(combine(null, 'idle').state).toBe('unknown');
  });
});

describe('PresenceWatcher', () => {
  it('subscribes presence and dialog per wanted extension after the set settles', () => {
    const { ua, watcher } = setup();
    watcher.setWanted(['1002']);
    watcher.setWanted(['1002', '1003']);
    expect(ua.subscribers).toHaveLength(0);
    vi.advanceTimersByTime(30);
    expect(ua.subscribers.map((s) => `${s.target} ${s.eventName} ${s.accept}`)).toEqual([
      'sip:1002@pbx.test presence application/pidf+xml',
      'sip:1002@pbx.test dialog application/dialog-info+xml',
      'sip:1003@pbx.test presence application/pidf+xml',
      'sip:1003@pbx.test dialog application/dialog-info+xml',
    ]);
    expect(ua.subscribers.every((s) => s.subscribed === 1 && s.options!.expires! >= 600)).toBe(true);
  });

  it('turns NOTIFYs into lamp changes at once: status, empty body, ringing, on a call', () => {
    const { ua, watcher, changes } = setup();
    watcher.setWanted(['1002']);
    vi.advanceTimersByTime(30);
    expect(watcher.info('1002').state).toBe('unknown');
    const p = ua.one('1002', 'presence');
    const d = ua.one('1002', 'dialog');
    p.ok();
    p.notify(buildPidf('sip:1002@pbx.test', 'away', 'Back soon'));
    expect(watcher.info('1002')).toMatchObject({ state: 'away', text: 'Back soon' });
    d.notify(DIALOG('early'));
    expect(watcher.info('1002').state).toBe('ringing');
    d.notify(DIALOG('confirmed'));
    expect(watcher.info('1002').state).toBe('on-call');
    d.notify(DIALOG('terminated'));
    expect(watcher.info('1002').state).toBe('away');
    p.notify('');
    expect(watcher.info('1002').state).toBe('unregistered');
    p.notify('<garbage', 'application/pidf+xml');
    p.notify(buildPidf('sip:1002@pbx.test', 'dnd', ''), 'text/plain');
    expect(changes.map((c) => c.info.state)).toEqual(['away', 'ringing', 'on-call', 'away', 'unregistered']);
    expect(changes[0]!.info.changedAt).toBe(Date.now());
  });

  it('keeps subscriptions of an extension that scrolled away for the linger time, then unsubscribes', () => {
    const { ua, watcher, changes } = setup();
    watcher.setWanted(['1002', '1003']);
    vi.advanceTimersByTime(30);
    ua.one('1003', 'presence').notify(buildPidf('sip:1003@pbx.test', 'lunch', ''));
    watcher.setWanted(['1002']);
    vi.advanceTimersByTime(4000);
    watcher.setWanted(['1002', '1003']); // back before the linger ran out: nothing new sent
    vi.advanceTimersByTime(2000);
    expect(ua.subscribers).toHaveLength(4);
    expect(ua.subscribers.every((s) => s.terminated === 0)).toBe(true);
    watcher.setWanted([]);
    vi.advanceTimersByTime(30 + 5000);
    expect(ua.subscribers.every((s) => s.terminated === 1)).toBe(true);
    expect(watcher.info('1003').state).toBe('unknown');
    expect(changes.at(-1)).toEqual({ extension: '1003', info: expect.objectContaining({ state: 'unknown' }) });
  });

  it('has at most maxInFlight SUBSCRIBEs waiting for an answer, so 500 do not go out at once', () => {
    const { ua, watcher } = setup({ maxInFlight: 8 });
    const exts = Array.from({ length: 500 }, (_, i) => String(2000 + i));
    watcher.setWanted(exts);
    vi.advanceTimersByTime(30);
    expect(ua.subscribers).toHaveLength(8);
    expect(watcher.stats()).toEqual({ watched: 500, inFlight: 8, queued: 992 });
    // every answer lets the next one go, first rows first
    for (let i = 0; i < 1000; i++) {
      const s = ua.subscribers[i]!;
      if (i % 2) s.notify(DIALOG('terminated'));
      else s.ok();
    }
    expect(ua.subscribers).toHaveLength(1000);
    expect(ua.subscribers[8]!.target).toBe('sip:2004@pbx.test');
    expect(watcher.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('an extension that scrolls away while its SUBSCRIBEs still wait gives their slots back', () => {
    const { ua, watcher } = setup({ maxInFlight: 2 });
    watcher.setWanted(['1002']);
    vi.advanceTimersByTime(30);
    expect(watcher.stats()).toMatchObject({ inFlight: 2 });
    // no answer ever comes (a slow PBX); the colleague leaves the screen and the linger runs out
    watcher.setWanted(['1003']);
    vi.advanceTimersByTime(30 + 5000);
    expect(ua.live('1003', 'presence')).toHaveLength(1);
    expect(ua.live('1003', 'dialog')).toHaveLength(1);
  });

  it('subscribes again with back-off when the server ends a subscription, and gives up on rejected', () => {
    const { ua, watcher } = setup();
    watcher.setWanted(['1002']);
    vi.advanceTimersByTime(30);
    const p = ua.one('1002', 'presence');
    p.ok();
    p.end('timeout'); // RFC 6665: subscribe again right away
    vi.advanceTimersByTime(0);
    expect(ua.subscribers.filter((s) => s.eventName === 'presence')).toHaveLength(2);
    const p2 = ua.subscribers.at(-1)!;
    p2.end(undefined); // second failure in a row without reason: back-off (1 s, 2 s, … ±20 %)
    vi.advanceTimersByTime(1999);
    expect(ua.subscribers.filter((s) => s.eventName === 'presence')).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(ua.subscribers.filter((s) => s.eventName === 'presence')).toHaveLength(3);
    ua.subscribers.at(-1)!.end('rejected');
    vi.advanceTimersByTime(120_000);
    expect(ua.subscribers.filter((s) => s.eventName === 'presence')).toHaveLength(3);
  });

  it('sends the presence SUBSCRIBEs of a big list before its dialog ones', () => {
    const { ua, watcher } = setup({ maxInFlight: 2 });
    watcher.setWanted(['2000', '2001', '2002']);
    vi.advanceTimersByTime(30);
    for (let i = 0; i < 6; i++) ua.subscribers[i]!.ok();
    expect(ua.subscribers.map((s) => `${s.eventName} ${s.target.slice(4, 8)}`)).toEqual([
      'presence 2000',
      'dialog 2000',
      'presence 2001',
      'presence 2002',
      'dialog 2001',
      'dialog 2002',
    ]);
  });

  it('subscribes afresh when no NOTIFY follows the 2xx (JsSIP 481s a NOTIFY that overtakes it)', () => {
    const { ua, watcher } = setup();
    watcher.setWanted(['1002']);
    vi.advanceTimersByTime(30);
    const p = ua.one('1002', 'presence');
    ua.one('1002', 'dialog').ok();
    ua.one('1002', 'dialog').notify(DIALOG('terminated'));
    p.ok();
    vi.advanceTimersByTime(2999);
    expect(p.terminated).toBe(0);
    vi.advanceTimersByTime(1);
    expect(p.terminated).toBe(1);
    vi.advanceTimersByTime(1);
    const p2 = ua.one('1002', 'presence');
    expect(p2).not.toBe(p);
    p2.ok();
    p2.notify(buildPidf('sip:1002@pbx.test', 'away', ''));
    vi.advanceTimersByTime(10_000);
    expect(ua.subscribers).toHaveLength(3);
    expect(watcher.info('1002').state).toBe('away');
  });

  it('stop() unsubscribes everything and ignores late events', () => {
    const { ua, watcher, changes } = setup();
    watcher.setWanted(['1002', '1003']);
    vi.advanceTimersByTime(30);
    const p = ua.one('1002', 'presence');
    watcher.stop();
    expect(ua.subscribers.every((s) => s.terminated === 1)).toBe(true);
    p.notify(buildPidf('sip:1002@pbx.test', 'away', ''));
    watcher.setWanted(['1004']);
    vi.advanceTimersByTime(10_000);
    expect(ua.subscribers).toHaveLength(4);
    expect(changes).toEqual([]);
  });
});
