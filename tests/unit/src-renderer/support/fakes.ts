/**
 * Fakes for the edges of the telephony core: JsSIP's RTCSession and UA, getUserMedia's streams, the
 * tone player and the remote audio sink. They model only what JsSIP does that the core relies on
 * (see node_modules/jssip/lib/RTCSession.js): `hold()` emits `hold` at once and refuses while another
 * re-offer is in flight; `done` fires only when the test says the re-INVITE completed;
 * `terminate()` fails or ends the session synchronously, with JsSIP's originator and cause.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { SessionLike } from '../../../../src-renderer/telephony/call';
import type { UaConfig, UaLike } from '../../../../src-renderer/telephony/account';
import type { ToneName } from '../../../../src-renderer/telephony/tones';
import type { TonesLike, RemoteAudioLike } from '../../../../src-renderer/telephony/phone';

type ReOfferKind = 'hold' | 'unhold' | 'renegotiate';

let sessionSeq = 0;

export class FakeSession extends EventEmitter implements SessionLike {
  readonly id: string;
  connection: RTCPeerConnection | null = null;
  /** What `isReadyToReOffer()` answers while no re-offer is in flight. */
  readyToReOffer = true;
  established = false;
  ended = false;
  localHold = false;
  /** Re-offers JsSIP accepted and that have not completed yet, oldest first. */
  readonly inFlight: Array<{ kind: ReOfferKind; done: () => void }> = [];
  /** Every hold()/unhold() call, accepted or not. */
  readonly reOfferAttempts: ReOfferKind[] = [];

  readonly answer = vi.fn((_options?: Record<string, unknown>) => {
    this.established = true;
  });
  readonly terminate = vi.fn((_options?: { status_code?: number; reason_phrase?: string }) => {
    if (this.ended) throw new Error('InvalidStateError: terminated');
    if (this.established) this.end('local', 'Terminated');
    else if (this.direction === 'incoming') this.fail('local', 'Rejected');
    else this.fail('local', 'Canceled');
  });
  readonly mute = vi.fn((_options?: { audio?: boolean; video?: boolean }) => undefined);
  readonly unmute = vi.fn((_options?: { audio?: boolean; video?: boolean }) => undefined);
  readonly sendDTMF = vi.fn((_tones: string, _options?: Record<string, unknown>) => undefined);

  constructor(
    readonly direction: 'incoming' | 'outgoing' = 'outgoing',
    id?: string,
  ) {
    super();
    this.id = id ?? `session-${++sessionSeq}`;
  }

  hold(_options?: Record<string, unknown>, done?: () => void): boolean {
    return this.reOffer('hold', done);
  }

  unhold(_options?: Record<string, unknown>, done?: () => void): boolean {
    return this.reOffer('unhold', done);
  }

  /** Options of every renegotiate() call (ICE restarts). */
  readonly renegotiations: Array<Record<string, unknown> | undefined> = [];

  renegotiate(options?: Record<string, unknown>, done?: () => void): boolean {
    this.renegotiations.push(options);
    return this.reOffer('renegotiate', done);
  }

  isOnHold(): { local: boolean; remote: boolean } {
    return { local: this.localHold, remote: false };
  }

  isReadyToReOffer(): boolean {
    return this.readyToReOffer && this.established && !this.ended && this.inFlight.length === 0;
  }

  isEnded(): boolean {
    return this.ended;
  }

  // --- what the far end / JsSIP does, driven by the test ---

  progress(statusCode = 180, body?: string): void {
    this.emit('progress', { originator: 'remote', response: { status_code: statusCode, body } });
  }

  accepted(): void {
    this.established = true;
    this.emit('accepted', { originator: 'remote', response: { status_code: 200 } });
  }

  confirmed(): void {
    this.established = true;
    this.emit('confirmed', { originator: 'remote' });
  }

  /** Accepted and confirmed: the call is up. */
  up(): void {
    this.accepted();
    this.confirmed();
  }

  /** The oldest in-flight re-INVITE got its 200 OK. */
  completeReOffer(): void {
    const op = this.inFlight.shift();
    if (!op) throw new Error('no re-offer in flight');
    op.done();
  }

  /** The re-INVITE was refused: JsSIP terminates the call with cause 'WebRTC Error'. */
  failReOffer(): void {
    if (this.inFlight.length === 0) throw new Error('no re-offer in flight');
    this.inFlight.length = 0;
    this.end('local', 'WebRTC Error');
  }

  fail(originator: 'local' | 'remote' | 'system', cause: string, statusCode?: number, reasonPhrase?: string): void {
    this.ended = true;
    this.emit('failed', {
      originator,
      cause,
      message: statusCode === undefined ? null : { status_code: statusCode, reason_phrase: reasonPhrase },
    });
  }

  end(originator: 'local' | 'remote' | 'system', cause = 'Terminated'): void {
    this.ended = true;
    this.emit('ended', { originator, cause, message: null });
  }

  private reOffer(kind: ReOfferKind, done?: () => void): boolean {
    this.reOfferAttempts.push(kind);
    if (!this.established || this.ended) return false;
    if (kind === 'hold' && this.localHold) return false;
    if (kind === 'unhold' && !this.localHold) return false;
    if (!this.isReadyToReOffer()) return false;
    if (kind !== 'renegotiate') {
      this.localHold = kind === 'hold';
      // JsSIP announces the hold before the re-INVITE has even been sent.
      this.emit(kind, { originator: 'local' });
    }
    this.inFlight.push({ kind, done: done ?? (() => undefined) });
    return true;
  }
}

