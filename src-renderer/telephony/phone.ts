/**
 * The phone: one account, up to two calls, the microphone, the tones and the speaker.
 *
 * Plain TypeScript (no Vue); the UI subscribes to `change` and calls the actions. Every action
 * that can fail for a reason the user must hear about throws a `PhoneError` with a kind that the UI
 * translates.
 */
import { Account, type CreateUa, type SignInConfig } from './account';
import { Call } from './call';
import { toDialTarget } from './dial-target';
import { Emitter } from './emitter';
import { MAX_LINES, callsToHold, isWaitingCall, liveCalls, swapPlan } from './lines';
import type { Microphone } from './microphone';
import type { CallSnapshot, FinishedCall, RegistrationSnapshot } from './types';
import type { DtmfMode, IceServerSetting } from '../../src-preload/contract';
import type { ToneName } from './tones';
import type { SubscribeUa } from './subscriber-port';
import { mixTracks, type RecordingSource } from './recording-source';

export type PhoneErrorKind =
  | 'not-registered'
  | 'no-free-line'
  | 'invalid-target'
  | 'microphone'
  | 'hold-failed'
  | 'no-such-call'
  /** Anything else; the details go to the console for support. */
  | 'unexpected';

export class PhoneError extends Error {
  constructor(
    readonly kind: PhoneErrorKind,
    detail?: string,
  ) {
    super(detail ? `${kind}: ${detail}` : kind);
  }
}

export interface PhoneSnapshot {
  registration: RegistrationSnapshot;
  calls: CallSnapshot[];
}

export interface PhoneEvents extends Record<string, unknown> {
  change: PhoneSnapshot;
  /** A call started ringing here (for attention: popups, flashing). */
  incoming: CallSnapshot;
  'call-finished': FinishedCall;
}

export interface TonesLike {
  start(name: ToneName): void;
  stop(name: ToneName): void;
  stopAll(): void;
  setDevices(speakerId: string, ringerId: string): void;
}

export interface RemoteAudioLike {
  play(callId: string, track: MediaStreamTrack): void;
  stop(callId: string): void;
  setDevice(deviceId: string): void;
  setVolume(volume: number): number;
  readonly currentVolume: number;
}

export interface PhoneDeps {
  createUa: CreateUa;
  microphone: Microphone;
  remoteAudio: RemoteAudioLike;
  tones: TonesLike;
  userAgent: string;
  /** How long an ended call stays on screen with its outcome (ms). */
  endedLingerMs?: number;
}

export interface PhoneAccountConfig extends SignInConfig {
  dtmfMode: DtmfMode;
  iceServers: IceServerSetting[];
}

/** 486: both lines are taken; the PBX applies its busy handling (voicemail, next agent). */
const NO_FREE_LINE = { status_code: 486, reason_phrase: 'Busy Here' } as const;

export class Phone extends Emitter<PhoneEvents> {
  private readonly account: Account;
  private readonly calls = new Map<string, Call>();
  /** Lines claimed by calls still being set up (waiting for the microphone or a hold). */
  private reservedLines = 0;
  /** Calls that hold a share of the microphone, to give back when they end. */
  private readonly micUsers = new Set<string>();
  private dtmfMode: DtmfMode = 'rfc4733';
  private iceServers: IceServerSetting[] = [];

  constructor(private readonly deps: PhoneDeps) {
    super();
    this.account = new Account(deps.createUa, deps.userAgent);
    this.account.on('change', () => this.changed());
    this.account.on('incoming', ({ session, remote }) => {
      if (!this.hasFreeLine()) {
        session.terminate(NO_FREE_LINE);
        return;
      }
      const call = this.track(new Call(session, { direction: 'incoming', remote, dtmfMode: this.dtmfMode, ice: this.iceOptions() }));
      void this.deps.microphone.warm();
      this.emit('incoming', call.snapshot());
    });
  }

  /** The UA for SUBSCRIBE-based features (voicemail, presence), while registered. */
  get subscriptionUa(): SubscribeUa | null {
    const ua = this.account.userAgentInstance;
    if (!ua?.subscribe || this.account.snapshot.state !== 'registered') return null;
    const subscribe = ua.subscribe.bind(ua);
    return { subscribe };
  }

