/**
 * Whole call flows through a headset session with a fake device: raw input reports in (as node-hid
 * delivers them), requests and LED output reports out. The test plays the renderer: after a
 * request it reports the call state the phone would reach.
 */
import { describe, expect, it } from 'vitest';
import { findHeadsetCapabilities, type HeadsetCapabilities } from '../../../../../src-main/headset/core/capabilities';
import { parseReportDescriptor } from '../../../../../src-main/headset/core/descriptor-parser';
import { createHeadsetSession } from '../../../../../src-main/headset/core/headset-session';
import { toHex } from '../../../../../src-main/headset/core/hex';
import { withReportIdByte } from '../../../../../src-main/headset/core/reports';
import {
  HeadsetStateMachine,
  NO_CALLS,
  inputSemantics,
  ledsFor,
  type CallSnapshot,
  type HeadsetRequest,
} from '../../../../../src-main/headset/core/state-machine';
import { hex, loadFixture, type FixtureName } from '../fixtures';

const capsOf = (name: FixtureName): HeadsetCapabilities => findHeadsetCapabilities(parseReportDescriptor(loadFixture(name)))!;
const capsFrom = (text: string): HeadsetCapabilities => findHeadsetCapabilities(parseReportDescriptor(hex(text)))!;

function rig(caps: HeadsetCapabilities | FixtureName = 'jabra-evolve-link-ms') {
  let now = 100_000;
  const requests: HeadsetRequest[] = [];
  const writes: string[] = [];
  const session = createHeadsetSession({ onRequest: (r) => requests.push(r), clock: () => now });
  const fakeDevice = (c: HeadsetCapabilities) => ({ caps: c, write: (r: Parameters<typeof withReportIdByte>[0]) => writes.push(toHex(withReportIdByte(r))) });
  const device = fakeDevice(typeof caps === 'string' ? capsOf(caps) : caps);
  const t = {
    session,
    device,
    fakeDevice,
    /** Plug in and let the settle time pass; returns the LED reports written on plug-in. */
    plug(d = device) {
      session.attach(d);
      now += 1000;
      return t.writes();
    },
    /** The device sends these raw bytes; returns the requests they made. */
    report(bytes: string) {
      session.input(hex(bytes));
      return requests.splice(0);
    },
    /** The renderer reports a call state; returns the LED reports written. */
    call(state: Partial<CallSnapshot>) {
      session.setCallState({ ...NO_CALLS, ...state });
      return t.writes();
    },
    writes: () => writes.splice(0),
    advance(ms: number) {
      now += ms;
    },
  };
  return t;
}

const ANSWER = { type: 'answer' } as const;
const HANGUP = { type: 'hangup' } as const;
const DECLINE = { type: 'decline' } as const;

