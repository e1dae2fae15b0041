/**
 * The headset's half of call control. The softphone owns the call state; a headset button is a
 * *request* (Jabra: "the events are requests, you need to acknowledge these requests"), and the
 * LEDs we write are the acknowledgement. So this machine turns changes of the decoded controls
 * into requests according to the call state the renderer last reported, and derives the LEDs
 * from that call state alone, never from the buttons.
 *
 * Rules from ../shared/research/hid-telephony.md §3:
 * - Act on changes, not levels. A hook switch that is already off-hook when a call starts ringing
 *   answers nothing; only a movement does.
 * - Many headsets mirror our Off-Hook LED back as a Hook Switch input. A hook level that merely
 *   agrees with the Off-Hook state we show is a confirmation, never a user action. Until a
 *   device has reported its hook level, it is assumed to be the one we show.
 * - Toggle-style Phone Mute and Flash presses that arrive within `echoWindowMs` of our own Mute or
 *   Hold LED change are taken as the device echoing that write (GOnnect sees the same).
 * - Held calls keep Off-Hook on and add Hold (GOnnect, after its PR #52): the other practice,
 *   clearing Off-Hook, makes several Jabra models report the hook as on-hook, which would hang up
 *   the held call; the cost is only that the Off-Hook LED stays lit while holding. A hook drop
 *   within the echo window of a Hold change is ignored for devices that do it anyway.
 * - With no call, nothing is answered, hung up or muted; only Redial means something.
 */
import { INPUT_ROLES, type HeadsetCapabilities, type InputControl, type InputRole } from './capabilities';
import type { ControlValues, LedState } from './reports';

/** What the renderer reports; counts so that waiting calls and two lines fit naturally. */
export interface CallSnapshot {
  /** An incoming call is alerting (alone, or waiting while another call goes on). */
  ringing: boolean;
  /** Connected calls not on hold; an outgoing call being set up counts too. */
  active: number;
  /** Calls on hold. */
  held: number;
  /** The current call's microphone is muted. */
  muted: boolean;
}

export const NO_CALLS: Readonly<CallSnapshot> = Object.freeze({ ringing: false, active: 0, held: 0, muted: false });

export type HeadsetRequest =
  | { type: 'answer' }
  | { type: 'decline' }
  | { type: 'hangup' }
  | { type: 'toggleMute' }
  | { type: 'setMute'; muted: boolean }
  | { type: 'hold' }
  | { type: 'resume' }
  | { type: 'swap' }
  | { type: 'redial' }
  | { type: 'volume'; direction: 'up' | 'down' };

/**
 * How an On/Off control reports (HUT OOC, classified as google/libhidtelephony does):
 * 'switch' — the value is the state; 'toggle' — each press asks to flip it;
 * 'buttons' — +1 asks for on, -1 for off.
 */
export type SwitchKind = 'switch' | 'toggle' | 'buttons';

export interface InputSemantics {
  hookSwitch: SwitchKind;
  phoneMute: SwitchKind;
}

export const DEFAULT_SEMANTICS: Readonly<InputSemantics> = Object.freeze({ hookSwitch: 'switch', phoneMute: 'toggle' });

function classify(control: InputControl | undefined, fallback: SwitchKind, absoluteIsSwitch: (c: InputControl) => boolean): SwitchKind {
  if (!control) return fallback;
  if (control.kind === 'array') return 'toggle';
  if (control.relative) return control.logicalMinimum < 0 ? 'buttons' : 'toggle';
  return absoluteIsSwitch(control) ? 'switch' : 'toggle';
}

export function inputSemantics(caps: HeadsetCapabilities | null): InputSemantics {
  return {
    // Every hook switch seen is absolute, and EPOS declares it Preferred: absolute means state.
    hookSwitch: classify(caps?.inputs.hookSwitch, 'switch', () => true),
    // An absolute Phone Mute is a state only when NoPreferred (a toggle switch); with Preferred it
    // is a momentary button.
    phoneMute: classify(caps?.inputs.phoneMute, 'toggle', (c) => c.noPreferred),
  };
}

export function ledsFor(call: CallSnapshot): LedState {
  const inCall = call.active + call.held > 0;
  return {
    offHook: inCall,
    online: inCall,
    ring: call.ringing,
    // A waiting call lights Ring but does not make the headset ring into the user's ear.
    ringer: call.ringing && !inCall,
    hold: call.held > 0 && call.active === 0,
    mute: call.muted && inCall,
    microphone: call.muted && inCall,
  };
}

export interface HeadsetStateMachineOptions {
  semantics?: InputSemantics;
  /** How long after our own Mute/Hold LED change a toggle press counts as its echo. */
  echoWindowMs?: number;
  /** After plug-in, hook/mute switch levels are only a baseline for this long. */
  settleMs?: number;
}

const nonNegative = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

export class HeadsetStateMachine {
  private call: CallSnapshot = { ...NO_CALLS };
  private shown: LedState = ledsFor(NO_CALLS);
  private readonly levels = new Map<InputRole, number>();
  private semantics: InputSemantics;
  private readonly echoWindowMs: number;
  private readonly settleMs: number;
  private attachedAt = -Infinity;
  private muteChangedAt = -Infinity;
  private holdChangedAt = -Infinity;

  constructor(options: HeadsetStateMachineOptions = {}) {
    this.semantics = { ...(options.semantics ?? DEFAULT_SEMANTICS) };
    this.echoWindowMs = options.echoWindowMs ?? 500;
    this.settleMs = options.settleMs ?? 300;
  }

  get callState(): CallSnapshot {
    return { ...this.call };
  }

