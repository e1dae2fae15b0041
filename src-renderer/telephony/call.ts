/**
 * One call: a JsSIP RTCSession turned into a plain state machine with a snapshot.
 *
 * The session is reached through `SessionLike`, the part of JsSIP's RTCSession we use, so the
 * state machine can be tested with a fake session.
 */
import { Emitter } from './emitter';
import { IceGate, type IceGateOptions } from './ice-gate';
import { ReOfferQueue, SessionEndedError } from './reoffer-queue';
import { failureFromJsSip, type Failure } from './sip-errors';
import type { CallDirection, CallSnapshot, CallState, FinishedCall, Party } from './types';
import type { DtmfMode } from '../../src-preload/contract';
import { TRANSFER_TIMEOUT_MS, stageForReferEvent, transferFailure, type ReferSubscriberLike, type TransferKind, type TransferState } from './transfer';
import { VideoState } from './video-state';
import { QualityMonitor, type QualitySample } from './call-quality';

type Handler = (event: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The part of JsSIP's RTCSession that a call uses. */
export interface SessionLike {
  readonly id: string;
  readonly connection: RTCPeerConnection | null | undefined;
  on(event: string, handler: Handler): unknown;
  answer(options?: Record<string, unknown>): void;
  terminate(options?: { status_code?: number; reason_phrase?: string; extraHeaders?: string[] }): void;
  hold(options?: Record<string, unknown>, done?: () => void): boolean;
  unhold(options?: Record<string, unknown>, done?: () => void): boolean;
  isOnHold(): { local: boolean; remote: boolean };
  isReadyToReOffer(): boolean;
  isEnded(): boolean;
  mute(options?: { audio?: boolean; video?: boolean }): void;
  unmute(options?: { audio?: boolean; video?: boolean }): void;
  sendDTMF(tones: string, options?: Record<string, unknown>): void;
  renegotiate(options?: Record<string, unknown>, done?: () => void): boolean;
  /** REFER (absent in some test fakes). `options.replaces` is another RTCSession (attended transfer). */
  refer?(target: string, options?: Record<string, unknown>): ReferSubscriberLike | false;
}

/** A REFER we received (we are the transferee): follow it or not. */
export interface ReferRequest {
  /** The user part of the Refer-To URI. */
  target: string;
  uri: string;
  accept(init: (session: SessionLike) => void, options: Record<string, unknown>): boolean;
  reject(): void;
}

/** An INVITE with Replaces for this call arrived (we are the transfer target of an attended transfer). */
export interface ReplacesRequest {
  accept(init: (session: SessionLike) => void): void;
  reject(): void;
}

export interface CallEvents extends Record<string, unknown> {
  change: CallSnapshot;
  /** A remote media track arrived (play it). */
  track: { track: MediaStreamTrack; streams: readonly MediaStream[] };
  ended: FinishedCall;
  refer: ReferRequest;
  replaces: ReplacesRequest;
}

export interface CallOptions {
  direction: CallDirection;
  remote: Party;
  dtmfMode: DtmfMode;
  ice: IceGateOptions;
  now?: () => number;
  /** The far end's INVITE offered video (incoming calls). */
  offersVideo?: boolean;
}

/** Why we refuse an incoming call: 603 Decline is the SIP answer for "the user explicitly said no". */
export const DECLINE = { status_code: 603, reason_phrase: 'Decline' } as const;

const VALID_DTMF = /^[0-9A-D#*,]+$/i;

export class Call extends Emitter<CallEvents> {
  readonly id: string;
  private state: CallState;
  private heldLocally = false;
  private heldRemotely = false;
  private holdPending: 'hold' | 'resume' | null = null;
  private muted = false;
  private readonly startedAt: number;
  private answeredAt: number | null = null;
  private endedAt: number | null = null;
  private endedBy: CallSnapshot['endedBy'] = null;
  private failure: Failure | null = null;
  private receivedDtmf = '';
  private sentDtmf = '';
  private declinedLocally = false;
  /** The far end sends early media, so we must not play our own ringback over it. */
  earlyMedia = false;
  private readonly reOffers: ReOfferQueue;
  private readonly iceGate: IceGate;
  private readonly now: () => number;
  private localStream: MediaStream | null = null;
  private readonly watched = new WeakSet<RTCPeerConnection>();
  private pendingHold: Promise<void> | null = null;
  private transfer: TransferState | null = null;
  private transferTimer: ReturnType<typeof setTimeout> | null = null;
  /** The text of the Reason header of the BYE that ended the call ("Conference ended by the host"). */
  private remoteReason: string | null = null;
  private readonly video: VideoState;
  private qualityMonitor: QualityMonitor | null = null;
  private quality: QualitySample | null = null;

  constructor(
    private readonly session: SessionLike,
    private readonly options: CallOptions,
  ) {
    super();
    this.id = session.id;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.state = options.direction === 'incoming' ? 'incoming' : 'dialing';
    this.reOffers = new ReOfferQueue(session);
    this.iceGate = new IceGate(options.ice);
    this.video = new VideoState(options.offersVideo ?? false, () => this.emitChange());
    this.listen();
    if (session.connection) this.watchConnection(session.connection);
  }

  get direction(): CallDirection {
    return this.options.direction;
  }

  get remote(): Party {
    return this.options.remote;
  }

  get isEnded(): boolean {
    return this.state === 'ended';
  }

  get isActive(): boolean {
    return this.state === 'active';
  }

  get isOnHold(): boolean {
    return this.heldLocally || this.holdPending === 'hold';
  }

  snapshot(): CallSnapshot {
    return {
      id: this.id,
      direction: this.options.direction,
      remote: this.options.remote,
      state: this.state,
      heldLocally: this.heldLocally,
      heldRemotely: this.heldRemotely,
      holdPending: this.holdPending,
      muted: this.muted,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      endedAt: this.endedAt,
      endedBy: this.endedBy,
      failure: this.failure,
      receivedDtmf: this.receivedDtmf,
      sentDtmf: this.sentDtmf,
      transfer: this.transfer,
      video: this.video.snapshot(),
      remoteReason: this.remoteReason,
      quality: this.quality,
    };
  }

  /** JsSIP's session itself: only for a REFER with Replaces, which names the other dialog. */
  get rawSession(): SessionLike {
    return this.session;
  }

  /**
   * Transfers the far end to `uri` (blind), or to the party of `consult` (attended: REFER with
   * Replaces, so the far end's INVITE takes over our consultation call). Progress shows in the
   * snapshot's `transfer`; on success we hang up, on failure the call simply goes on.
   */
  transferTo(uri: string, target: string, consult?: Call): void {
    if (this.state !== 'active' || !this.session.refer) return;
    if (this.transfer && (this.transfer.stage !== 'done' && this.transfer.stage !== 'failed')) return;
    const kind: TransferKind = consult ? 'attended' : 'blind';
    this.setTransfer({ kind, target, stage: 'requesting', failure: null });
    const on = (event: string) => (e: { status_line?: { status_code?: number; reason_phrase?: string }; response?: { status_code?: number; reason_phrase?: string } | null; cause?: string }) =>
      this.onReferEvent(event, e);
    const eventHandlers = Object.fromEntries(
      ['requestSucceeded', 'requestFailed', 'trying', 'progress', 'accepted', 'failed'].map((name) => [name, on(name)]),
    );
    let subscriber: ReferSubscriberLike | false;
    try {
      subscriber = this.session.refer(uri, { eventHandlers, ...(consult ? { replaces: consult.rawSession } : {}) });
    } catch (error) {
      this.setTransfer({ kind, target, stage: 'failed', failure: { kind: 'unknown', detail: (error as Error)?.message } });
      return;
    }
    if (subscriber === false) {
      this.setTransfer({ kind, target, stage: 'failed', failure: { kind: 'unknown', detail: 'not in a state to transfer' } });
      return;
    }
    this.transferTimer = setTimeout(() => this.onReferEvent('failed', { cause: 'no final NOTIFY' }), TRANSFER_TIMEOUT_MS);
  }

  private onReferEvent(event: string, e: Parameters<typeof transferFailure>[0]): void {
    const current = this.transfer;
    if (!current || current.stage === 'done' || current.stage === 'failed') return;
    const stage = stageForReferEvent(event, e.status_line);
    if (!stage) return;
    if (stage === 'done' || stage === 'failed') {
      if (this.transferTimer) clearTimeout(this.transferTimer);
      this.transferTimer = null;
    }
    this.setTransfer({ ...current, stage, failure: stage === 'failed' ? transferFailure(e) : null });
    // The far end now talks to the target: our part is over.
    if (stage === 'done' && this.state !== 'ended') this.session.terminate();
  }

  private setTransfer(transfer: TransferState | null): void {
    this.transfer = transfer;
    this.emitChange();
  }

  /** Forget a finished transfer attempt (the user read the outcome). */
  clearTransfer(): void {
    if (this.transfer && (this.transfer.stage === 'done' || this.transfer.stage === 'failed')) this.setTransfer(null);
  }

  /**
   * Starts sending video from `camera` (a new video m-line, or the one the far end already offered),
   * renegotiating through the re-offer queue like hold does.
   */
  async startVideo(camera: MediaStreamTrack): Promise<void> {
    const pc = this.session.connection;
    if (this.state !== 'active' || !pc) {
      camera.stop();
      return;
    }
    this.video.attachCamera(pc, camera, this.localStream);
    try {
      await this.reOffers.run((done) => this.session.renegotiate({}, done));
    } finally {
      this.video.refresh(pc);
    }
  }

  async stopVideo(): Promise<void> {
    const pc = this.session.connection;
    if (!pc || !this.video.detachCamera(pc)) return;
    if (this.state !== 'active') return;
    try {
      await this.reOffers.run((done) => this.session.renegotiate({}, done));
    } finally {
      this.video.refresh(pc);
    }
  }

  /** The camera track we send, for the local preview. */
  get cameraTrack(): MediaStreamTrack | null {
    return this.video.camera;
  }

  /** The audio this call sends and receives right now: what a recording of it must hear. */
  audioTracks(): MediaStreamTrack[] {
    const pc = this.session.connection;
    if (!pc) return [];
    const tracks = [...pc.getSenders().map((s) => s.track), ...pc.getReceivers().map((r) => r.track)];
    return tracks.filter((t): t is MediaStreamTrack => t !== null && t.kind === 'audio' && t.readyState === 'live');
  }

  /** The far end's audio as it arrives (what a conference mixes in). */
  remoteAudioTrack(): MediaStreamTrack | null {
    const pc = this.session.connection;
    const receiver = pc?.getReceivers().find((r) => r.track?.kind === 'audio' && r.track.readyState === 'live');
    return receiver?.track ?? null;
  }

  /**
   * Sends `track` (a conference's mix for this leg) instead of the microphone; null goes back to
   * the microphone. replaceTrack needs no renegotiation, so the far end notices nothing but the sound.
   */
  async sendAudio(track: MediaStreamTrack | null): Promise<void> {
    const pc = this.session.connection;
    const transceiver = pc?.getTransceivers().find((t) => t.receiver.track?.kind === 'audio' && t.currentDirection !== 'stopped');
    if (!transceiver) return;
    await transceiver.sender.replaceTrack(track ?? this.localStream?.getAudioTracks()[0] ?? null);
  }

  /** The microphone stream this call sends; stopped when the call ends. */
  adoptLocalStream(stream: MediaStream): void {
    this.localStream = stream;
    this.video.noteCamera(stream.getVideoTracks()[0] ?? null);
  }

  answer(mediaStream: MediaStream, pcConfig: RTCConfiguration): void {
    if (this.state !== 'incoming') return;
    this.localStream = mediaStream;
    this.video.noteCamera(mediaStream.getVideoTracks()[0] ?? null);
    this.setState('connecting');
    this.session.answer({ mediaStream, pcConfig });
    if (this.session.connection) this.watchConnection(this.session.connection);
  }

  decline(): void {
    if (this.state !== 'incoming') return;
    this.declinedLocally = true;
    this.session.terminate(DECLINE);
  }

  /** Cancel before answer or hang up after: JsSIP picks CANCEL or BYE. */
  hangUp(reason?: string): void {
    if (this.state === 'ended') return;
    if (this.state === 'incoming') {
      this.decline();
      return;
    }
    // A Reason header tells an Offhook participant why (the host ended the conference).
    if (reason) this.session.terminate({ extraHeaders: [`Reason: SIP;cause=200;text="${reason.replace(/"/g, '')}"`] });
    else this.session.terminate();
  }

  setMuted(muted: boolean): void {
    if (this.state === 'ended' || muted === this.muted) return;
    if (muted) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
  }

  /**
   * Resolves once the far end has accepted the hold re-INVITE. A hold already on its way is
   * joined; a resume on its way is followed by the hold (the queue keeps their order).
   */
  hold(): Promise<void> {
    if (this.state !== 'active') return Promise.resolve();
    if (this.holdPending === 'hold' && this.pendingHold) return this.pendingHold;
    if (this.heldLocally && this.holdPending !== 'resume') return Promise.resolve();
    const pending: Promise<void> = this.runHold().finally(() => {
      if (this.pendingHold === pending) this.pendingHold = null;
    });
    this.pendingHold = pending;
    return pending;
  }

  private async runHold(): Promise<void> {
    this.holdPending = 'hold';
    this.emitChange();
    try {
      await this.reOffers.run((done) =>
        this.session.isOnHold().local ? (done(), true) : this.session.hold({}, done),
      );
      this.heldLocally = true;
    } finally {
      if (this.holdPending === 'hold') this.holdPending = null;
      this.emitChange();
    }
  }

  async resume(): Promise<void> {
    if (this.state !== 'active' || (!this.heldLocally && this.holdPending !== 'hold')) return;
    this.holdPending = 'resume';
    this.emitChange();
    try {
      await this.reOffers.run((done) =>
        this.session.isOnHold().local ? this.session.unhold({}, done) : (done(), true),
      );
      this.heldLocally = false;
    } finally {
      if (this.holdPending === 'resume') this.holdPending = null;
      this.emitChange();
    }
  }

  /**
   * After sleep or a network change the old ICE candidates are dead: renegotiate with an ICE
   * restart so the media finds the new path (through the same re-offer queue as hold).
   */
  async restartIce(): Promise<void> {
    if (this.state !== 'active') return;
    await this.reOffers.run((done) => this.session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }, done));
  }

  /** Sends DTMF: RFC 4733 in the media by default, SIP INFO where the account says so. */
  sendDtmf(tones: string): void {
    if (this.state !== 'active' || !VALID_DTMF.test(tones)) return;
    this.session.sendDTMF(tones, {
      transportType: this.options.dtmfMode === 'info' ? 'INFO' : 'RFC2833',
      duration: 120,
      interToneGap: 70,
    });
    this.sentDtmf += tones;
    this.emitChange();
  }

  private listen(): void {
    const s = this.session;
    s.on('progress', (e: { response?: { status_code?: number; body?: string } }) => {
      // 183 with SDP: the PBX plays its own ringback or announcement as early media.
      const early = e?.response?.status_code === 183 && Boolean(e.response.body);
      if (early && !this.earlyMedia) this.earlyMedia = true;
      if (this.state === 'dialing') this.setState('ringing-out');
      else if (early) this.emitChange(); // so the phone stops its own ringback
    });
    s.on('accepted', () => {
      if (this.state !== 'ended') this.setState('connecting');
    });
    s.on('confirmed', () => {
      if (this.state === 'ended') return;
      this.answeredAt ??= this.now();
      if (this.session.connection) {
        this.video.refresh(this.session.connection);
        this.monitorQuality(this.session.connection);
      }
      this.setState('active');
    });
    s.on('refer', (e: { request: { refer_to?: { uri?: { user?: string; toString(): string } } }; accept: ReferRequest['accept']; reject: () => void }) => {
      const uri = e.request.refer_to?.uri;
      this.emit('refer', { target: uri?.user ?? '', uri: uri?.toString() ?? '', accept: e.accept, reject: e.reject });
    });
    s.on('replaces', (e: { accept: ReplacesRequest['accept']; reject: () => void }) => this.emit('replaces', { accept: e.accept, reject: e.reject }));
    s.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) => this.watchConnection(e.peerconnection));
    s.on('icecandidate', (e: { candidate: RTCIceCandidate; ready: () => void }) =>
      this.iceGate.onCandidate(e.candidate.candidate, e.ready),
    );
    s.on('hold', (e: { originator: string }) => {
      if (e.originator === 'remote') {
        this.heldRemotely = true;
        this.emitChange();
      }
    });
    s.on('unhold', (e: { originator: string }) => {
      if (e.originator === 'remote') {
        this.heldRemotely = false;
        this.emitChange();
      }
    });
    s.on('muted', () => {
      this.muted = true;
      this.emitChange();
    });
    s.on('unmuted', () => {
      this.muted = false;
      this.emitChange();
    });
    s.on('newDTMF', (e: { originator: string; dtmf: { tone: string } }) => {
      if (e.originator !== 'remote') return;
      this.receivedDtmf += e.dtmf.tone;
      this.emitChange();
    });
    s.on('ended', (e: { originator: string; cause?: string; message?: { status_code?: number; reason_phrase?: string; getHeader?: (name: string) => string | undefined } }) => {
      if (e.originator === 'remote') this.remoteReason = reasonText(e.message?.getHeader?.('Reason'));
      this.finish(e.originator, e.cause, e.message);
    });
    s.on('failed', (e: { originator: string; cause?: string; message?: { status_code?: number; reason_phrase?: string } }) =>
      this.finish(e.originator, e.cause, e.message),
    );
  }

  /** Live call quality from getStats, once a second, while the call is up. */
  private monitorQuality(pc: RTCPeerConnection): void {
    if (this.qualityMonitor || typeof pc.getStats !== 'function') return;
    const monitor = new QualityMonitor(pc);
    monitor.on('sample', (sample) => {
      if (this.state === 'ended') return;
      this.quality = sample;
      this.emitChange();
    });
    monitor.start();
    this.qualityMonitor = monitor;
  }

  private watchConnection(pc: RTCPeerConnection): void {
    // Both the `peerconnection` event and the post-answer check can hand us the same connection.
    if (this.watched.has(pc)) return;
    this.watched.add(pc);
    pc.addEventListener('track', (e) => {
      this.emit('track', { track: e.track, streams: e.streams });
      if (e.track.kind === 'video') this.video.refresh(pc);
    });
    // A re-INVITE from the far end (they turned their camera on or off) settles here.
    pc.addEventListener('signalingstatechange', () => {
      if (pc.signalingState === 'stable') this.video.refresh(pc);
    });
    // Tracks that arrived before we listened (an answer whose remote SDP was applied synchronously).
    for (const receiver of pc.getReceivers?.() ?? []) {
      if (receiver.track && receiver.track.readyState === 'live') {
        this.emit('track', { track: receiver.track, streams: [] });
      }
    }
  }

  private finish(
    originator: string,
    cause: string | undefined,
    message: { status_code?: number; reason_phrase?: string } | undefined,
  ): void {
    if (this.state === 'ended') return;
    const wasAnswered = this.answeredAt !== null;
    const holdWasPending = this.holdPending !== null;
    this.endedAt = this.now();
    this.endedBy = originator === 'local' ? 'local' : originator === 'remote' ? 'remote' : 'system';
    const normalHangUp = cause === 'Terminated' || cause === 'Bye' || cause === undefined;
    if (this.declinedLocally) {
      this.failure = { kind: 'declined', code: 603 };
    } else if (holdWasPending && originator === 'local' && cause === 'WebRTC Error') {
      // JsSIP ends the call itself when a hold/resume re-INVITE fails.
      this.failure = { kind: 'hold-failed', detail: cause };
    } else if (!normalHangUp) {
      const code = originator === 'remote' ? message?.status_code : undefined;
      this.failure = failureFromJsSip(cause, code, message?.reason_phrase, 'call');
    }
    this.iceGate.dispose();
    this.reOffers.sessionEnded();
    if (this.transferTimer) clearTimeout(this.transferTimer);
    this.transferTimer = null;
    this.video.dispose();
    const quality = this.qualityMonitor?.stop() ?? null;
    this.localStream?.getTracks().forEach((t) => t.stop());
    this.holdPending = null;
    this.setState('ended');
    this.emit('ended', { ...this.toFinished(wasAnswered), quality });
  }

  private toFinished(wasAnswered: boolean): FinishedCall {
    const endedAt = this.endedAt ?? this.now();
    let outcome: FinishedCall['outcome'];
    if (wasAnswered) outcome = 'answered';
    else if (this.declinedLocally || this.failure?.kind === 'declined') outcome = 'declined';
    else if (this.options.direction === 'incoming') outcome = 'missed';
    else if (this.failure?.kind === 'cancelled' || this.endedBy === 'local') outcome = 'cancelled';
    else outcome = 'failed';
    return {
      id: this.id,
      direction: this.options.direction,
      remote: this.options.remote,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      endedAt,
      durationS: this.answeredAt ? Math.max(0, Math.round((endedAt - this.answeredAt) / 1000)) : 0,
      outcome,
      failure: this.failure,
    };
  }

  private setState(state: CallState): void {
    this.state = state;
    this.emitChange();
  }

  private emitChange(): void {
    this.emit('change', this.snapshot());
  }
}

/** The text of a Reason header (RFC 3326): `SIP;cause=200;text="Conference ended by the host"`. */
export function reasonText(header: string | undefined): string | null {
  if (!header) return null;
  const match = /text="([^"]{1,200})"/i.exec(header);
  return match?.[1] ?? null;
}

export { SessionEndedError };
