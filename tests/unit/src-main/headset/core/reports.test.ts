/** Input decoding and LED encoding against the real layouts and a few hand-made ones. */
import { describe, expect, it } from 'vitest';
import { findHeadsetCapabilities, type HeadsetCapabilities } from '../../../../../src-main/headset/core/capabilities';
import { parseReportDescriptor } from '../../../../../src-main/headset/core/descriptor-parser';
import { toHex } from '../../../../../src-main/headset/core/hex';
import {
  LEDS_OFF,
  createInputDecoder,
  createLedEncoder,
  decodeInputReport,
  encodeLedReports,
  readBits,
  splitInputReport,
  withReportIdByte,
  writeBits,
  type LedState,
  type OutputReport,
} from '../../../../../src-main/headset/core/reports';
import { hex, loadFixture, type FixtureName } from '../fixtures';

const capsOf = (name: FixtureName): HeadsetCapabilities => findHeadsetCapabilities(parseReportDescriptor(loadFixture(name)))!;
const capsFrom = (text: string): HeadsetCapabilities => findHeadsetCapabilities(parseReportDescriptor(hex(text)))!;
const leds = (on: Partial<LedState>): LedState => ({ ...LEDS_OFF, ...on });
const written = (reports: OutputReport[]) => reports.map((r) => toHex(withReportIdByte(r)));

describe('bit fields', () => {
  it('reads and writes LSB-first fields across byte boundaries', () => {
    const p = new Uint8Array(2);
    writeBits(p, 7, 4, 0b1011);
    expect(Array.from(p)).toEqual([0x80, 0x05]);
    expect(readBits(p, 7, 4)).toBe(0b1011);
    writeBits(p, 7, 4, 0);
    expect(Array.from(p)).toEqual([0, 0]);
  });
});

describe('input reports', () => {
  const jabra = capsOf('jabra-evolve-link-ms');

  it('splits the report ID off node-hid data, or not, as the device declares', () => {
    expect(splitInputReport(true, Uint8Array.of(2, 5, 0))).toEqual({ reportId: 2, payload: Uint8Array.of(5, 0) });
    expect(splitInputReport(false, Uint8Array.of(5))).toEqual({ reportId: 0, payload: Uint8Array.of(5) });
    expect(splitInputReport(true, new Uint8Array())).toBeNull();
  });

  it('decodes the Jabra telephony report (hook bit 0, mute 2, flash 3, redial 4, reject 6)', () => {
    expect(decodeInputReport(jabra, 2, Uint8Array.of(0x05, 0x00))).toEqual({ hookSwitch: 1, phoneMute: 1, flash: 0, redial: 0, reject: 0 });
    expect(decodeInputReport(jabra, 2, Uint8Array.of(0x58, 0x00))).toEqual({ hookSwitch: 0, phoneMute: 0, flash: 1, redial: 1, reject: 1 });
  });

  it('returns null for reports that carry none of our controls (vendor mirror, consumer keys)', () => {
    const decode = createInputDecoder(jabra);
    expect(decode(4, Uint8Array.of(0x01, 0x00))).toBeNull();
    expect(decode(1, Uint8Array.of(0x03, 0x00))).toBeNull();
  });

  it('leaves out controls a short read does not reach, and ignores Windows padding', () => {
    const poly = capsOf('poly-blackwire3220-col-telephony');
    expect(decodeInputReport(poly, 8, new Uint8Array())).toEqual({});
    expect(decodeInputReport(poly, 8, Uint8Array.of(0x06, 0, 0, 0, 0))).toEqual({ phoneMute: 0, hookSwitch: 1, flash: 1 });
  });

  it('reads the EPOS 1-bit array reject button as pressed when set', () => {
    const epos = capsOf('epos-impact-d1');
    expect(decodeInputReport(epos, 2, Uint8Array.of(0x20))).toMatchObject({ reject: 1, hookSwitch: 0 });
    expect(decodeInputReport(epos, 2, Uint8Array.of(0x00))).toMatchObject({ reject: 0 });
  });

  it('decodes array controls by their selector value in any slot', () => {
    const caps = capsFrom('05 0b 09 05 a1 01 85 05 19 20 29 2f 15 01 25 10 75 08 95 02 81 00 c0');
    expect(decodeInputReport(caps, 5, Uint8Array.of(0x00, 0x10))).toEqual({ hookSwitch: 0, phoneMute: 1, flash: 0, redial: 0, drop: 0 });
    expect(decodeInputReport(caps, 5, Uint8Array.of(0x01, 0x02))).toEqual({ hookSwitch: 1, phoneMute: 0, flash: 1, redial: 0, drop: 0 });
  });

  it('sign-extends controls with a negative logical minimum (two-button On/Off controls)', () => {
    const caps = capsFrom('05 0b 09 05 a1 01 15 ff 25 01 75 02 95 01 09 20 81 06 95 03 81 01 c0');
    expect(decodeInputReport(caps, 0, Uint8Array.of(0b11))).toEqual({ hookSwitch: -1 });
    expect(decodeInputReport(caps, 0, Uint8Array.of(0b01))).toEqual({ hookSwitch: 1 });
  });
});

