/**
 * A local conference (F6/G1/G2): the host's computer mixes up to 8 remote legs, so any SIP phone
 * can take part and the PBX needs no conference room. It follows that the conference cannot
 * outlive its host: when the host leaves, everyone is told (an audible signal, and a Reason header
 * that Offhook participants show) before their call ends.
 *
 * Legs are ordinary `Call`s. A leg joins the mix once it is active; an invitation that fails or is
 * cancelled simply drops out.
 */
import type { Call } from './call';
import { ConferenceMixer, HOST } from './conference-mixer';
import { Emitter } from './emitter';

/** Host included (F6). */
export const MAX_PARTIES = 9;
export const MAX_LEGS = MAX_PARTIES - 1;
/** What a conference leg's BYE says, so an Offhook participant can tell the user. */
export const HOST_ENDED_REASON = 'Conference ended by the host';

export type ParticipantState = 'inviting' | 'connected';

export interface ConferenceParticipant {
  callId: string;
  number: string;
  name: string;
  state: ParticipantState;
  /** The host muted them: nobody hears them. */
  muted: boolean;
}

export interface ConferenceSnapshot {
  id: string;
  startedAt: number;
  participants: ConferenceParticipant[];
  /** The host's own microphone is off. */
  hostMuted: boolean;
  /** The host stepped away (another call): the others go on talking without them. */
  hostAway: boolean;
  /** Set while the host's "end" signal plays, before the legs are hung up. */
  ending: boolean;
}

export interface ConferenceEvents extends Record<string, unknown> {
  change: ConferenceSnapshot;
  ended: { id: string };
}

export interface HostPlayback {
  /** Silences (or restores) one leg in the host's own speaker. */
  setMuted(callId: string, muted: boolean): void;
}

interface Leg {
  call: Call;
  state: ParticipantState;
  unsubscribe: Array<() => void>;
}

export class Conference extends Emitter<ConferenceEvents> {
  private readonly legs = new Map<string, Leg>();
  /** Participants the host muted (as opposed to ones silenced because they hold us: hold music). */
  private readonly mutedByHost = new Set<string>();
  private hostMuted = false;
  private hostAway = false;
  private ending = false;
  private ended = false;
  readonly startedAt: number;

  constructor(
    readonly id: string,
    private readonly mixer: ConferenceMixer,
    private readonly playback: HostPlayback,
    hostMicrophone: MediaStreamTrack,
    now: () => number = Date.now,
  ) {
    super();
    this.startedAt = now();
    mixer.setHost(hostMicrophone);
  }