describe('headset call flows (Jabra EVOLVE LINK MS: input 2 = hook b0, mute b2, flash b3, redial b4, reject b6)', () => {
  it('rings, is answered by lifting the hook, and shows Off-Hook', () => {
    const t = rig();
    expect(t.plug()).toEqual(['02 00 00']);
    expect(t.call({ ringing: true })).toEqual(['02 24 00']); // Ring b2 + Ringer b5
    expect(t.report('02 01 00')).toEqual([ANSWER]);
    expect(t.call({ active: 1 })).toEqual(['02 01 00']);
    expect(t.report('02 01 00')).toEqual([]);
  });

  it('mutes from the mute button, lights Mute and Microphone, and unmutes again', () => {
    const t = rig();
    t.plug();
    t.call({ active: 1 });
    t.advance(1000);
    expect(t.report('02 05 00')).toEqual([{ type: 'toggleMute' }]); // hook still b0, mute pulse b2
    expect(t.report('02 01 00')).toEqual([]);
    expect(t.call({ active: 1, muted: true })).toEqual(['02 13 00']); // Off-Hook b0, Mute b1, Mic b4
    t.advance(1000);
    expect(t.report('02 05 00')).toEqual([{ type: 'toggleMute' }]);
    expect(t.report('02 01 00')).toEqual([]);
    expect(t.call({ active: 1, muted: false })).toEqual(['02 01 00']);
  });

  it('holds on Flash, keeping Off-Hook lit, and resumes on the next Flash', () => {
    const t = rig();
    t.plug();
    t.call({ active: 1 });
    t.advance(1000);
    expect(t.report('02 09 00')).toEqual([{ type: 'hold' }]);
    expect(t.report('02 01 00')).toEqual([]);
    expect(t.call({ held: 1 })).toEqual(['02 09 00']); // Off-Hook b0 + Hold b3
    t.advance(1000);
    expect(t.report('02 09 00')).toEqual([{ type: 'resume' }]);
    expect(t.report('02 01 00')).toEqual([]);
    expect(t.call({ active: 1 })).toEqual(['02 01 00']);
  });

  it('does not hang up a held call when the device drops its hook on our Hold write', () => {
    const t = rig();
    t.plug();
    t.call({ active: 1 });
    t.advance(1000);
    t.report('02 09 00');
    t.report('02 01 00');
    t.call({ held: 1 });
    t.advance(100);
    expect(t.report('02 00 00')).toEqual([]);
  });

  it('hangs up when the hook goes back on', () => {
    const t = rig();
    t.plug();
    t.call({ ringing: true });
    t.report('02 01 00');
    t.call({ active: 1 });
    expect(t.report('02 00 00')).toEqual([HANGUP]);
    expect(t.call({})).toEqual(['02 00 00']);
  });

  it('declines a ringing call with the reject button', () => {
    const t = rig();
    t.plug();
    t.call({ ringing: true });
    expect(t.report('02 40 00')).toEqual([DECLINE]);
    expect(t.report('02 00 00')).toEqual([]);
    expect(t.call({})).toEqual(['02 00 00']);
  });

  it('keeps the call across an unplug and resyncs the LEDs on re-plug', () => {
    const t = rig();
    t.plug();
    t.call({ ringing: true });
    t.report('02 01 00');
    t.call({ active: 1 });
    t.session.detach();
    expect(t.session.attached).toBeNull();
    expect(t.call({ active: 1, muted: true })).toEqual([]); // nothing to write to
    expect(t.report('02 00 00')).toEqual([]); // a stray report after unplug changes nothing
    expect(t.session.callState).toEqual({ ringing: false, active: 1, held: 0, muted: true });
    expect(t.plug()).toEqual(['02 13 00']);
    // The hook level is assumed to be what we show until the device says otherwise.
    expect(t.report('02 01 00')).toEqual([]);
    expect(t.report('02 00 00')).toEqual([HANGUP]);
  });

  it('resyncs a different headset plugged in mid-call, in its own layout', () => {
    const t = rig();
    t.plug();
    t.call({ active: 1, held: 1 });
    t.session.detach();
    const poly = t.fakeDevice(capsOf('poly-blackwire3220-col-telephony'));
    expect(t.plug(poly).sort()).toEqual(['09 00', '17 01', '18 00', '20 00', '2a 01']);
  });

  it('ignores the device echoing our own Off-Hook and Mute writes', () => {
    const t = rig();
    t.plug();
    t.call({ ringing: true });
    expect(t.call({ active: 1 })).toEqual(['02 01 00']); // answered in the app
    expect(t.report('02 01 00')).toEqual([]); // device mirrors Off-Hook as Hook Switch
    t.advance(1000);
    expect(t.call({ active: 1, muted: true })).toEqual(['02 13 00']); // muted in the app
    t.advance(50);
    expect(t.report('02 05 00')).toEqual([]); // device echoes a Phone Mute pulse
    expect(t.report('02 01 00')).toEqual([]);
    t.advance(1000);
    expect(t.call({})).toEqual(['02 00 00']); // remote hung up
    expect(t.report('02 00 00')).toEqual([]); // device mirrors On-Hook
  });

  it('does nothing harmful on presses while idle: only Redial asks for anything', () => {
    const t = rig();
    t.plug();
    for (const bytes of ['02 01 00', '02 00 00', '02 04 00', '02 00 00', '02 08 00', '02 00 00', '02 40 00', '02 00 00', '02 01 00', '02 05 00', '02 00 00']) {
      expect(t.report(bytes), bytes).toEqual([]);
    }
    expect(t.writes()).toEqual([]);
    expect(t.report('02 10 00')).toEqual([{ type: 'redial' }]);
    expect(t.session.callState).toEqual(NO_CALLS);
  });

  it('never answers because the hook was already off-hook when the call started ringing', () => {
    const t = rig();
    t.plug();
    expect(t.report('02 01 00')).toEqual([]); // lifted while idle: nothing to answer
    t.call({ ringing: true });
    expect(t.report('02 01 00')).toEqual([]); // a repeat of the same level
    expect(t.report('02 05 00')).toEqual([]); // another bit changes, the hook stays off-hook
    expect(t.report('02 01 00')).toEqual([]);
    expect(t.report('02 00 00')).toEqual([]); // back on-hook agrees with what we show
    expect(t.report('02 01 00')).toEqual([ANSWER]); // a real lift
  });

  it('takes hook levels reported right after plug-in as a baseline, not as an answer', () => {
    const t = rig();
    t.call({ ringing: true });
    t.session.attach(t.device);
    t.advance(50);
    expect(t.report('02 01 00')).toEqual([]);
    t.advance(1000);
    expect(t.report('02 00 00')).toEqual([]);
    expect(t.report('02 01 00')).toEqual([ANSWER]);
  });

  it('answers once for duplicated reports', () => {
    const t = rig();
    t.plug();
    t.call({ ringing: true });
    expect(t.report('02 01 00')).toEqual([ANSWER]);
    t.advance(2000);
    expect(t.report('02 01 00')).toEqual([]);
  });

  it('answers a waiting call with Flash, declines it with reject, and swaps two lines', () => {
    const t = rig();
    t.plug();
    t.call({ active: 1 });
    // A waiting call lights Ring next to Off-Hook, without the Ringer.
    expect(t.call({ active: 1, ringing: true })).toEqual(['02 05 00']);
    expect(t.report('02 09 00')).toEqual([ANSWER]);
    expect(t.report('02 41 00')).toEqual([DECLINE]);
    t.report('02 01 00');
    t.call({ active: 1, held: 1 });
    t.advance(1000);
    expect(t.report('02 09 00')).toEqual([{ type: 'swap' }]);
  });

  it('hangs up the current call, not the waiting one, when the hook goes on', () => {
    const t = rig();
    t.plug();
    t.call({ ringing: true });
    t.report('02 01 00');
    t.call({ active: 1, ringing: true });
    expect(t.report('02 00 00')).toEqual([HANGUP]);
  });
});

