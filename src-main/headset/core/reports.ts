/**
 * Bytes ↔ control states for one headset. Inputs: a report becomes the current values of the
 * mapped controls it carries (controls of other reports are simply absent, so a vendor-mirror or
 * consumer report never looks like "all buttons released"). Outputs: LED states become complete
 * output reports, built on a shadow of what was last written so that bits we do not drive (Poly's
 * Speaker LED, vendor bits sharing Jabra's report) are never clobbered.
 */
import { INPUT_ROLES, OUTPUT_ROLES, type HeadsetCapabilities, type InputControl, type InputRole, type OutputRole } from './capabilities';

export type ControlValues = Partial<Record<InputRole, number>>;
export type LedState = Record<OutputRole, boolean>;

export const LEDS_OFF: Readonly<LedState> = Object.freeze({ offHook: false, mute: false, ring: false, hold: false, microphone: false, online: false, ringer: false });

export interface InputReport {
  reportId: number;
  payload: Uint8Array;
}

export interface OutputReport {
  /** 0 for devices without report IDs. */
  reportId: number;
  /** The report without its ID byte, at the report's full declared length. */
  payload: Uint8Array;
}

/** Little-endian bit field, LSB first as HID lays it out. */
export function readBits(payload: Uint8Array, bit: number, size: number): number {
  if (size === 1) return (payload[bit >> 3]! >> (bit & 7)) & 1;
  let value = 0;
  for (let i = 0; i < size; i++) {
    const b = bit + i;
    if ((payload[b >> 3]! >> (b & 7)) & 1) value += 2 ** i;
  }
  return value;
}

export function writeBits(payload: Uint8Array, bit: number, size: number, value: number): void {
  for (let i = 0; i < size; i++) {
    const b = bit + i;
    const mask = 1 << (b & 7);
    if (Math.floor(value / 2 ** i) % 2) payload[b >> 3]! |= mask;
    else payload[b >> 3]! &= ~mask;
  }
}

/**
 * node-hid (hidraw, Windows) hands over raw reports: first byte = report ID when the device uses
 * IDs, otherwise payload only. WebHID already separates them.
 */
export function splitInputReport(usesReportIds: boolean, data: Uint8Array): InputReport | null {
  if (!usesReportIds) return { reportId: 0, payload: data };
  if (data.length === 0) return null;
  return { reportId: data[0]!, payload: data.subarray(1) };
}

/** The bytes node-hid's write() wants: the report ID (0 without IDs), then the payload. */
export function withReportIdByte(report: OutputReport): Uint8Array {
  const out = new Uint8Array(report.payload.length + 1);
  out[0] = report.reportId;
  out.set(report.payload, 1);
  return out;
}

function readControl(control: InputControl, payload: Uint8Array): number | undefined {
  if (control.kind === 'array') {
    const end = control.bit + control.size * control.count;
    if (end > payload.length * 8) return undefined;
    for (let k = 0; k < control.count; k++) {
      let v = readBits(payload, control.bit + k * control.size, control.size);
      if (control.logicalMinimum < 0 && v >= 2 ** (control.size - 1)) v -= 2 ** control.size;
      if (v === control.index) return 1;
    }
    return 0;
  }
  // hidraw delivers exactly the report; Windows pads to the longest. A short read lacks the bit.
  if (control.bit + control.size > payload.length * 8) return undefined;
  const raw = readBits(payload, control.bit, control.size);
  return control.logicalMinimum < 0 && raw >= 2 ** (control.size - 1) ? raw - 2 ** control.size : raw;
}

export type InputDecoder = (reportId: number, payload: Uint8Array) => ControlValues | null;

/** A decoder with the controls grouped by report ID once, for the hot path. */
export function createInputDecoder(caps: HeadsetCapabilities): InputDecoder {
  const byReport = new Map<number, InputControl[]>();
  for (const role of INPUT_ROLES) {
    const c = caps.inputs[role];
    if (!c) continue;
    const list = byReport.get(c.reportId) ?? [];
    list.push(c);
    byReport.set(c.reportId, list);
  }
  return (reportId, payload) => {
    const controls = byReport.get(reportId);
    if (!controls) return null;
    const values: ControlValues = {};
    for (const c of controls) {
      const v = readControl(c, payload);
      if (v !== undefined) values[c.role] = v;
    }
    return values;
  };
}

export function decodeInputReport(caps: HeadsetCapabilities, reportId: number, payload: Uint8Array): ControlValues | null {
  return createInputDecoder(caps)(reportId, payload);
}

export interface LedEncoder {
  /** Reports whose bytes differ from what was last produced (all of them after reset()). */
  encode(leds: LedState): OutputReport[];
  /** Forget the shadow, e.g. after the device was re-plugged and lost its LED state. */
  reset(): void;
}

export function createLedEncoder(caps: HeadsetCapabilities): LedEncoder {
  let shadow = new Map<number, Uint8Array>();
  let fresh = true;
  const reports = caps.outputReports.filter((r) => r.byteLength > 0);
  return {
    encode(leds) {
      const changed: OutputReport[] = [];
      for (const { reportId, byteLength } of reports) {
        const previous = shadow.get(reportId) ?? new Uint8Array(byteLength);
        const next = previous.slice();
        for (const role of OUTPUT_ROLES) {
          const c = caps.outputs[role];
          if (c && c.reportId === reportId) writeBits(next, c.bit, c.size, leds[role] ? 1 : 0);
        }
        if (fresh || !sameBytes(previous, next)) {
          shadow.set(reportId, next);
          changed.push({ reportId, payload: next.slice() });
        }
      }
      fresh = false;
      return changed;
    },
    reset() {
      shadow = new Map();
      fresh = true;
    },
  };
}

/** Every output report for a set of LED states, from a blank shadow. */
export function encodeLedReports(caps: HeadsetCapabilities, leds: LedState): OutputReport[] {
  return createLedEncoder(caps).encode(leds);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
