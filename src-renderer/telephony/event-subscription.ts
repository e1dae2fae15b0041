/**
 * One RFC 6665 subscription kept alive: subscribes (through a Gate, so hundreds of them do not go
 * out at once), subscribes again with back-off when the server ends it, and unsubscribes on stop().
 * JsSIP's Subscriber itself refreshes an active subscription before it expires (at about half the
 * granted time), so nothing here re-arms refresh timers.
 */
import { backoffMs } from './backoff';
import type { SubscribeUa, SubscriberLike } from './subscriber-port';
import type { Timers } from './voicemail';

/**
 * Bounded concurrency for initial SUBSCRIBEs: at most `limit` waiting for their first answer.
 * Two lanes: everything in the first goes out before anything in the second.
 */
export class Gate {
  private running = 0;
  private readonly lanes: [Array<() => void>, Array<() => void>] = [[], []];

  constructor(private readonly limit: number) {}

  /** `start` runs when a slot is free and must call `release` (once is enough; more are ignored). */
  enter(start: (release: () => void) => void, lane: 0 | 1 = 0): void {
    this.lanes[lane].push(() => {
      this.running++;
      let released = false;
      start(() => {
        if (released) return;
        released = true;
        this.running--;
        this.pump();
      });
    });
    this.pump();
  }

  get inFlight(): number {
    return this.running;
  }

  get waiting(): number {
    return this.lanes[0].length + this.lanes[1].length;
  }

  private pump(): void {
    while (this.running < this.limit) {
      const next = this.lanes[0].shift() ?? this.lanes[1].shift();
      if (!next) return;
      next();
    }
  }
}

/** RFC 6665 final-NOTIFY reasons after which subscribing again is pointless. */
const GIVE_UP_REASONS = new Set(['rejected', 'noresource', 'invariant']);

export interface EventSubscriptionOptions {
  ua: SubscribeUa;
  target: string;
  event: string;
  accept: string;
  expires: number;
  gate: Gate;
  timers: Timers;
  random: () => number;
  onNotify(body: string, contentType: string): void;
  /** Gate lane: 0 goes first (presence), 1 after (dialog). */
  lane?: 0 | 1;
  /**
   * RFC 6665 has the notifier send a NOTIFY at once after accepting. JsSIP answers a NOTIFY that
   * overtakes the 2xx with 481, which ends the subscription at the server while JsSIP waits on:
   * without a NOTIFY this long after the 2xx, subscribe afresh.
   */
  firstNotifyTimeoutMs?: number;
  /** A new subscription is starting: state from the last one may be stale. */
  onRestart?(): void;
}

export type SubscriptionPhase = 'queued' | 'subscribing' | 'active' | 'retrying' | 'refused' | 'stopped';

export class EventSubscription {
  private subscriber: SubscriberLike | null = null;
  private generation = 0;
  private attempt = 0;
  private retryTimer: unknown = null;
  private notifyTimer: unknown = null;
  /** The gate slot held while a SUBSCRIBE waits for its answer; given back however the wait ends. */
  private releaseSlot: (() => void) | null = null;
  phase: SubscriptionPhase = 'queued';

  constructor(private readonly o: EventSubscriptionOptions) {}

  start(): void {
    const gen = ++this.generation;
    this.phase = 'queued';
    this.o.gate.enter((release) => {
      if (gen !== this.generation) {
        release();
        return;
      }
      this.releaseSlot = release;
      this.subscribe(gen, release);
    }, this.o.lane ?? 0);
  }

  stop(): void {
    if (this.phase === 'stopped') return;
    // A SUBSCRIBE still waiting for its answer would otherwise keep its slot for ever (its events
    // are ignored from now on), and 32 such would stop every lamp.
    this.releaseSlot?.();
    this.releaseSlot = null;
    this.generation++;
    this.phase = 'stopped';
    if (this.retryTimer !== null) this.o.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearNotifyTimer();
    const s = this.subscriber;
    this.subscriber = null;
    try {
      s?.terminate();
    } catch {
      // JsSIP refuses to unsubscribe a subscription that never started; nothing to undo then.
    }
  }

  private subscribe(gen: number, release: () => void): void {
    this.phase = 'subscribing';
    this.o.onRestart?.();
    let s: SubscriberLike;
    try {
      s = this.o.ua.subscribe(this.o.target, this.o.event, this.o.accept, { expires: this.o.expires });
    } catch (error) {
      console.warn(`${this.o.event}: could not subscribe to ${this.o.target}`, error);
      release();
      this.retry(null);
      return;
    }
    this.subscriber = s;
    const mine =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A): void => {
        if (gen === this.generation) fn(...args);
      };
    s.on('accepted', mine(() => {
      release();
      if (this.phase !== 'subscribing' || this.notifyTimer !== null) return;
      this.notifyTimer = this.o.timers.setTimeout(() => {
        this.notifyTimer = null;
        if (gen !== this.generation) return;
        console.warn(`${this.o.event}: no NOTIFY from ${this.o.target} after the 2xx; subscribing again`);
        this.subscriber = null;
        try {
          s.terminate();
        } catch {
          // nothing to undo
        }
        this.retry(0);
      }, this.o.firstNotifyTimeoutMs ?? 3000);
    }));
    const heard = () => {
      this.attempt = 0;
      this.clearNotifyTimer();
    };
    s.on('pending', mine(heard));
    s.on('active', mine(() => {
      heard();
      this.phase = 'active';
    }));
    s.on('notify', mine((_isFinal: boolean, _request: unknown, body: unknown, contentType: unknown) => {
      heard();
      release();
      this.o.onNotify(typeof body === 'string' ? body : '', typeof contentType === 'string' ? contentType : '');
    }));
    s.on('terminated', mine((_code: number, reason: unknown, retryAfter: unknown) => {
      release();
      this.clearNotifyTimer();
      this.subscriber = null;
      if (typeof reason === 'string' && GIVE_UP_REASONS.has(reason.toLowerCase())) {
        this.phase = 'refused';
        return;
      }
      const immediate = typeof reason === 'string' && ['deactivated', 'timeout'].includes(reason.toLowerCase()) && this.attempt === 0;
      const asked = typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter * 1000 : null;
      this.retry(asked ?? (immediate ? 0 : null));
    }));
    try {
      s.subscribe();
    } catch (error) {
      console.warn(`${this.o.event}: could not send SUBSCRIBE to ${this.o.target}`, error);
      release();
      this.retry(null);
    }
  }

  private clearNotifyTimer(): void {
    if (this.notifyTimer !== null) this.o.timers.clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
  }

  /** `delayMs` null: the back-off decides; a server's Retry-After is never undercut. */
  private retry(delayMs: number | null): void {
    this.releaseSlot?.();
    this.releaseSlot = null;
    const gen = ++this.generation;
    const backoff = backoffMs(this.attempt, this.o.random);
    const delay = delayMs === null ? backoff : delayMs === 0 ? 0 : Math.max(delayMs, backoff);
    this.attempt++;
    this.phase = 'retrying';
    this.retryTimer = this.o.timers.setTimeout(() => {
      this.retryTimer = null;
      if (gen === this.generation) this.start();
    }, delay);
  }
}