describe('headset call flows on other layouts', () => {
  it('Poly: one report per LED, absolute Flash held down acts once', () => {
    const t = rig('poly-blackwire3220-col-telephony');
    expect(t.plug().sort()).toEqual(['09 00', '17 00', '18 00', '20 00', '2a 00']);
    expect(t.call({ ringing: true })).toEqual(['18 01']);
    expect(t.report('08 02')).toEqual([ANSWER]); // hook b1
    expect(t.call({ active: 1 }).sort()).toEqual(['17 01', '18 00', '2a 01']);
    t.advance(1000);
    expect(t.report('08 06')).toEqual([{ type: 'hold' }]); // flash b2 pressed
    expect(t.report('08 06')).toEqual([]); // still pressed
    expect(t.report('08 02')).toEqual([]); // released
    expect(t.call({ held: 1 })).toEqual(['20 01']);
    t.advance(1000);
    expect(t.report('08 03')).toEqual([{ type: 'toggleMute' }]); // mute b0 pulse
    expect(t.report('08 02')).toEqual([]);
  });

  it('EPOS: the 1-bit array declines, Drop hangs up', () => {
    const t = rig('epos-impact-d1');
    expect(t.plug()).toEqual(['03 00']);
    expect(t.call({ ringing: true })).toEqual(['03 04']);
    expect(t.report('02 20')).toEqual([DECLINE]);
    t.report('02 00');
    t.call({ ringing: true });
    expect(t.report('02 01')).toEqual([ANSWER]);
    expect(t.call({ active: 1 })).toEqual(['03 11']); // Off-Hook b0 + On-Line b4
    expect(t.report('02 11')).toEqual([HANGUP]); // Drop b4, hook still off
  });

  it('volume keys inside the telephony collection change the call volume, not the idle phone', () => {
    const t = rig(
      capsFrom(`05 0b 09 05 a1 01 85 02 15 00 25 01 75 01 05 0c 09 ea 09 e9 95 02 81 02
                05 0b 09 20 95 01 81 22 95 05 81 01 c0`),
    );
    t.plug();
    expect(t.report('02 02')).toEqual([]);
    t.report('02 00');
    t.call({ active: 1 });
    expect(t.report('02 06')).toEqual([{ type: 'volume', direction: 'up' }]); // Vol+ b1, hook b2
    expect(t.report('02 04')).toEqual([]);
    expect(t.report('02 05')).toEqual([{ type: 'volume', direction: 'down' }]);
  });

  it('a device without report IDs works the same', () => {
    const t = rig(capsFrom('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 09 20 81 22 95 07 81 01 05 08 95 01 09 18 91 02 95 07 91 01 c0'));
    expect(t.plug()).toEqual(['00 00']);
    expect(t.call({ ringing: true })).toEqual(['00 01']);
    expect(t.report('01')).toEqual([ANSWER]);
  });
});

