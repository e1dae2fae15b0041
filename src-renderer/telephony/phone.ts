/**
 * The phone: one account, up to two calls, the microphone, the tones and the speaker.
 *
 * Plain TypeScript (no Vue); the UI subscribes to `change` and calls the actions. Every action
 * that can fail for a reason the user must hear about throws a `PhoneError` with a kind that the UI
 * translates.
 */
import { Account, type AccountEvents, type CreateUa, type SignInConfig } from './account';
import { Call } from './call';
import { toDialTarget } from './dial-target';
import { Emitter } from './emitter';
import { MAX_LINES, callsToHold, isWaitingCall, liveCalls, swapPlan } from './lines';
import { Conference, MAX_LEGS, type ConferenceSnapshot } from './conference';
import { ConferenceMixer } from './conference-mixer';
import type { ReferRequest, SessionLike } from './call';
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
  /** A conference holds 9 parties, the host included. */
  | 'conference-full'
  /** Merge needs two calls in progress. */
  | 'nothing-to-merge'
  /** The camera is missing, busy or refused. */
  | 'camera'
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
  conference: ConferenceSnapshot | null;
  /** Attended transfers in preparation: the consultation call for each original call. */
  consultations: Consultation[];
}

export interface Consultation {
  originalId: string;
  consultId: string;
}

export interface CallOptionsInput {
  /** Start with the camera on. */
  video?: boolean;
}

export interface PhoneEvents extends Record<string, unknown> {
  /** A SIP MESSAGE arrived (chat). */
  message: AccountEvents['message'];
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
  /** Silence one call in the speaker (a conference participant the host muted). */
  setMuted?(callId: string, muted: boolean): void;
}

export interface PhoneDeps {
  createUa: CreateUa;
  microphone: Microphone;
  remoteAudio: RemoteAudioLike;
  tones: TonesLike;
  userAgent: string;
  /** How long an ended call stays on screen with its outcome (ms). */
  endedLingerMs?: number;
  /** A camera track for video calls. */
  openCamera?: (deviceId: string) => Promise<MediaStreamTrack>;
  /** The conference mixer's audio context. */
  createAudioContext?: () => AudioContext;
}

export interface PhoneAccountConfig extends SignInConfig {
  dtmfMode: DtmfMode;
  iceServers: IceServerSetting[];
}

/** 486: both lines are taken; the PBX applies its busy handling (voicemail, next agent). */
const NO_FREE_LINE = { status_code: 486, reason_phrase: 'Busy Here' } as const;
/**
 * Do not disturb (J3): 486 rather than 603. 603 Decline means "this user does not want this call
 * anywhere", and forking proxies then stop trying the user's other devices; PBXs (Asterisk,
 * FreePBX, Kamailio failure routes) run their busy handling — voicemail, forwarding on busy —
 * on 486, which is what a colleague who asked not to be disturbed expects.
 */
const DO_NOT_DISTURB = { status_code: 486, reason_phrase: 'Do Not Disturb' } as const;

export class Phone extends Emitter<PhoneEvents> {
  private readonly account: Account;
  private readonly calls = new Map<string, Call>();
  /** Lines claimed by calls still being set up (waiting for the microphone or a hold). */
  private reservedLines = 0;
  /** Calls that hold a share of the microphone, to give back when they end. */
  private readonly micUsers = new Set<string>();
  private dtmfMode: DtmfMode = 'rfc4733';
  private iceServers: IceServerSetting[] = [];
  private cameraId = 'default';
  private conference: Conference | null = null;
  /** The conference's own microphone share, given back when it ends. */
  private conferenceMic: MediaStream | null = null;
  /** consultation call id → the call it would transfer (attended transfer). */
  private readonly consultations = new Map<string, string>();
  /** Calls whose answer is under way. */
  private readonly answering = new Set<string>();
  /** Incoming calls that take over a replaced call: they ring for no one until answered. */
  private readonly takingOver = new Set<string>();
  /** Sessions that arrive as INVITE-with-Replaces we accepted: answer them at once, without ringing. */
  private readonly replacing = new Map<string, string>();
  private incomingFilter: ((session: SessionLike, request: unknown) => boolean) | null = null;
  /** The far end's video, per call. */
  private readonly remoteVideo = new Map<string, MediaStream>();
  private doNotDisturb = false;