  /** The LEDs the headset should show now. */
  get leds(): LedState {
    return { ...this.shown };
  }

  /** The renderer's call state changed; returns the LEDs to show. */
  setCallState(call: CallSnapshot, now: number): LedState {
    this.call = { ringing: !!call.ringing, active: nonNegative(call.active), held: nonNegative(call.held), muted: !!call.muted };
    const next = ledsFor(this.call);
    if (next.mute !== this.shown.mute || next.microphone !== this.shown.microphone) this.muteChangedAt = now;
    if (next.hold !== this.shown.hold) this.holdChangedAt = now;
    this.shown = next;
    return this.leds;
  }

  /** A headset was plugged in (or re-plugged): forget its old levels; returns the LEDs to write. */
  attach(now: number, semantics?: InputSemantics): LedState {
    this.levels.clear();
    this.attachedAt = now;
    if (semantics) this.semantics = { ...semantics };
    return this.leds;
  }

  /** The headset went away. The call state stays; it is what the LEDs resync to on re-plug. */
  detach(): void {
    this.levels.clear();
    this.attachedAt = -Infinity;
  }

  /** Decoded controls of one input report → the requests they make. */
  handleInput(values: ControlValues, now: number): HeadsetRequest[] {
    const requests: HeadsetRequest[] = [];
    for (const role of INPUT_ROLES) {
      const value = values[role];
      if (value === undefined) continue;
      const previous = this.levels.get(role) ?? this.restingLevel(role);
      this.levels.set(role, value);
      if (value !== previous) this.onChange(role, previous, value, now, requests);
    }
    return requests;
  }

  /** Level assumed before a device has reported a control: released, or what we show. */
  private restingLevel(role: InputRole): number {
    if (role === 'hookSwitch' && this.semantics.hookSwitch === 'switch') return this.shown.offHook ? 1 : 0;
    if (role === 'phoneMute' && this.semantics.phoneMute === 'switch') return this.shown.mute ? 1 : 0;
    return 0;
  }

  private get inCall(): boolean {
    return this.call.active + this.call.held > 0;
  }

  private onChange(role: InputRole, previous: number, value: number, now: number, out: HeadsetRequest[]): void {
    const pressed = value > 0 && previous <= 0;
    switch (role) {
      case 'hookSwitch':
        return this.onHook(previous, value, now, out);
      case 'phoneMute':
        return this.onMute(previous, value, now, out);
      case 'flash':
        if (pressed && now - this.holdChangedAt >= this.echoWindowMs) this.onFlash(out);
        return;
      case 'reject':
        if (pressed && this.call.ringing) out.push({ type: 'decline' });
        return;
      case 'drop':
        if (!pressed) return;
        if (this.inCall) out.push({ type: 'hangup' });
        else if (this.call.ringing) out.push({ type: 'decline' });
        return;
      case 'redial':
        if (pressed && !this.inCall && !this.call.ringing) out.push({ type: 'redial' });
        return;
      case 'volumeUp':
      case 'volumeDown':
        if (pressed && (this.inCall || this.call.ringing)) out.push({ type: 'volume', direction: role === 'volumeUp' ? 'up' : 'down' });
        return;
    }
  }

  private onHook(previous: number, value: number, now: number, out: HeadsetRequest[]): void {
    switch (this.semantics.hookSwitch) {
      case 'switch': {
        if (now - this.attachedAt < this.settleMs) return;
        const offHook = value > 0;
        if (offHook === this.shown.offHook) return;
        if (!offHook && now - this.holdChangedAt < this.echoWindowMs) return;
        return offHook ? this.offHookRequest(out) : this.onHookRequest(out);
      }
      case 'toggle':
        if (value > 0 && previous <= 0) return this.shown.offHook ? this.onHookRequest(out) : this.offHookRequest(out);
        return;
      case 'buttons':
        if (value > 0 && previous <= 0) return this.offHookRequest(out);
        if (value < 0 && previous >= 0) return this.onHookRequest(out);
        return;
    }
  }

  private offHookRequest(out: HeadsetRequest[]): void {
    // Off-hook while idle is a request we cannot acknowledge with a call; the device drops back.
    if (this.call.ringing && !this.inCall) out.push({ type: 'answer' });
  }

  private onHookRequest(out: HeadsetRequest[]): void {
    if (this.inCall) out.push({ type: 'hangup' });
    else if (this.call.ringing) out.push({ type: 'decline' });
  }

  private onMute(previous: number, value: number, now: number, out: HeadsetRequest[]): void {
    if (!this.inCall) return;
    switch (this.semantics.phoneMute) {
      case 'switch': {
        if (now - this.attachedAt < this.settleMs) return;
        const muted = value > 0;
        if (muted !== this.shown.mute) out.push({ type: 'setMute', muted });
        return;
      }
      case 'toggle':
        if (value > 0 && previous <= 0 && now - this.muteChangedAt >= this.echoWindowMs) out.push({ type: 'toggleMute' });
        return;
      case 'buttons':
        if (value > 0 && previous <= 0) out.push({ type: 'setMute', muted: true });
        else if (value < 0 && previous >= 0) out.push({ type: 'setMute', muted: false });
        return;
    }
  }

  private onFlash(out: HeadsetRequest[]): void {
    const { ringing, active, held } = this.call;
    // Flash on a waiting call is the desk-phone "hold and answer"; the phone holds the current call.
    if (ringing && this.inCall) out.push({ type: 'answer' });
    else if (active > 0 && held > 0) out.push({ type: 'swap' });
    else if (active > 0) out.push({ type: 'hold' });
    else if (held > 0) out.push({ type: 'resume' });
  }
}