describe('input semantics', () => {
  it('reads the hook switch as a switch and Phone Mute as a toggle on the real headsets', () => {
    for (const name of ['jabra-evolve-link-ms', 'epos-impact-d1', 'poly-blackwire3220-col-telephony'] as const) {
      expect(inputSemantics(capsOf(name)), name).toEqual({ hookSwitch: 'switch', phoneMute: 'toggle' });
    }
    expect(inputSemantics(null)).toEqual({ hookSwitch: 'switch', phoneMute: 'toggle' });
  });

  it('classifies On/Off controls as libhidtelephony does', () => {
    const tlc = (items: string) => capsFrom(`05 0b 09 05 a1 01 ${items} c0`);
    // Rel, −1..1: two buttons. Rel, 0..1: toggle button. Abs, NoPref: switch. Abs, Pref mute: momentary.
    expect(inputSemantics(tlc('15 ff 25 01 75 02 95 01 09 20 81 06 09 2f 81 06'))).toEqual({ hookSwitch: 'buttons', phoneMute: 'buttons' });
    expect(inputSemantics(tlc('15 00 25 01 75 01 95 01 09 20 81 06 09 2f 81 22'))).toEqual({ hookSwitch: 'toggle', phoneMute: 'switch' });
    expect(inputSemantics(tlc('15 00 25 01 75 01 95 01 09 20 81 02 09 2f 81 02'))).toEqual({ hookSwitch: 'switch', phoneMute: 'toggle' });
  });

  it('a toggle-button hook answers and hangs up on presses', () => {
    const m = new HeadsetStateMachine({ semantics: { hookSwitch: 'toggle', phoneMute: 'toggle' } });
    m.setCallState({ ...NO_CALLS, ringing: true }, 0);
    expect(m.handleInput({ hookSwitch: 1 }, 1000)).toEqual([ANSWER]);
    expect(m.handleInput({ hookSwitch: 0 }, 1100)).toEqual([]);
    m.setCallState({ ...NO_CALLS, active: 1 }, 1200);
    expect(m.handleInput({ hookSwitch: 1 }, 2000)).toEqual([HANGUP]);
  });

  it('two-button controls ask for a definite state', () => {
    const m = new HeadsetStateMachine({ semantics: { hookSwitch: 'buttons', phoneMute: 'buttons' } });
    m.setCallState({ ...NO_CALLS, ringing: true }, 0);
    expect(m.handleInput({ hookSwitch: -1 }, 1000)).toEqual([DECLINE]);
    expect(m.handleInput({ hookSwitch: 1 }, 1100)).toEqual([ANSWER]);
    m.setCallState({ ...NO_CALLS, active: 1 }, 1200);
    expect(m.handleInput({ phoneMute: 1 }, 2000)).toEqual([{ type: 'setMute', muted: true }]);
    expect(m.handleInput({ phoneMute: 0 }, 2100)).toEqual([]);
    expect(m.handleInput({ phoneMute: -1 }, 2200)).toEqual([{ type: 'setMute', muted: false }]);
    expect(m.handleInput({ hookSwitch: 0 }, 2300)).toEqual([]);
    expect(m.handleInput({ hookSwitch: -1 }, 2400)).toEqual([HANGUP]);
  });

  it('a mute switch follows the level, ignoring the level we already show', () => {
    const m = new HeadsetStateMachine({ semantics: { hookSwitch: 'switch', phoneMute: 'switch' } });
    m.setCallState({ ...NO_CALLS, active: 1, muted: true }, 0);
    expect(m.handleInput({ phoneMute: 1 }, 1000)).toEqual([]);
    expect(m.handleInput({ phoneMute: 0 }, 1100)).toEqual([{ type: 'setMute', muted: false }]);
  });
});

describe('LEDs from the call state', () => {
  it('follows the documented table', () => {
    const on = (s: Partial<CallSnapshot>) =>
      Object.entries(ledsFor({ ...NO_CALLS, ...s }))
        .filter(([, v]) => v)
        .map(([k]) => k);
    expect(on({})).toEqual([]);
    expect(on({ ringing: true })).toEqual(['ring', 'ringer']);
    expect(on({ active: 1 })).toEqual(['offHook', 'online']);
    expect(on({ active: 1, muted: true })).toEqual(['offHook', 'online', 'mute', 'microphone']);
    expect(on({ held: 1 })).toEqual(['offHook', 'online', 'hold']);
    expect(on({ active: 1, held: 1 })).toEqual(['offHook', 'online']);
    expect(on({ active: 1, ringing: true })).toEqual(['offHook', 'online', 'ring']);
    expect(on({ muted: true })).toEqual([]);
  });
});