  get size(): number {
    return this.legs.size;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  has(callId: string): boolean {
    return this.legs.has(callId);
  }

  get callIds(): string[] {
    return [...this.legs.keys()];
  }

  get connectedCalls(): Call[] {
    return [...this.legs.values()].filter((l) => l.state === 'connected').map((l) => l.call);
  }

  snapshot(): ConferenceSnapshot {
    return {
      id: this.id,
      startedAt: this.startedAt,
      participants: [...this.legs.values()].map(({ call, state }) => ({
        callId: call.id,
        number: call.remote.number,
        name: call.remote.name,
        state,
        muted: this.mutedByHost.has(call.id),
      })),
      hostMuted: this.hostMuted,
      hostAway: this.hostAway,
      ending: this.ending,
    };
  }

  /** Adds a call: an active one joins the mix now, one still ringing joins when answered. */
  add(call: Call): void {
    if (this.ended || this.legs.has(call.id) || call.isEnded) return;
    if (this.legs.size >= MAX_LEGS) throw new Error('conference-full');
    const leg: Leg = { call, state: 'inviting', unsubscribe: [] };
    this.legs.set(call.id, leg);
    leg.unsubscribe.push(
      call.on('change', (s) => {
        if (s.state === 'active' && leg.state === 'inviting') void this.connect(leg);
        // A participant who puts us on hold may play music: nobody else should have to hear it.
        if (leg.state === 'connected') this.applyMute(call.id, s.heldRemotely);
      }),
      call.on('track', ({ track }) => {
        if (track.kind === 'audio' && leg.state === 'connected') this.mixer.setLegInput(call.id, track);
      }),
      call.on('ended', () => this.drop(call.id)),
    );
    if (call.isActive) void this.connect(leg);
    else this.changed();
  }

  /** Host control: nobody hears this participant any more (or again). */
  setParticipantMuted(callId: string, muted: boolean): void {
    const leg = this.legs.get(callId);
    if (!leg) return;
    if (muted) this.mutedByHost.add(callId);
    else this.mutedByHost.delete(callId);
    this.applyMute(callId, leg.call.snapshot().heldRemotely);
    this.changed();
  }

  private applyMute(callId: string, heldRemotely: boolean): void {
    const silent = this.mutedByHost.has(callId) || heldRemotely;
    if (silent === this.mixer.isMuted(callId)) return;
    this.mixer.setMuted(callId, silent);
    this.playback.setMuted(callId, silent || this.hostAway);
  }

  /** Host control: hang up a participant, or cancel an invitation that still rings. */
  remove(callId: string): void {
    this.legs.get(callId)?.call.hangUp();
  }

  setHostMuted(muted: boolean): void {
    this.hostMuted = muted;
    this.mixer.setMuted(HOST, muted || this.hostAway);
    this.changed();
  }

  /** The host takes another call: the others keep talking; the host neither hears nor is heard. */
  setHostAway(away: boolean): void {
    if (this.hostAway === away) return;
    this.hostAway = away;
    this.mixer.setMuted(HOST, away || this.hostMuted);
    for (const id of this.legs.keys()) this.playback.setMuted(id, away || this.mixer.isMuted(id));
    this.changed();
  }

  sendDtmf(tones: string): void {
    for (const call of this.connectedCalls) call.sendDtmf(tones);
  }

  /** A recording of the whole conference, host included. */
  recordingTap(): { stream: MediaStream; dispose(): void } {
    return this.mixer.recordingTap();
  }

  /**
   * Ends the conference for everyone: the end signal plays into every leg, then each leg is hung
   * up with a Reason header (and invitations are cancelled).
   */
  async endForAll(): Promise<void> {
    if (this.ended || this.ending) return;
    this.ending = true;
    this.changed();
    if (this.connectedCalls.length > 0) await this.mixer.playEndSignal();
    for (const { call } of [...this.legs.values()]) call.hangUp(HOST_ENDED_REASON);
    this.finishIfEmpty();
  }

  private async connect(leg: Leg): Promise<void> {
    const { call } = leg;
    leg.state = 'connected';
    const mix = this.mixer.addLeg(call.id, call.remoteAudioTrack());
    this.playback.setMuted(call.id, this.hostAway || this.mixer.isMuted(call.id));
    this.changed();
    try {
      // A leg we had put on hold before the merge must be back before it can hear the others.
      if (call.isOnHold) await call.resume();
      // JsSIP would disable whatever track a muted session sends (the mix, now) at its next re-offer.
      if (call.snapshot().muted) call.setMuted(false);
      await call.sendAudio(mix);
    } catch (error) {
      console.warn('a conference leg could not join the mix', error);
      call.hangUp();
    }
  }

  private drop(callId: string): void {
    const leg = this.legs.get(callId);
    if (!leg) return;
    leg.unsubscribe.forEach((off) => off());
    this.legs.delete(callId);
    this.mutedByHost.delete(callId);
    this.mixer.removeLeg(callId);
    this.changed();
    this.finishIfEmpty();
  }

  private finishIfEmpty(): void {
    if (this.ended || this.legs.size > 0) return;
    this.ended = true;
    this.mixer.dispose();
    this.emit('ended', { id: this.id });
  }

  private changed(): void {
    if (!this.ended) this.emit('change', this.snapshot());
  }
}
