/**
 * I4 message waiting: the RFC 3842 message-summary event package. The PBX's voicemail tells us how
 * many messages wait; listening to and managing them is done by calling the voicemail number.
 */
import { backoffMs } from './backoff';
import { Emitter } from './emitter';
import type { SubscribeUa, SubscriberLike } from './subscriber-port';

export interface MessageCounts {
  new: number;
  old: number;
  urgentNew: number;
  urgentOld: number;
}

export interface MessageSummary {
  /** Messages-Waiting: yes — for any message class (voice, fax, …). */
  waiting: boolean;
  /** Message-Account, when the PBX names the mailbox. */
  account: string | null;
  /** Voice-Message counts; null when the body has no (readable) Voice-Message line. */
  voice: MessageCounts | null;
}

export const MESSAGE_SUMMARY_TYPE = 'application/simple-message-summary';
/** Bigger than any real summary; a bigger body is not worth reading. */
const MAX_BODY = 16 * 1024;
/** A mailbox with more messages than this is garbage, not a count. */
const MAX_COUNT = 1_000_000;
const COUNTS = /^(\d{1,9})\s*\/\s*(\d{1,9})(?:\s*\(\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*\))?/;

/**
 * Parses an application/simple-message-summary body. Header names are matched without regard to
 * case and whitespace, lines may end in CRLF, LF or CR. Returns null for anything that is not a
 * message summary (Messages-Waiting is the one mandatory line); never throws.
 */
export function parseMessageSummary(body: unknown): MessageSummary | null {
  if (typeof body !== 'string' || body.length === 0 || body.length > MAX_BODY) return null;
  let waiting: boolean | null = null;
  let account: string | null = null;
  let voice: MessageCounts | null = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'messages-waiting') {
      const v = value.toLowerCase();
      if (v === 'yes' || v === 'no') waiting = v === 'yes';
    } else if (name === 'message-account') {
      account = value || null;
    } else if (name === 'voice-message' && !voice) {
      const m = COUNTS.exec(value);
      if (m) {
        const [n, o, un, uo] = [m[1], m[2], m[3] ?? '0', m[4] ?? '0'].map(Number) as [number, number, number, number];
        if ([n, o, un, uo].every((x) => x <= MAX_COUNT)) voice = { new: n, old: o, urgentNew: un, urgentOld: uo };
      }
    }
  }
  if (waiting === null) return null;
  return { waiting, account, voice };
}

/** What the screens show. `newCount` is null when the PBX says messages wait but not how many. */
export interface VoicemailStatus {
  waiting: boolean;
  newCount: number | null;
  oldCount: number | null;
  urgentNew: number;
  account: string | null;
}

export function toStatus(summary: MessageSummary): VoicemailStatus {
  return {
    waiting: summary.waiting,
    newCount: summary.voice ? summary.voice.new : summary.waiting ? null : 0,
    oldCount: summary.voice ? summary.voice.old : null,
    urgentNew: summary.voice?.urgentNew ?? 0,
    account: summary.account,
  };
}

export type WatcherState = 'idle' | 'subscribing' | 'active' | 'retrying' | 'refused' | 'stopped';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface VoicemailWatcherOptions {
  /** The user's own AOR, e.g. sip:1001@pbx.example.com. */
  target: string;
  /** Subscription lifetime asked for, in seconds (JsSIP refreshes it). */
  expires?: number;
  timers?: Timers;
  random?: () => number;
}

/** RFC 6665 final-NOTIFY reasons after which subscribing again is pointless. */
const GIVE_UP_REASONS = new Set(['rejected', 'noresource', 'invariant']);

/**
 * Keeps a message-summary subscription to the user's own mailbox up while started: emits
 * `status` for every summary the PBX sends, subscribes again (with back-off) when the
 * subscription ends, and unsubscribes on stop().
 */
export class VoicemailWatcher extends Emitter<{ status: VoicemailStatus; state: WatcherState }> {
  private subscriber: SubscriberLike | null = null;
  /** Events from an older subscriber (after a retry or stop) are ignored. */
  private generation = 0;
  private attempt = 0;
  private retryTimer: unknown = null;
  private current: WatcherState = 'idle';
  private readonly timers: Timers;
  private readonly random: () => number;

  constructor(
    private readonly ua: SubscribeUa,
    private readonly options: VoicemailWatcherOptions,
  ) {
    super();
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
  }

  get state(): WatcherState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'idle') return;
    this.subscribe();
  }

  stop(): void {
    if (this.current === 'stopped') return;
    this.generation++;
    this.clearRetry();
    const s = this.subscriber;
    this.subscriber = null;
    this.setState('stopped');
    if (s) {
      try {
        s.terminate();
      } catch {
        // JsSIP refuses to unsubscribe a subscription that never started; nothing to undo then.
      }
    }
  }

  private subscribe(): void {
    const gen = ++this.generation;
    this.setState('subscribing');
    let s: SubscriberLike;
    try {
      s = this.ua.subscribe(this.options.target, 'message-summary', MESSAGE_SUMMARY_TYPE, { expires: this.options.expires ?? 3600 });
    } catch (error) {
      console.warn('voicemail: could not subscribe', error);
      this.retry();
      return;
    }
    this.subscriber = s;
    const mine =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A): void => {
        if (gen === this.generation) fn(...args);
      };
    s.on('accepted', mine(() => (this.attempt = 0)));
    s.on('active', mine(() => {
      this.attempt = 0;
      this.setState('active');
    }));
    s.on('notify', mine((_isFinal: boolean, _request: unknown, body: unknown, contentType: unknown) => this.onNotify(body, contentType)));
    s.on('terminated', mine((_code: number, reason: unknown, retryAfter: unknown) => this.onTerminated(reason, retryAfter)));
    try {
      s.subscribe();
    } catch (error) {
      console.warn('voicemail: could not send SUBSCRIBE', error);
      this.retry();
    }
  }

  private onNotify(body: unknown, contentType: unknown): void {
    // A PBX that leaves out Content-Type still gets a chance; one that sends another type does not.
    if (typeof contentType === 'string' && contentType && !contentType.toLowerCase().includes(MESSAGE_SUMMARY_TYPE)) return;
    const summary = parseMessageSummary(body);
    if (summary) this.emit('status', toStatus(summary));
  }

  private onTerminated(reason: unknown, retryAfter: unknown): void {
    this.subscriber = null;
    if (typeof reason === 'string' && GIVE_UP_REASONS.has(reason.toLowerCase())) {
      this.setState('refused');
      return;
    }
    // RFC 6665 4.1.3: "deactivated" and "timeout" invite an immediate new subscription.
    const immediate = typeof reason === 'string' && ['deactivated', 'timeout'].includes(reason.toLowerCase()) && this.attempt === 0;
    const asked = typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter * 1000 : null;
    this.retry(asked ?? (immediate ? 0 : null));
  }

  /** `delayMs` null: the back-off decides; a server's Retry-After is never undercut. */
  private retry(delayMs: number | null = null): void {
    this.clearRetry();
    this.generation++;
    const backoff = backoffMs(this.attempt, this.random);
    const delay = delayMs === null ? backoff : delayMs === 0 ? 0 : Math.max(delayMs, backoff);
    this.attempt++;
    this.setState('retrying');
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.subscribe();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(state: WatcherState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }
}