  constructor(private readonly deps: PhoneDeps) {
    super();
    this.account = new Account(deps.createUa, deps.userAgent);
    this.account.on('change', () => this.changed());
    this.account.on('message', (message) => this.emit('message', message));
    this.account.on('incoming', ({ session, remote, offersVideo, request }) => {
      // Not a call at all (a file transfer's data channel, say): whoever claims it handles it.
      if (this.incomingFilter?.(session, request)) return;
      const replaced = this.replacing.get(session.id);
      this.replacing.delete(session.id);
      if (!replaced && this.doNotDisturb) {
        session.terminate(DO_NOT_DISTURB);
        return;
      }
      if (!replaced && !this.hasFreeLine()) {
        session.terminate(NO_FREE_LINE);
        return;
      }
      if (replaced) this.takingOver.add(session.id);
      const call = this.track(
        new Call(session, { direction: 'incoming', remote, dtmfMode: this.dtmfMode, ice: this.iceOptions(), offersVideo }),
      );
      if (replaced) {
        // An attended transfer hands us the transferee in place of our consultation call: take it over silently.
        void this.answer(call.id, { video: false }, replaced).catch((error) => console.warn('could not take over the transferred call', error));
        return;
      }
      void this.deps.microphone.warm();
      this.emit('incoming', call.snapshot());
    });
  }

  /** Do not disturb: new calls are turned away before they ring (a transfer we asked for still arrives). */
  setDoNotDisturb(on: boolean): void {
    this.doNotDisturb = on;
  }

  /**
   * Lets another feature claim incoming INVITEs that are not calls (chat's file transfer over a
   * data channel): return true to take the session; the phone then neither rings nor tracks it.
   */
  setIncomingFilter(filter: ((session: SessionLike, request: unknown) => boolean) | null): void {
    this.incomingFilter = filter;
  }

  /** Sends a SIP MESSAGE (chat); throws PhoneError('not-registered') while offline. */
  sendMessage(target: string, body: string, options: Record<string, unknown> = {}): void {
    const ua = this.account.userAgentInstance;
    if (!ua?.sendMessage || this.account.snapshot.state !== 'registered') throw new PhoneError('not-registered');
    ua.sendMessage(target, body, options);
  }

  /** The JsSIP UA for features that start their own sessions (chat's file transfer), while registered. */
  get sessionUa(): { call(target: string, options: Record<string, unknown>): SessionLike } | null {
    const ua = this.account.userAgentInstance;
    return ua && this.account.snapshot.state === 'registered' ? ua : null;
  }

  /** The UA for SUBSCRIBE-based features (voicemail, presence), while registered. */
  get subscriptionUa(): SubscribeUa | null {
    const ua = this.account.userAgentInstance;
    if (!ua?.subscribe || this.account.snapshot.state !== 'registered') return null;
    const subscribe = ua.subscribe.bind(ua);
    return { subscribe, request: ua.request };
  }

  /** Both directions of a call (or a whole conference, by its id) mixed into one track, for recording it. */
  recordingSource(id: string): RecordingSource {
    if (this.conference && (id === this.conference.id || this.conference.has(id))) return this.conference.recordingTap();
    const tracks = this.get(id).audioTracks();
    if (tracks.length === 0) throw new PhoneError('no-such-call', `${id} has no media yet`);
    return mixTracks(tracks);
  }

  /** The SIP domain of the signed-in account. */
  get domain(): string {
    return this.account.domain;
  }