  /** Both directions of a call mixed into one track, for recording it. */
  recordingSource(id: string): RecordingSource {
    const tracks = this.get(id).audioTracks();
    if (tracks.length === 0) throw new PhoneError('no-such-call', `${id} has no media yet`);
    return mixTracks(tracks);
  }

  /** The SIP domain of the signed-in account. */
  get domain(): string {
    return this.account.domain;
  }

  snapshot(): PhoneSnapshot {
    return { registration: this.account.snapshot, calls: this.snapshots() };
  }

  signIn(config: PhoneAccountConfig): void {
    this.configure(config);
    this.account.signIn(config);
  }

  /** Call options that can change while signed in; they apply from the next call on. */
  configure(options: { dtmfMode: DtmfMode; iceServers: IceServerSetting[] }): void {
    this.dtmfMode = options.dtmfMode;
    this.iceServers = options.iceServers;
  }

  async signOut(): Promise<void> {
    for (const call of this.calls.values()) call.hangUp();
    this.deps.tones.stopAll();
    this.deps.microphone.close();
    await this.account.signOut();
  }

  retryRegistration(): void {
    this.account.retryNow();
  }

  /** The machine woke up or changed networks: register again now and move live calls to the new path. */
  async recoverNetwork(): Promise<void> {
    this.account.retryNow();
    await Promise.allSettled([...this.calls.values()].map((c) => c.restartIce()));
  }

  /** The user is about to call (typing a number, opening the keypad): get the microphone ready. */
  warmUp(): void {
    if (this.account.snapshot.state === 'registered') void this.deps.microphone.warm();
  }

  setDevices(devices: { microphoneId: string; speakerId: string; ringerId: string }): void {
    this.deps.microphone.setDevice(devices.microphoneId);
    this.deps.remoteAudio.setDevice(devices.speakerId);
    this.deps.tones.setDevices(devices.speakerId, devices.ringerId);
  }

  /** Places a call; a call already going on is put on hold first. */
  async call(input: string): Promise<CallSnapshot> {
    const ua = this.account.userAgentInstance;
    if (!ua || this.account.snapshot.state !== 'registered') throw new PhoneError('not-registered');
    const target = toDialTarget(input, this.account.domain);
    if (!target.ok) throw new PhoneError('invalid-target', target.reason);
    if (!this.hasFreeLine()) throw new PhoneError('no-free-line');
    this.reservedLines++;
    let stream: MediaStream;
    try {
      stream = await this.prepareMedia();
    } finally {
      this.reservedLines--;
    }
    let call: Call;
    try {
      const session = ua.call(target.uri, { mediaStream: stream, pcConfig: this.pcConfig() });
      call = new Call(session, {
        direction: 'outgoing',
        remote: { number: target.number, name: '', uri: target.uri },
        dtmfMode: this.dtmfMode,
        ice: this.iceOptions(),
      });
    } catch (error) {
      this.releaseMic(stream);
      throw error;
    }
    call.adoptLocalStream(stream);
    this.micUsers.add(call.id);
    this.track(call);
    return call.snapshot();
  }

  async answer(id: string): Promise<void> {
    const call = this.get(id);
    const stream = await this.prepareMedia(id);
    if (call.isEnded) {
      this.releaseMic(stream);
      return;
    }
    this.micUsers.add(call.id);
    call.answer(stream, this.pcConfig());
  }

  decline(id: string): void {
    this.get(id).decline();
  }

  hangUp(id: string): void {
    this.get(id).hangUp();
  }

  setMuted(id: string, muted: boolean): void {
    this.get(id).setMuted(muted);
  }

  async hold(id: string): Promise<void> {
    const call = this.get(id);
    await this.withHoldErrors(() => call.hold());
  }

  async resume(id: string): Promise<void> {
    const call = this.get(id);
    await this.holdOthers(id);
    await this.withHoldErrors(() => call.resume());
  }

  /** Puts the active call on hold and brings back the held one. */
  async swap(): Promise<void> {
    const plan = swapPlan(this.snapshots());
    if (!plan) return;
    const toHold = plan.hold ? this.get(plan.hold.id) : null;
    const toResume = this.get(plan.resume.id);
    if (toHold) await this.withHoldErrors(() => toHold.hold());
    await this.withHoldErrors(() => toResume.resume());
  }