// --- media ---

export class FakeTrack {
  kind = 'audio';
  readyState: 'live' | 'ended' = 'live';
  readonly stop = vi.fn(() => {
    this.readyState = 'ended';
  });
  constructor(readonly label = 'mic') {}
  /** As in browsers, a clone of an ended track is born ended. */
  clone(): FakeTrack {
    const copy = new FakeTrack(`${this.label}'`);
    copy.readyState = this.readyState;
    return copy;
  }
}

export class FakeStream {
  readonly tracks: FakeTrack[];
  readonly clones: FakeStream[] = [];
  constructor(tracks?: FakeTrack[]) {
    this.tracks = tracks ?? [new FakeTrack()];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  clone(): FakeStream {
    const copy = new FakeStream(this.tracks.map((t) => t.clone()));
    this.clones.push(copy);
    return copy;
  }
  get allStopped(): boolean {
    return this.tracks.every((t) => t.readyState === 'ended');
  }
}

export const asStream = (s: FakeStream): MediaStream => s as unknown as MediaStream;
export const asFake = (s: MediaStream): FakeStream => s as unknown as FakeStream;

/** A promise whose settlement the test controls. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise chain run (no timers involved). */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

// --- JsSIP UA ---

export class FakeUa extends EventEmitter implements UaLike {
  registered = false;
  readonly sessions: FakeSession[] = [];
  readonly start = vi.fn(() => undefined);
  readonly stop = vi.fn(() => undefined);
  readonly register = vi.fn(() => undefined);
  readonly unregister = vi.fn((_options?: { all?: boolean }) => undefined);
  readonly call = vi.fn((_target: string, _options: Record<string, unknown>): SessionLike => {
    const session = new FakeSession('outgoing');
    this.sessions.push(session);
    return session;
  });

  constructor(readonly config: UaConfig) {
    super();
  }

  isRegistered(): boolean {
    return this.registered;
  }

  /** Socket up and REGISTER answered 200. */
  connectAndRegister(): void {
    this.emit('connecting', {});
    this.emit('connected', {});
    this.registered = true;
    this.emit('registered', {});
  }

  /** An INVITE arrives. */
  ring(from: { user: string; displayName?: string; host?: string }): FakeSession {
    const session = new FakeSession('incoming');
    const uri = `sip:${from.user}@${from.host ?? 'pbx.example.com'}`;
    this.emit('newRTCSession', {
      originator: 'remote',
      session,
      request: { from: { uri: { user: from.user, toString: () => uri }, display_name: from.displayName } },
    });
    return session;
  }
}

export function fakeUaFactory(): { createUa: ReturnType<typeof vi.fn<(c: UaConfig) => UaLike>>; uas: FakeUa[]; last(): FakeUa } {
  const uas: FakeUa[] = [];
  const createUa = vi.fn((config: UaConfig): UaLike => {
    const ua = new FakeUa(config);
    uas.push(ua);
    return ua;
  });
  return {
    createUa,
    uas,
    last() {
      const ua = uas.at(-1);
      if (!ua) throw new Error('no UA created');
      return ua;
    },
  };
}

// --- tones and speaker ---

export class FakeTones implements TonesLike {
  readonly playing = new Set<ToneName>();
  /** Every start that actually started a tone (a start of a playing tone is ignored, as TonePlayer does). */
  readonly started: ToneName[] = [];
  start(name: ToneName): void {
    if (this.playing.has(name)) return;
    this.playing.add(name);
    this.started.push(name);
  }
  stop(name: ToneName): void {
    this.playing.delete(name);
  }
  stopAll(): void {
    this.playing.clear();
  }
  readonly setDevices = vi.fn((_speakerId: string, _ringerId: string) => undefined);
}

export class FakeRemoteAudio implements RemoteAudioLike {
  readonly play = vi.fn((_callId: string, _track: MediaStreamTrack) => undefined);
  readonly stop = vi.fn((_callId: string) => undefined);
  readonly setDevice = vi.fn((_deviceId: string) => undefined);
  currentVolume = 1;
  readonly setVolume = vi.fn((volume: number) => (this.currentVolume = Math.min(1, Math.max(0, volume))));
}