  snapshot(): PhoneSnapshot {
    return {
      registration: this.account.snapshot,
      calls: this.snapshots(),
      conference: this.conference?.snapshot() ?? null,
      consultations: [...this.consultations].map(([consultId, originalId]) => ({ consultId, originalId })),
    };
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
    // Participants hear the end signal and read why, as when the host ends it.
    if (this.conference) await this.conference.endForAll().catch((error) => console.warn('could not end the conference cleanly', error));
    for (const call of this.calls.values()) {
      try {
        call.hangUp();
      } catch (error) {
        console.warn('could not hang up a call at sign-out', error);
      }
    }
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

  setDevices(devices: { microphoneId: string; speakerId: string; ringerId: string; cameraId?: string }): void {
    if (devices.cameraId) this.cameraId = devices.cameraId;
    this.deps.microphone.setDevice(devices.microphoneId);
    this.deps.remoteAudio.setDevice(devices.speakerId);
    this.deps.tones.setDevices(devices.speakerId, devices.ringerId);
  }

  /** Places a call; a call already going on is put on hold first. */
  async call(input: string, options: CallOptionsInput = {}): Promise<CallSnapshot> {
    return this.placeCall(input, options, 'line');
  }

  private async placeCall(input: string, options: CallOptionsInput, purpose: 'line' | 'conference'): Promise<CallSnapshot> {
    const ua = this.account.userAgentInstance;
    if (!ua || this.account.snapshot.state !== 'registered') throw new PhoneError('not-registered');
    const target = toDialTarget(input, this.account.domain);
    if (!target.ok) throw new PhoneError('invalid-target', target.reason);
    if (purpose === 'line' && !this.hasFreeLine()) throw new PhoneError('no-free-line');
    if (purpose === 'conference' && (this.conference?.size ?? 0) >= MAX_LEGS) throw new PhoneError('conference-full');
    if (purpose === 'line') this.reservedLines++;
    let stream: MediaStream;
    try {
      // An invitation to the conference must not put the conference's own legs on hold.
      stream = purpose === 'conference' ? await this.micForCall() : await this.prepareMedia();
      if (options.video) stream = await this.withCamera(stream);
    } finally {
      if (purpose === 'line') this.reservedLines--;
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
    if (purpose === 'conference' && this.conference) this.conference.add(call);
    this.track(call);
    return call.snapshot();
  }

  /**
   * Answers a ringing call, with the camera on when asked. `replacing` is the call an attended
   * transfer hands over (it must not be put on hold; it ends once this one is confirmed).
   */
  async answer(id: string, options: CallOptionsInput = {}, replacing?: string): Promise<void> {
    const call = this.get(id);
    // A second press (headset and click together) must not open a second microphone share.
    if (this.answering.has(id)) return;
    this.answering.add(id);
    try {
      let stream = await this.prepareMedia(replacing ? [id, replacing] : [id]);
      let cameraFailure: unknown = null;
      if (options.video) {
        const camera = await this.openCamera().catch((error: unknown) => {
          cameraFailure = error;
          return null;
        });
        if (camera) stream = new MediaStream([...stream.getAudioTracks(), camera]);
      }
      if (call.isEnded || call.snapshot().state !== 'incoming') {
        this.releaseMic(stream);
        return;
      }
      this.micUsers.add(call.id);
      call.answer(stream, this.pcConfig());
      // A missing or busy camera must never cost the call: it is answered with audio, and the user is told why.
      if (cameraFailure) throw cameraFailure;
    } finally {
      this.answering.delete(id);
    }
  }

  /** Turns the camera on in a call in progress (audio → video, renegotiated). */
  async startVideo(id: string): Promise<void> {
    const call = this.get(id);
    const camera = await this.openCamera();
    await this.withHoldErrors(() => call.startVideo(camera));
  }

  async stopVideo(id: string): Promise<void> {
    const call = this.get(id);
    await this.withHoldErrors(() => call.stopVideo());
  }

  /** What the far end's camera sends, and what ours does (for the preview). */
  videoStreams(id: string): { remote: MediaStream | null; local: MediaStream | null } {
    const call = this.calls.get(id);
    const camera = call?.cameraTrack;
    return { remote: this.remoteVideo.get(id) ?? null, local: camera ? new MediaStream([camera]) : null };
  }

  /** Blind transfer (REFER): the far end is sent to `input`; progress shows in the call's snapshot. */
  transfer(id: string, input: string): void {
    const call = this.get(id);
    const target = toDialTarget(input, this.account.domain);
    if (!target.ok) throw new PhoneError('invalid-target', target.reason);
    call.transferTo(target.uri, target.number);
  }

  /** Attended transfer, step one: call the target (the current call goes on hold) to announce it. */
  async consult(id: string, input: string): Promise<CallSnapshot> {
    this.get(id);
    const consult = await this.call(input);
    this.consultations.set(consult.id, id);
    this.changed();
    return consult;
  }

  /** Attended transfer, step two: REFER the original call with Replaces of the consultation call. */
  completeTransfer(consultId: string): void {
    const originalId = this.consultations.get(consultId);
    if (!originalId) throw new PhoneError('no-such-call', consultId);
    const original = this.get(originalId);
    const consult = this.get(consultId);
    original.transferTo(consult.remote.uri, consult.remote.number, consult);
  }

  /** Merges the two calls in progress into a conference mixed here (or adds the other line to it). */
  async merge(): Promise<void> {
    const lines = liveCalls(this.lineSnapshots()).filter((c) => c.state === 'active');
    if (this.conference) {
      for (const c of lines) this.addToConference(this.get(c.id));
      this.conference.setHostAway(false);
      return;
    }
    if (lines.length < 2) throw new PhoneError('nothing-to-merge');
    const conference = await this.startConference();
    // Muted on either call stays muted in the conference.
    conference.setHostMuted(lines.some((c) => c.muted));
    for (const c of lines) this.addToConference(this.get(c.id));
    conference.setHostAway(false);
  }

  /** Invites one more party to the conference (starting one from the current call if needed). */
  async inviteToConference(input: string): Promise<CallSnapshot> {
    if (!this.conference) {
      const lines = liveCalls(this.lineSnapshots()).filter((c) => c.state === 'active');
      if (lines.length === 0) throw new PhoneError('nothing-to-merge');
      await this.startConference();
      for (const c of lines) this.addToConference(this.get(c.id));
    }
    return this.placeCall(input, {}, 'conference');
  }

  setParticipantMuted(callId: string, muted: boolean): void {
    this.conference?.setParticipantMuted(callId, muted);
  }

  /** Hangs up a participant, or cancels an invitation still ringing. */
  removeParticipant(callId: string): void {
    this.conference?.remove(callId);
  }

  setConferenceMuted(muted: boolean): void {
    this.conference?.setHostMuted(muted);
  }

  /** The host steps out of the conference (hold) or comes back; the others keep talking. */
  async setConferenceAway(away: boolean): Promise<void> {
    if (!this.conference) return;
    if (!away) await this.holdOthers();
    this.conference.setHostAway(away);
  }

  sendConferenceDtmf(digits: string): void {
    this.conference?.sendDtmf(digits);
  }

  /** Ends the conference for everyone (also what "leave" does: it cannot go on without its host). */
  async endConference(): Promise<void> {
    await this.conference?.endForAll();
  }

  private async startConference(): Promise<Conference> {
    const mic = await this.micForCall();
    const track = mic.getAudioTracks()[0];
    if (!track) {
      this.releaseMic(mic);
      throw new PhoneError('microphone', 'no audio track');
    }
    const createContext = this.deps.createAudioContext ?? (() => new AudioContext());
    const conference = new Conference(
      `conference-${Date.now().toString(36)}`,
      new ConferenceMixer(createContext()),
      { setMuted: (id, muted) => this.deps.remoteAudio.setMuted?.(id, muted) },
      track,
    );
    this.conference = conference;
    this.conferenceMic = mic;
    conference.on('change', () => this.changed());
    conference.on('ended', () => {
      if (this.conference === conference) this.conference = null;
      if (this.conferenceMic) this.releaseMic(this.conferenceMic);
      this.conferenceMic = null;
      this.changed();
    });
    return conference;
  }

  private addToConference(call: Call): void {
    try {
      this.conference?.add(call);
    } catch {
      throw new PhoneError('conference-full');
    }
  }

  decline(id: string): void {
    this.get(id).decline();
  }

  hangUp(id: string): void {
    this.get(id).hangUp();
  }

  /** The user read a transfer's outcome. */
  clearTransfer(id: string): void {
    this.calls.get(id)?.clearTransfer();
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
    this.conference?.setHostAway(true);
    await this.holdOthers([id]);
    await this.withHoldErrors(() => call.resume());
  }

  /** Puts the active call on hold and brings back the held one. */
  async swap(): Promise<void> {
    const conference = this.conference;
    if (conference) {
      // The conference is one line: swapping steps out of it to the other call, or back. Its legs
      // are never put on hold (the others would lose each other) and never hear the private call.
      const line = liveCalls(this.lineSnapshots()).find((c) => c.state === 'active');
      if (!line) return;
      if (!conference.snapshot().hostAway) {
        conference.setHostAway(true);
        await this.withHoldErrors(() => this.get(line.id).resume());
      } else {
        await this.withHoldErrors(() => this.get(line.id).hold());
        conference.setHostAway(false);
      }
      return;
    }
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
    call.on('track', ({ track, streams }) => {
      if (track.kind === 'audio') this.deps.remoteAudio.play(call.id, track);
      const stream = streams[0] ?? (typeof MediaStream === 'function' ? new MediaStream([track]) : null);
      if (track.kind === 'video' && stream) {
        this.remoteVideo.set(call.id, stream);
        this.changed();
      }
    });
    call.on('refer', (request) => void this.followRefer(call, request));
    call.on('replaces', (request) => {
      // The other party of our consultation call hands it over to the transferee: accept, and
      // answer that INVITE silently when it arrives (JsSIP ends this call once it is confirmed).
      request.accept((session) => this.replacing.set(session.id, call.id));
    });
    call.on('change', (snap) => this.onCallChange(call, snap));
    call.on('ended', (finished) => {
      this.deps.remoteAudio.stop(call.id);
      this.remoteVideo.delete(call.id);
      this.takingOver.delete(call.id);
      this.consultations.delete(call.id);
      for (const [consultId, originalId] of this.consultations) if (originalId === call.id) this.consultations.delete(consultId);
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
   * We are the transferee: the far end asked us (REFER) to call someone else. We follow it
   * unless both lines are busy; the transferor ends our call with it once the new one is answered.
   */
  private async followRefer(from: Call, request: ReferRequest): Promise<void> {
    const others = liveCalls(this.lineSnapshots()).filter((c) => c.id !== from.id).length;
    // The transferred call frees its own line; a conference holds one whatever its size.
    if (others + this.reservedLines + (this.conference ? 1 : 0) >= MAX_LINES || this.account.snapshot.state !== 'registered') {
      request.reject();
      return;
    }
    let stream: MediaStream;
    try {
      stream = await this.prepareMedia([from.id]);
    } catch (error) {
      console.warn('could not follow a transfer', error);
      request.reject();
      return;
    }
    let created: Call | null = null;
    const accepted = request.accept(
      (session) => {
        created = new Call(session, {
          direction: 'outgoing',
          remote: { number: request.target, name: '', uri: request.uri },
          dtmfMode: this.dtmfMode,
          ice: this.iceOptions(),
        });
      },
      { mediaStream: stream, pcConfig: this.pcConfig() },
    );
    const call = created as Call | null;
    if (accepted === false || !call) {
      this.releaseMic(stream);
      return;
    }
    call.adoptLocalStream(stream);
    this.micUsers.add(call.id);
    this.track(call);
  }

  private onCallChange(call: Call, snap: CallSnapshot): void {
    // A consultation call that ended gives the original call back: attended transfer abandoned.
    if (snap.state === 'ended') {
      const originalId = this.consultations.get(call.id);
      const original = originalId ? this.calls.get(originalId) : undefined;
      const transfer = original?.snapshot().transfer;
      // Not while a transfer of it is under way: the target's BYE can overtake the NOTIFY 200.
      if (original && !original.isEnded && original.isOnHold && (!transfer || transfer.stage === 'failed')) {
        void original.resume().catch(() => undefined);
      }
      // The other line ended while the host was away from the conference: back to the conference.
      if (this.conference && !this.conference.has(call.id) && liveCalls(this.lineSnapshots()).length === 0) {
        this.conference.setHostAway(false);
      }
    }
  }

  /**
   * The microphone for a new or answered call, after the other calls are on hold (the host leaves
   * a conference's audio instead). If the hold fails, the microphone share is given back before
   * the error goes up.
   */
  private async prepareMedia(exceptIds: string[] = []): Promise<MediaStream> {
    this.conference?.setHostAway(true);
    const [mic, held] = await Promise.allSettled([this.micForCall(), this.holdOthers(exceptIds)]);
    if (mic.status === 'rejected') throw mic.reason;
    if (held.status === 'rejected') {
      this.releaseMic(mic.value);
      throw held.reason;
    }
    return mic.value;
  }

  /** A conference takes one line however many legs it has. */
  private hasFreeLine(): boolean {
    return liveCalls(this.lineSnapshots()).length + (this.conference ? 1 : 0) + this.reservedLines < MAX_LINES;
  }

  /** The calls that are lines of their own: everything but conference legs. */
  private lineSnapshots(): CallSnapshot[] {
    return this.snapshots().filter((c) => !this.conference?.has(c.id));
  }

  private async openCamera(): Promise<MediaStreamTrack> {
    if (!this.deps.openCamera) throw new PhoneError('camera', 'no camera on this platform');
    try {
      return await this.deps.openCamera(this.cameraId);
    } catch (error) {
      throw new PhoneError('camera', (error as Error)?.name ?? String(error));
    }
  }

  /** The call's stream with a camera track added; on failure the microphone share is given back. */
  private async withCamera(stream: MediaStream): Promise<MediaStream> {
    try {
      const camera = await this.openCamera();
      return new MediaStream([...stream.getAudioTracks(), camera]);
    } catch (error) {
      this.releaseMic(stream);
      throw error;
    }
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

  private async holdOthers(exceptIds: string[] = []): Promise<void> {
    const toHold = callsToHold(this.lineSnapshots()).filter((c) => !exceptIds.includes(c.id));
    await Promise.all(toHold.map((c) => this.withHoldErrors(() => this.get(c.id).hold())));
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
    // Conference invitations ring silently for the host, who is talking to the others meanwhile.
    const calls = liveCalls(this.lineSnapshots());
    for (const c of calls) if (c.state !== 'incoming') this.takingOver.delete(c.id);
    const { tones } = this.deps;
    const ringing = calls.filter((c) => c.state === 'incoming' && !this.takingOver.has(c.id));
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
