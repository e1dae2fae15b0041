/**
 * RFC 3903 event state publication (PUBLISH), for my status (J3). JsSIP has none; requests go out
 * through SendRequest (telephony/jssip-request.ts).
 *
 * One publication per publisher: the first PUBLISH carries the body and gets a SIP-ETag; later ones
 * carry SIP-If-Match — with a body to change the state, without one to refresh it before it
 * expires. A 412 means the server forgot the entity tag (restart, expiry): publish again from
 * scratch. remove() withdraws it (Expires: 0) at sign-out. Requests never overlap: a change that
 * arrives while one is out is sent when it returns, and only the newest body is sent.
 */
import { backoffMs } from './backoff';
import { Emitter } from './emitter';
import type { SendRequest, SipResponse } from './subscriber-port';
import type { Timers } from './voicemail';

export interface PublisherOptions {
  /** The presentity: my own AOR. */
  target: string;
  event?: string;
  contentType?: string;
  /** Lifetime asked for, seconds. */
  expires?: number;
  timers?: Timers;
  random?: () => number;
}

export type PublisherState = 'idle' | 'publishing' | 'published' | 'retrying' | 'failed' | 'removed';

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Refresh this long before the publication would expire (at least half-way through). */
const REFRESH_MARGIN_S = 30;

export class Publisher extends Emitter<{ state: PublisherState }> {
  private etag: string | null = null;
  private wanted: string | null = null;
  /** The body the server holds under `etag`. */
  private sent: string | null = null;
  private busy = false;
  private refreshDue = false;
  private timer: unknown = null;
  private attempt = 0;
  private expires: number;
  private current: PublisherState = 'idle';
  private closed = false;
  private readonly timers: Timers;

  constructor(
    private readonly send: SendRequest,
    private readonly options: PublisherOptions,
  ) {
    super();
    this.timers = options.timers ?? realTimers;
    this.expires = options.expires ?? 600;
  }

  get state(): PublisherState {
    return this.current;
  }

  get entityTag(): string | null {
    return this.etag;
  }

  /** Publishes this body (now, or as soon as the request in flight returns). */
  publish(body: string): void {
    if (this.closed) return;
    this.wanted = body;
    void this.pump();
  }

  /**
   * Stops without a word to the server (the connection is gone): no more refreshes; the
   * publication expires there by itself, and a newer one from us wins by its timestamp.
   */
  close(): void {
    this.closed = true;
    this.clearTimer();
    this.wanted = null;
  }

  /** Withdraws the publication (Expires: 0) and stops; resolves when the server answered (or failed). */
  async remove(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    this.wanted = null;
    while (this.busy) await new Promise<void>((r) => this.timers.setTimeout(() => r(), 20));
    const etag = this.etag;
    this.etag = null;
    this.setState('removed');
    if (!etag) return;
    try {
      await this.send('PUBLISH', this.options.target, { extraHeaders: this.headers(0, etag) });
    } catch {
      // the publication expires by itself
    }
  }

  private headers(expires: number, etag: string | null, withBody = false): string[] {
    const h = [`Event: ${this.options.event ?? 'presence'}`, `Expires: ${expires}`];
    if (etag) h.push(`SIP-If-Match: ${etag}`);
    if (withBody) h.push(`Content-Type: ${this.options.contentType ?? 'application/pidf+xml'}`);
    return h;
  }

  private async pump(): Promise<void> {
    if (this.busy || this.closed) return;
    const body = this.wanted;
    const change = body !== null && body !== this.sent;
    if (!change && !this.refreshDue) return;
    if (body === null) return;
    this.busy = true;
    this.refreshDue = false;
    this.clearTimer();
    this.setState('publishing');
    // a refresh with nothing new carries no body (RFC 3903 section 4.3)
    const etag = this.etag;
    const withBody = change || !etag;
    let response: SipResponse | null = null;
    try {
      response = await this.send('PUBLISH', this.options.target, {
        extraHeaders: this.headers(this.expires, etag, withBody),
        body: withBody ? body : undefined,
      });
    } catch (error) {
      console.warn('publish: no answer', error);
    }
    this.busy = false;
    if (this.closed) return;
    this.handle(response, body, withBody);
    void this.pump();
  }

  private handle(response: SipResponse | null, body: string, withBody: boolean): void {
    const status = response?.status ?? 0;
    if (status >= 200 && status < 300) {
      this.attempt = 0;
      this.etag = response!.header('SIP-ETag') || this.etag;
      if (withBody) this.sent = body;
      const granted = Number.parseInt(response!.header('Expires'), 10);
      const lifetime = Number.isFinite(granted) && granted > 0 ? granted : this.expires;
      this.setState('published');
      this.arm(Math.max(lifetime / 2, lifetime - REFRESH_MARGIN_S) * 1000, () => (this.refreshDue = true));
      return;
    }
    if (status === 412) {
      // the server lost our entity: start a new publication right away
      this.etag = null;
      this.sent = null;
      return;
    }
    if (status === 423) {
      const min = Number.parseInt(response!.header('Min-Expires'), 10);
      if (Number.isFinite(min) && min > this.expires) {
        this.expires = min;
        this.sent = null;
        return;
      }
    }
    // anything else (403, 5xx, time-out): try again later with the same state
    this.sent = null;
    if (status >= 400 && status < 500 && status !== 408 && status !== 423 && this.attempt >= 3) {
      this.setState('failed');
    } else {
      this.setState('retrying');
    }
    const delay = backoffMs(this.attempt++, this.options.random ?? Math.random);
    this.wantedHold(delay);
  }

  /** Keeps the current body from going out again until the back-off has passed. */
  private wantedHold(delay: number): void {
    const body = this.wanted;
    this.wanted = null;
    this.arm(delay, () => {
      this.wanted ??= body;
    });
  }

  private arm(ms: number, then: () => void): void {
    this.clearTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      then();
      void this.pump();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(s: PublisherState): void {
    if (s === this.current) return;
    this.current = s;
    this.emit('state', s);
  }
}
