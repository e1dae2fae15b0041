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
  /** What refer() does: hand out a subscriber (JsSIP's normal case), refuse (false: not confirmed) or throw (bad target). */
  referBehaviour: 'subscribe' | false | Error = 'subscribe';
  /** Every REFER we sent (transferor side). */
  readonly refers: FakeReferSubscriber[] = [];
  readonly refer = vi.fn((target: string, options: Record<string, unknown> = {}): FakeReferSubscriber | false => {
    if (this.referBehaviour instanceof Error) throw this.referBehaviour;
    if (this.referBehaviour === false) return false;
    const subscriber = new FakeReferSubscriber(target, options);
    this.refers.push(subscriber);
    return subscriber;
  });

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

  /** `reason`: the Reason header of the far end's BYE. */
  end(originator: 'local' | 'remote' | 'system', cause = 'Terminated', reason?: string): void {
    this.ended = true;
    const message = reason === undefined ? null : { getHeader: (name: string) => (name.toLowerCase() === 'reason' ? reason : undefined) };
    this.emit('ended', { originator, cause, message });
  }

  /**
   * The far end sent us a REFER (we are the transferee). As in JsSIP, accept() starts a new
   * outgoing session (init callback first, synchronously) only while this dialog is confirmed, and
   * its wrapper returns nothing. Returns what happened, for the test to inspect.
   */
  receiveRefer(user: string, host = 'pbx.example.com'): ReceivedRefer {
    const uri = `sip:${user}@${host}`;
    const received: ReceivedRefer = {
      accepted: null,
      acceptOptions: null,
      rejected: false,
      accept: vi.fn((init: (session: SessionLike) => void, options: Record<string, unknown> = {}) => {
        if (!this.established || this.ended) return undefined;
        const session = new FakeSession('outgoing');
        received.accepted = session;
        received.acceptOptions = options;
        init(session);
        return undefined;
      }),
      reject: vi.fn(() => {
        received.rejected = true;
      }),
    };
    this.emit('refer', { request: { refer_to: { uri: { user, toString: () => uri } } }, accept: received.accept, reject: received.reject });
    return received;
  }

  /**
   * An INVITE with Replaces naming this dialog arrived (we are the transfer target). As in JsSIP,
   * accept() builds the new incoming session and calls the init callback before the UA announces it.
   */
  receiveReplaces(): ReceivedReplaces {
    const received: ReceivedReplaces = {
      session: null,
      accept: vi.fn((init: (session: SessionLike) => void) => {
        if (!this.established || this.ended) return undefined;
        const session = new FakeSession('incoming');
        received.session = session;
        init(session);
        return undefined;
      }),
      reject: vi.fn(() => undefined),
    };
    this.emit('replaces', { request: {}, accept: received.accept, reject: received.reject });
    return received;
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

export interface ReceivedRefer {
  accepted: FakeSession | null;
  acceptOptions: Record<string, unknown> | null;
  rejected: boolean;
  accept: ReturnType<typeof vi.fn>;
  reject: ReturnType<typeof vi.fn>;
}

export interface ReceivedReplaces {
  session: FakeSession | null;
  accept: ReturnType<typeof vi.fn>;
  reject: ReturnType<typeof vi.fn>;
}

/**
 * JsSIP's ReferSubscriber for a REFER we sent: the eventHandlers given to refer() listen on it,
 * and the test plays the REFER's response and the NOTIFYs (sipfrag status lines, as JsSIP maps them).
 */
export class FakeReferSubscriber extends EventEmitter {
  constructor(
    readonly target: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
    const handlers = (options.eventHandlers ?? {}) as Record<string, (e: unknown) => void>;
    for (const [event, handler] of Object.entries(handlers)) this.on(event, handler);
  }

  /** 202 Accepted to the REFER. */
  requestSucceeded(): void {
    this.emit('requestSucceeded', { response: { status_code: 202, reason_phrase: 'Accepted' } });
  }

  /** The REFER itself was refused (`code`) or never answered (no response, JsSIP's cause only). */
  requestFailed(code?: number, reasonPhrase?: string, cause = 'Rejected'): void {
    this.emit('requestFailed', { response: code === undefined ? null : { status_code: code, reason_phrase: reasonPhrase }, cause });
  }

  /** A NOTIFY with `SIP/2.0 <code> <reason>` (JsSIP's Grammar gives the code as a string). */
  notify(code: number, reasonPhrase = ''): void {
    const status_line = { status_code: String(code), reason_phrase: reasonPhrase };
    const event = code === 100 ? 'trying' : code < 200 ? 'progress' : code < 300 ? 'accepted' : 'failed';
    this.emit(event, { request: {}, status_line });
  }
}

// --- media ---

export class FakeTrack {
  kind = 'audio';
  readyState: 'live' | 'ended' = 'live';
  readonly stop = vi.fn(() => {
    this.readyState = 'ended';
  });
  constructor(
    readonly label = 'mic',
    kind: 'audio' | 'video' = 'audio',
  ) {
    this.kind = kind;
  }
  /** As in browsers, a clone of an ended track is born ended. */
  clone(): FakeTrack {
    const copy = new FakeTrack(`${this.label}'`, this.kind as 'audio' | 'video');
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

export const asTrack = (t: FakeTrack): MediaStreamTrack => t as unknown as MediaStreamTrack;

type Direction = RTCRtpTransceiverDirection;

/** An RTCRtpTransceiver: `direction` is what we want, `currentDirection` what the last answer settled. */
export class FakeTransceiver {
  direction: Direction;
  currentDirection: Direction | null = null;
  readonly sender: { track: FakeTrack | null; replaceTrack: ReturnType<typeof vi.fn<(t: FakeTrack | null) => Promise<void>>> };
  readonly receiver: { track: FakeTrack };
  constructor(kind: 'audio' | 'video', init: { direction?: Direction; sending?: FakeTrack | null; remoteTrack?: FakeTrack } = {}) {
    this.direction = init.direction ?? 'sendrecv';
    const sender = {
      track: init.sending ?? null,
      replaceTrack: vi.fn(async (t: FakeTrack | null) => {
        sender.track = t;
      }),
    };
    this.sender = sender;
    // As in browsers, a transceiver's receiver has a track of its kind from the start.
    this.receiver = { track: init.remoteTrack ?? new FakeTrack(`remote ${kind}`, kind) };
  }
}

/**
 * The part of RTCPeerConnection the telephony core reads: transceivers (and their senders and
 * receivers), the signaling state, and `track` / `signalingstatechange` events the test fires.
 */
export class FakePeerConnection {
  signalingState: RTCSignalingState = 'stable';
  /** Null until an answer was applied (settle()). */
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  private readonly listeners = new Map<string, Array<(e: unknown) => void>>();
  /** Set to give the connection getStats (call-quality sampling). */
  getStats?: () => Promise<Map<string, Record<string, unknown>>>;

  constructor(transceivers: FakeTransceiver[] = []) {
    this.transceivers.push(...transceivers);
  }

  /** An audio call already negotiated: one sendrecv audio transceiver sending `mic`. */
  static audioCall(mic: FakeTrack | null = new FakeTrack('mic')): FakePeerConnection {
    const t = new FakeTransceiver('audio', { sending: mic });
    t.currentDirection = 'sendrecv';
    const pc = new FakePeerConnection([t]);
    pc.remoteDescription = { type: 'answer', sdp: '' };
    return pc;
  }

  readonly addEventListener = vi.fn((type: string, listener: (e: unknown) => void) => {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  });

  readonly addTransceiver = vi.fn((trackOrKind: FakeTrack | 'audio' | 'video', init: { direction?: Direction; streams?: unknown[] } = {}) => {
    const kind = typeof trackOrKind === 'string' ? trackOrKind : (trackOrKind.kind as 'audio' | 'video');
    const t = new FakeTransceiver(kind, { direction: init.direction, sending: typeof trackOrKind === 'string' ? null : trackOrKind });
    this.transceivers.push(t);
    return t;
  });

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  getSenders(): Array<FakeTransceiver['sender']> {
    return this.transceivers.map((t) => t.sender);
  }

  getReceivers(): Array<FakeTransceiver['receiver']> {
    return this.transceivers.map((t) => t.receiver);
  }

  get videoTransceivers(): FakeTransceiver[] {
    return this.transceivers.filter((t) => t.receiver.track.kind === 'video');
  }

  dispatch(type: string, event: unknown = {}): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }

  /**
   * What Chrome does once an answer rejected an m-line (port 0): the stopped transceiver is removed
   * from the connection altogether (WebRTC 1.0, "set the session description", stopped transceivers).
   */
  dropStopped(): void {
    for (let i = this.transceivers.length - 1; i >= 0; i--) if (this.transceivers[i]!.currentDirection === 'stopped') this.transceivers.splice(i, 1);
  }

  /** A remote track arrived. */
  fireTrack(track: FakeTrack, streams: unknown[] = []): void {
    this.dispatch('track', { track, streams });
  }

  /**
   * An answer was applied: each transceiver's currentDirection becomes what `verdict` says
   * (default: what we asked for), then the signaling state goes back to stable.
   */
  settle(verdict: (t: FakeTransceiver) => Direction | null = (t) => t.direction): void {
    for (const t of this.transceivers) t.currentDirection = verdict(t);
    this.remoteDescription = { type: 'answer', sdp: '' };
    this.signalingState = 'stable';
    this.dispatch('signalingstatechange');
  }
}

export const asPc = (pc: FakePeerConnection): RTCPeerConnection => pc as unknown as RTCPeerConnection;

// --- WebAudio (the conference mixer) ---

/**
 * A WebAudio graph that only records who is connected to whom. disconnect(node) of a node that is
 * not connected throws, as browsers do (InvalidAccessError).
 */
export class FakeNode {
  readonly outputs = new Set<FakeNode>();
  /** Every node this one was ever connected to, in order (outputs minus disconnections is `outputs`). */
  readonly history: FakeNode[] = [];
  constructor(readonly ctx: FakeAudioContext) {
    ctx.nodes.push(this);
  }
  connect(to: FakeNode): FakeNode {
    this.outputs.add(to);
    this.history.push(to);
    return to;
  }
  disconnect(from?: FakeNode): void {
    if (from === undefined) {
      this.outputs.clear();
      return;
    }
    if (!this.outputs.delete(from)) throw new Error('InvalidAccessError: not connected');
  }
}

export class FakeGain extends FakeNode {
  readonly gain = { value: 1 };
}

export class FakeSource extends FakeNode {
  constructor(
    ctx: FakeAudioContext,
    readonly mediaStream: FakeStream,
  ) {
    super(ctx);
  }
  get track(): FakeTrack {
    return this.mediaStream.tracks[0]!;
  }
}

export class FakeDestination extends FakeNode {
  readonly stream = new FakeStream([new FakeTrack('mix')]);
}

export class FakeCompressor extends FakeNode {
  readonly threshold = { value: -24 };
  readonly knee = { value: 30 };
  readonly ratio = { value: 12 };
  readonly attack = { value: 0.003 };
  readonly release = { value: 0.25 };
}

export class FakeOscillator extends FakeNode {
  readonly frequency = { value: 0 };
  readonly start = vi.fn((_at?: number) => undefined);
  readonly stop = vi.fn((_at?: number) => undefined);
}

export class FakeAudioContext {
  readonly nodes: FakeNode[] = [];
  currentTime = 12;
  readonly close = vi.fn(async () => undefined);
  createGain = () => new FakeGain(this);
  createMediaStreamSource = (stream: FakeStream) => new FakeSource(this, stream);
  createMediaStreamDestination = () => new FakeDestination(this);
  createOscillator = () => new FakeOscillator(this);
  createDynamicsCompressor = () => new FakeCompressor(this);

  get sources(): FakeSource[] {
    return this.nodes.filter((n): n is FakeSource => n instanceof FakeSource);
  }
  get destinations(): FakeDestination[] {
    return this.nodes.filter((n): n is FakeDestination => n instanceof FakeDestination);
  }
  get oscillators(): FakeOscillator[] {
    return this.nodes.filter((n): n is FakeOscillator => n instanceof FakeOscillator);
  }

  /** The destination whose stream carries `track` (what a leg is sent, or a recording tap). */
  destinationOf(track: MediaStreamTrack | FakeTrack): FakeDestination {
    const dest = this.destinations.find((d) => d.stream.tracks[0] === (track as unknown));
    if (!dest) throw new Error('not a destination track');
    return dest;
  }

  /** The current source for a remote/microphone track (the newest, in case it was replaced). */
  sourceOf(track: FakeTrack): FakeSource | undefined {
    return this.sources.filter((s) => s.track === track).at(-1);
  }

  /** The labels of the input tracks that reach `dest` through their source → gain → … chain. */
  heardBy(dest: FakeDestination): string[] {
    const heard: string[] = [];
    for (const source of this.sources) {
      for (const gain of source.outputs) if (this.reaches(gain, dest)) heard.push(source.track.label);
    }
    return heard.sort();
  }

  /** Whether sound from `from` gets to `to` through the current connections. */
  reaches(from: FakeNode, to: FakeNode, seen = new Set<FakeNode>()): boolean {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return [...from.outputs].some((next) => this.reaches(next, to, seen));
  }

  gainOf(track: FakeTrack): FakeGain {
    const source = this.sourceOf(track);
    const gain = source?.history[0];
    if (!(gain instanceof FakeGain)) throw new Error(`no gain for ${track.label}`);
    return gain;
  }
}

export const asAudioContext = (ctx: FakeAudioContext): AudioContext => ctx as unknown as AudioContext;

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
  ring(from: { user: string; displayName?: string; host?: string; body?: string; session?: FakeSession }): FakeSession {
    const session = from.session ?? new FakeSession('incoming');
    const uri = `sip:${from.user}@${from.host ?? 'pbx.example.com'}`;
    this.emit('newRTCSession', {
      originator: 'remote',
      session,
      request: { from: { uri: { user: from.user, toString: () => uri }, display_name: from.displayName }, body: from.body },
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
  readonly setMuted = vi.fn((_callId: string, _muted: boolean) => undefined);
  currentVolume = 1;
  readonly setVolume = vi.fn((volume: number) => (this.currentVolume = Math.min(1, Math.max(0, volume))));
}