  /** Headset volume keys: a tenth louder or quieter; returns the new volume (0..1). */
  stepVolume(direction: 'up' | 'down'): number {
    const step = direction === 'up' ? 0.1 : -0.1;
    return this.deps.remoteAudio.setVolume(Math.round((this.deps.remoteAudio.currentVolume + step) * 10) / 10);
  }

  sendDtmf(id: string, digits: string): void {
    this.get(id).sendDtmf(digits);
  }

  private track(call: Call): Call {
    this.calls.set(call.id, call);
    call.on('change', () => this.changed());
    call.on('track', ({ track }) => {
      if (track.kind === 'audio') this.deps.remoteAudio.play(call.id, track);
    });
    call.on('ended', (finished) => {
      this.deps.remoteAudio.stop(call.id);
      if (this.micUsers.delete(call.id)) this.deps.microphone.release();
      this.emit('call-finished', finished);
      setTimeout(() => {
        this.calls.delete(call.id);
        this.changed();
      }, this.deps.endedLingerMs ?? 4000);
    });
    this.changed();
    return call;
  }

  /**
   * The microphone for a new or answered call, after the other calls are on hold. If the hold
   * fails, the microphone share is given back before the error goes up.
   */
  private async prepareMedia(exceptId?: string): Promise<MediaStream> {
    const [mic, held] = await Promise.allSettled([this.micForCall(), this.holdOthers(exceptId)]);
    if (mic.status === 'rejected') throw mic.reason;
    if (held.status === 'rejected') {
      this.releaseMic(mic.value);
      throw held.reason;
    }
    return mic.value;
  }

  private hasFreeLine(): boolean {
    return liveCalls(this.snapshots()).length + this.reservedLines < MAX_LINES;
  }

  private async micForCall(): Promise<MediaStream> {
    try {
      return await this.deps.microphone.forCall();
    } catch (error) {
      throw new PhoneError('microphone', (error as Error)?.name ?? String(error));
    }
  }

  private releaseMic(stream: MediaStream): void {
    stream.getTracks().forEach((t) => t.stop());
    this.deps.microphone.release();
  }

  private async holdOthers(exceptId?: string): Promise<void> {
    await Promise.all(callsToHold(this.snapshots(), exceptId).map((c) => this.withHoldErrors(() => this.get(c.id).hold())));
  }

  private async withHoldErrors(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      throw new PhoneError('hold-failed', (error as Error)?.message);
    }
  }

  private get(id: string): Call {
    const call = this.calls.get(id);
    if (!call) throw new PhoneError('no-such-call', id);
    return call;
  }

  private snapshots(): CallSnapshot[] {
    return [...this.calls.values()].map((c) => c.snapshot());
  }

  private pcConfig(): RTCConfiguration {
    return {
      iceServers: this.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential })),
      // 'max-bundle' breaks calls to PBXs and phones that do not do BUNDLE; 'balanced' still bundles when offered.
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
    };
  }

  private iceOptions(): { hasStun: boolean; hasTurn: boolean; maxWaitMs: number } {
    return {
      hasStun: this.iceServers.some((s) => /^stuns?:/.test(s.urls)),
      hasTurn: this.iceServers.some((s) => /^turns?:/.test(s.urls)),
      // A reachable STUN server answers in one round trip and a TURN allocation in two; past
      // 400 ms the server is most likely unreachable, and the call must still go out within 1 s.
      maxWaitMs: 400,
    };
  }

  private changed(): void {
    this.updateTones();
    this.emit('change', this.snapshot());
  }

  private updateTones(): void {
    const calls = liveCalls(this.snapshots());
    const { tones } = this.deps;
    const ringing = calls.filter((c) => c.state === 'incoming');
    const waiting = ringing.some((c) => isWaitingCall(calls, c.id));
    if (ringing.length > 0 && !waiting) tones.start('ringtone');
    else tones.stop('ringtone');
    if (waiting) tones.start('waiting');
    else tones.stop('waiting');
    const ringingOut = calls.some((c) => c.state === 'ringing-out' && !this.calls.get(c.id)?.earlyMedia);
    if (ringingOut) tones.start('ringback');
    else tones.stop('ringback');
  }
}
