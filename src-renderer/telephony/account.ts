/**
 * Registration: one JsSIP UA, its visible state, and automatic recovery.
 *
 * JsSIP already reconnects a dropped WebSocket with back-off (connection_recovery_*), and
 * re-registers once the socket is back. What it does not do is retry a REGISTER that failed for a
 * temporary reason (timeout, 5xx); that is done here with `backoffMs`. An authentication failure is
 * final: retrying a wrong password would only get the extension locked out by the PBX.
 */
import { backoffMs } from './backoff';
import { Emitter } from './emitter';
import { failureFromJsSip, type Failure } from './sip-errors';
import type { SessionLike } from './call';
import type { RegistrationSnapshot } from './types';
import type { SubscribeUa } from './subscriber-port';

type Handler = (event: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The part of JsSIP's UA that the account uses. */
export interface UaLike {
  start(): void;
  stop(): void;
  register(): void;
  unregister(options?: { all?: boolean }): void;
  isRegistered(): boolean;
  on(event: string, handler: Handler): unknown;
  call(target: string, options: Record<string, unknown>): SessionLike;
  /** SIP MESSAGE (RFC 3428); absent in some test fakes. */
  sendMessage?(target: string, body: string, options?: Record<string, unknown>): unknown;
  /** JsSIP ≥ 3.12's SUBSCRIBE client (absent in some test fakes). */
  subscribe?: SubscribeUa['subscribe'];
  /** Out-of-dialog requests such as PUBLISH (telephony/jssip-request.ts). */
  request?: SubscribeUa['request'];
}

export interface UaConfig {
  server: string;
  uri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  userAgent: string;
}

export type CreateUa = (config: UaConfig) => UaLike;

export interface AccountEvents extends Record<string, unknown> {
  change: RegistrationSnapshot;
  /** A new incoming INVITE. */
  incoming: { session: SessionLike; remote: { uri: string; number: string; name: string }; offersVideo: boolean; request: unknown };
  /** A SIP MESSAGE arrived (chat). `request` is JsSIP's IncomingRequest. */
  message: { from: { uri: string; number: string; name: string }; body: string; contentType: string; request: unknown };
}

export interface SignInConfig {
  server: string;
  extension: string;
  authName: string;
  password: string;
  displayName: string;
  domain: string;
}

/** The SIP domain: the configured one, else the server's host name. */
export function sipDomain(server: string, domain: string): string {
  if (domain.trim()) return domain.trim();
  try {
    return new URL(server).hostname;
  } catch {
    return '';
  }
}

/** Failures for which retrying on its own makes sense. */
function isTransient(failure: Failure): boolean {
  return ['timeout', 'transport', 'server-error', 'unavailable'].includes(failure.kind);
}

export class Account extends Emitter<AccountEvents> {
  private ua: UaLike | null = null;
  private snap: RegistrationSnapshot = { state: 'signed-out', failure: null, retryAt: null };
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private signingOut = false;
  /** Whether the WebSocket is up; while it is down JsSIP re-registers by itself once it returns. */
  private connected = false;
  domain = '';

  constructor(private readonly createUa: CreateUa, private readonly userAgent: string) {
    super();
  }

  get snapshot(): RegistrationSnapshot {
    return this.snap;
  }

  get userAgentInstance(): UaLike | null {
    return this.ua;
  }

  signIn(config: SignInConfig): void {
    this.stopUa();
    this.signingOut = false;
    this.connected = false;
    this.attempts = 0;
    this.domain = sipDomain(config.server, config.domain);
    const ua = this.createUa({
      server: config.server,
      uri: `sip:${config.extension}@${this.domain}`,
      authorizationUser: config.authName || config.extension,
      password: config.password,
      displayName: config.displayName,
      userAgent: this.userAgent,
    });
    this.ua = ua;
    ua.on('connecting', () => this.whenCurrent(ua, () => this.snap.state !== 'registered' && this.set('connecting')));
    ua.on('connected', () => this.whenCurrent(ua, () => (this.connected = true)));
    ua.on('disconnected', (e: { error?: boolean }) =>
      this.whenCurrent(ua, () => {
        this.connected = false;
        if (this.signingOut) return;
        // JsSIP reconnects on its own; show that we are trying and why.
        this.set('connecting', e?.error ? { kind: 'transport' } : this.snap.failure);
      }),
    );
    ua.on('registered', () =>
      this.whenCurrent(ua, () => {
        this.attempts = 0;
        this.set('registered', null);
      }),
    );
    ua.on('unregistered', () =>
      this.whenCurrent(ua, () => {
        if (this.signingOut) return;
        this.set('connecting', this.snap.failure);
        // The binding was dropped while the socket is up (the server expired it): ask again.
        if (this.connected) ua.register();
      }),
    );
    ua.on('registrationFailed', (e: { cause?: string; response?: { status_code?: number; reason_phrase?: string } }) =>
      this.whenCurrent(ua, () => this.onRegistrationFailed(e)),
    );
    ua.on('newRTCSession', (e: { originator: string; session: SessionLike; request: IncomingRequestLike }) =>
      this.whenCurrent(ua, () => {
        if (e.originator !== 'remote') return;
        this.emit('incoming', { session: e.session, remote: partyFromRequest(e.request), offersVideo: offersVideo(e.request), request: e.request });
      }),
    );
    ua.on('newMessage', (e: { originator: string; request: IncomingRequestLike & { body?: string; getHeader?: (name: string) => string | undefined } }) =>
      this.whenCurrent(ua, () => {
        if (e.originator !== 'remote') return;
        const contentType = e.request.getHeader?.('Content-Type') ?? 'text/plain';
        this.emit('message', { from: partyFromRequest(e.request), body: typeof e.request.body === 'string' ? e.request.body : '', contentType, request: e.request });
      }),
    );
    this.set('connecting', null);
    ua.start();
  }

  /** Unregisters (waiting briefly for the answer) and stops the UA. Local data stays. */
  async signOut(): Promise<void> {
    const ua = this.ua;
    this.signingOut = true;
    this.clearRetry();
    if (ua && ua.isRegistered()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1500);
        ua.on('unregistered', () => {
          clearTimeout(timer);
          resolve();
        });
        ua.unregister({ all: false });
      });
    }
    // A sign-in that started while we waited owns the account now: leave it alone.
    if (this.ua !== ua) {
      stopQuietly(ua);
      return;
    }
    this.stopUa();
    this.set('signed-out', null);
  }

  /** Re-register now (network came back, the machine woke up, the user pressed retry). */
  retryNow(): void {
    if (!this.ua || this.signingOut) return;
    this.clearRetry();
    // Still registered as far as we know: refresh quietly. JsSIP announces no second `registered`,
    // and a socket that died in our sleep fails the refresh, which brings us to `connecting`.
    if (this.snap.state !== 'registered') this.set('connecting', this.snap.failure);
    if (this.connected) this.ua.register();
  }

  private onRegistrationFailed(e: { cause?: string; response?: { status_code?: number; reason_phrase?: string } }): void {
    const failure = failureFromJsSip(e.cause, e.response?.status_code, e.response?.reason_phrase, 'register');
    if (!isTransient(failure)) {
      this.set('failed', failure);
      this.stopUa();
      return;
    }
    const delay = backoffMs(this.attempts++);
    this.clearRetry();
    this.retryTimer = setTimeout(() => this.retryNow(), delay);
    this.snap = { state: 'failed', failure, retryAt: Date.now() + delay };
    this.emit('change', this.snap);
  }

  private whenCurrent(ua: UaLike, fn: () => unknown): void {
    if (this.ua === ua) fn();
  }

  private stopUa(): void {
    this.clearRetry();
    const ua = this.ua;
    this.ua = null;
    stopQuietly(ua);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private set(state: RegistrationSnapshot['state'], failure: Failure | null = null): void {
    this.snap = { state, failure, retryAt: null };
    this.emit('change', this.snap);
  }
}

function stopQuietly(ua: UaLike | null): void {
  try {
    ua?.stop();
  } catch (error) {
    console.warn('stopping the SIP stack failed', error);
  }
}

interface IncomingRequestLike {
  from?: { uri?: { user?: string; toString(): string }; display_name?: string };
}

/** A video call: the INVITE's SDP has a video m-line with a non-zero port. */
function offersVideo(request: IncomingRequestLike): boolean {
  const body = (request as { body?: unknown })?.body;
  return typeof body === 'string' && /^m=video [1-9]/m.test(body);
}

function partyFromRequest(request: IncomingRequestLike): { uri: string; number: string; name: string } {
  const from = request?.from;
  return {
    uri: from?.uri?.toString() ?? '',
    number: from?.uri?.user ?? '',
    name: (from?.display_name ?? '').slice(0, 128),
  };
}