describe('LED output reports', () => {
  it('writes all Jabra LEDs into report 2 (ring = Ring b2 + Ringer b5)', () => {
    const jabra = capsOf('jabra-evolve-link-ms');
    expect(written(encodeLedReports(jabra, leds({ ring: true, ringer: true })))).toEqual(['02 24 00']);
    expect(written(encodeLedReports(jabra, leds({ offHook: true, mute: true, microphone: true })))).toEqual(['02 13 00']);
    expect(written(encodeLedReports(jabra, leds({ offHook: true, hold: true, online: true })))).toEqual(['02 09 00']);
    expect(written(encodeLedReports(jabra, LEDS_OFF))).toEqual(['02 00 00']);
  });

  it('writes EPOS report 3 (Off-Hook b0, Mic b1, Ring b2, Mute b3, On-Line b4, Hold b5)', () => {
    const epos = capsOf('epos-impact-d1');
    expect(written(encodeLedReports(epos, leds({ offHook: true, online: true })))).toEqual(['03 11']);
    expect(written(encodeLedReports(epos, leds({ offHook: true, online: true, mute: true, microphone: true })))).toEqual(['03 1b']);
    expect(written(encodeLedReports(epos, leds({ ring: true, ringer: true })))).toEqual(['03 04']);
  });

  it('sends only the changed report, keeping the other LEDs of a shared report', () => {
    const encoder = createLedEncoder(capsOf('jabra-evolve-link-ms'));
    expect(written(encoder.encode(leds({ offHook: true, mute: true })))).toEqual(['02 03 00']);
    expect(written(encoder.encode(leds({ offHook: true, mute: true })))).toEqual([]);
    expect(written(encoder.encode(leds({ offHook: true, mute: true, hold: true })))).toEqual(['02 0b 00']);
    encoder.reset();
    expect(written(encoder.encode(leds({ offHook: true, mute: true, hold: true })))).toEqual(['02 0b 00']);
  });

  it('writes one Poly report per LED, and afterwards only the ones that change', () => {
    const encoder = createLedEncoder(capsOf('poly-blackwire3220-col-telephony'));
    expect(written(encoder.encode(LEDS_OFF)).sort()).toEqual(['09 00', '17 00', '18 00', '20 00', '2a 00']);
    expect(written(encoder.encode(leds({ ring: true, ringer: true })))).toEqual(['18 01']);
    expect(written(encoder.encode(leds({ offHook: true, online: true }))).sort()).toEqual(['17 01', '18 00', '2a 01']);
  });

  it('pads to the declared report length and prefixes 0 for devices without report IDs', () => {
    const caps = capsFrom('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 09 20 81 02 95 07 81 01 05 08 95 01 09 17 91 02 95 0f 91 01 c0');
    expect(written(encodeLedReports(caps, leds({ offHook: true })))).toEqual(['00 01 00']);
  });
});
