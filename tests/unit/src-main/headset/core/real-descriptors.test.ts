/**
 * The parser and capability mapper on every real descriptor we hold. Expected report IDs and bits
 * are worked out by hand from the bytes; the derivation is written next to each expectation
 * ("bit n" = bit n of the payload after the report-ID byte, LSB first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findHeadsetCapabilities, summarizeCapabilities, summarizeDescriptor } from '../../../../../src-main/headset/core/capabilities';
import { DescriptorError, parseReportDescriptor, usageAt, type ParsedDescriptor } from '../../../../../src-main/headset/core/descriptor-parser';
import { parseHexBytes } from '../../../../../src-main/headset/core/hex';
import { FIXTURE_NAMES, FIXTURES_DIR, SHARED_DIR, loadFixture } from '../fixtures';

const layout = (parsed: ParsedDescriptor) => parsed.reports.map((r) => `${r.reportType[0]!.toUpperCase()}${r.reportId}:${r.byteLength}`);
const tlcs = (parsed: ParsedDescriptor) =>
  parsed.collections.filter((c) => c.depth === 0).map((c) => `0x${c.usage.toString(16).padStart(8, '0')}`);

describe('Jabra EVOLVE LINK MS (0b0e:0307)', () => {
  const bytes = loadFixture('jabra-evolve-link-ms');
  const parsed = parseReportDescriptor(bytes);

  it('has 332 bytes and three top-level collections: telephony, a vendor mirror, consumer', () => {
    expect(bytes.length).toBe(332);
    // 05 0b 09 05 a1 01 … c0 | 06 00 ff 09 05 a1 01 … c0 | 05 0c 09 01 a1 01 … c0
    expect(tlcs(parsed)).toEqual(['0x000b0005', '0xff000005', '0x000c0001']);
    // Nested logical key-pad collections (09 06 a1 02) in the telephony and the vendor TLC.
    expect(parsed.collections.filter((c) => c.depth === 1).map((c) => c.type)).toEqual([2, 2]);
  });

  it('lays out every report', () => {
    // Telephony report 2: input 2+4+1+4+5 = 16 bits, output 5+1+10 = 16 bits.
    // Vendor: report 4 (input 2+5+4+5, output 5+1+10), report 8 (input 1+7, feature 1+7),
    // report 5 via 2-byte main items `92 02 01` (Output) and `82 02 01` (Input): 8 × 32 bits.
    // Consumer report 1: 2 + 14 bits.
    expect(layout(parsed)).toEqual(['I2:2', 'O2:2', 'I4:2', 'O4:2', 'I8:1', 'F8:1', 'O5:32', 'I5:32', 'I1:2']);
    expect(parsed.usesReportIds).toBe(true);
  });

  it('reads `09 07 05 09 … 81 02` as Button 7, remembering it was declared as Telephony 0x07', () => {
    // 0x26: 09 07 (declared under page 0x0B), 0x28: 05 09, 0x2e: 81 02 → bit 6 of report 2.
    const field = parsed.fields.find((f) => f.reportType === 'input' && f.reportId === 2 && f.bitOffset === 6)!;
    expect(usageAt(field.usages, 0)).toBe(0x00090007);
    expect(usageAt(field.usages, 0, true)).toBe(0x000b0007);
  });

  it('keeps the 4-bit key-pad array that straddles a byte boundary', () => {
    // 19 b0 29 bb 15 00 25 0b 75 04 95 01 81 00 → bits 7..10, usages Phone Key 0..Pound.
    const keypad = parsed.fields.find((f) => f.reportType === 'input' && f.reportId === 2 && f.bitOffset === 7)!;
    expect(keypad.flags.variable).toBe(false);
    expect([keypad.reportSize, keypad.reportCount, keypad.logicalMinimum, keypad.logicalMaximum]).toEqual([4, 1, 0, 11]);
    expect(keypad.usages).toEqual([{ first: 0x000b00b0, last: 0x000b00bb }]);
  });

  it('maps the telephony collection', () => {
    // Input report 2:
    //   09 20 09 97 75 01 95 02 81 22          → bit 0 Hook Switch, bit 1 Line Busy Tone
    //   09 2f 09 21 09 24 09 50 75 01 95 04 81 06 → bit 2 Phone Mute, 3 Flash, 4 Redial, 5 Speed Dial
    //   09 07 05 09 75 01 95 01 81 02          → bit 6 Button 7 / Programmable Button = reject
    // Output report 2:
    //   05 08 … 09 17 09 09 09 18 09 20 09 21 75 01 95 05 91 22 → bits 0..4 Off-Hook, Mute, Ring, Hold, Microphone
    //   05 0b … 09 9e 75 01 95 01 91 22        → bit 5 Ringer
    // No On-Line LED. Vol−/Vol+ live in the separate Consumer collection (report 1), not here.
    expect(summarizeDescriptor(bytes)).toEqual({
      telephony: true,
      collection: '0x000B:0x0005',
      inputs: {
        hookSwitch: { reportId: 2, bit: 0 },
        phoneMute: { reportId: 2, bit: 2 },
        flash: { reportId: 2, bit: 3 },
        redial: { reportId: 2, bit: 4 },
        reject: { reportId: 2, bit: 6 },
      },
      outputs: {
        offHook: { reportId: 2, bit: 0 },
        mute: { reportId: 2, bit: 1 },
        ring: { reportId: 2, bit: 2 },
        hold: { reportId: 2, bit: 3 },
        microphone: { reportId: 2, bit: 4 },
        ringer: { reportId: 2, bit: 5 },
      },
    });
    const caps = findHeadsetCapabilities(parsed)!;
    expect(caps.ledLayout).toBe('shared');
    expect(caps.outputReports).toEqual([{ reportId: 2, byteLength: 2 }]);
    // 81 22: absolute, no preferred state (a toggle switch); 81 06: relative (a toggle button).
    expect(caps.inputs.hookSwitch).toMatchObject({ relative: false, noPreferred: true, kind: 'variable' });
    expect(caps.inputs.phoneMute).toMatchObject({ relative: true, kind: 'variable' });
  });
});

describe('EPOS IMPACT D1 (1395:009c)', () => {
  const bytes = loadFixture('epos-impact-d1');
  const parsed = parseReportDescriptor(bytes);

  it('has six top-level collections and one nested Application collection', () => {
    expect(bytes.length).toBe(536);
    // Telephony, Consumer, 0xFF58:0x01, 0xFFFF:0x01, 0xFFE9:0x01, Teams 0xFF99:0x02.
    expect(tlcs(parsed)).toEqual(['0x000b0005', '0x000c0001', '0xff580001', '0xffff0001', '0xffe90001', '0xff990002']);
    // 0x54: a1 01 inside the telephony TLC, with no usage of its own.
    const nested = parsed.collections.filter((c) => c.depth === 1);
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({ type: 1, usage: 0, parent: 0, topLevel: 0, itemOffset: 0x54 });
  });

  it('lays out every report, including the nested feature reports', () => {
    // Telephony: I2 = 1+4+1+2 bits, O3 = 6+2 bits.
    // Nested: F64 = 16×4 bits; F65 = 1+7; F66 = 8×4; F67, F68 = 4+4; F80, F81 = 1+7; F82..F85 = 16 bits.
    // Consumer I1 = 2+6; FF58: I/O 88 = 63 bytes; FFFF: I4 = 1+4+1+2, O5 = 1+7;
    // FFE9: I/O 233 = 255 bytes; Teams: I155 = 1+7, F154 = 63 bytes.
    expect(layout(parsed)).toEqual([
      'I2:1', 'O3:1', 'F64:8', 'F65:1', 'F66:4', 'F67:1', 'F68:1', 'F80:1', 'F81:1', 'F82:2', 'F83:2', 'F84:2', 'F85:2',
      'I1:1', 'I88:63', 'O88:63', 'I4:1', 'O5:1', 'I233:255', 'O233:255', 'I155:1', 'F154:63',
    ]);
  });

  it('reads 27 ff ff 00 00 as 65535, not −1', () => {
    const f = parsed.fields.find((x) => x.reportType === 'feature' && x.reportId === 0x40)!;
    expect([f.logicalMinimum, f.logicalMaximum]).toEqual([0, 65535]);
  });

  it('maps the telephony collection and ignores its vendor mirror and the Consumer volume keys', () => {
    // Input report 2:
    //   09 20 75 01 95 01 81 02                → bit 0 Hook Switch (Abs, Preferred)
    //   09 21 09 24 09 2f 09 26 75 01 95 04 81 06 → bit 1 Flash, 2 Redial, 3 Phone Mute, 4 Drop
    //   09 07 05 09 09 01 75 01 95 01 81 40    → bit 5: a 1-bit Array (Null) of [Button 7, Button 1] = reject
    //   75 01 95 02 81 01                      → bits 6, 7 padding
    // Output report 3:
    //   09 17 09 21 09 18 09 09 09 2a 09 20 75 01 95 06 91 02
    //   → bit 0 Off-Hook, 1 Microphone, 2 Ring, 3 Mute, 4 On-Line, 5 Hold. No Ringer.
    // Report 4/5 in 0xFFFF:0x01 repeat the layout on vendor pages 0xFF13/0xFF95 (and Button 7 again):
    // another top-level collection, so not used. Vol+/Vol− are Consumer report 1, also another TLC.
    expect(summarizeDescriptor(bytes)).toEqual({
      telephony: true,
      collection: '0x000B:0x0005',
      inputs: {
        hookSwitch: { reportId: 2, bit: 0 },
        phoneMute: { reportId: 2, bit: 3 },
        flash: { reportId: 2, bit: 1 },
        redial: { reportId: 2, bit: 2 },
        reject: { reportId: 2, bit: 5 },
      },
      outputs: {
        offHook: { reportId: 3, bit: 0 },
        mute: { reportId: 3, bit: 3 },
        ring: { reportId: 3, bit: 2 },
        hold: { reportId: 3, bit: 5 },
        microphone: { reportId: 3, bit: 1 },
        online: { reportId: 3, bit: 4 },
      },
    });
    const caps = findHeadsetCapabilities(parsed)!;
    expect(caps.inputs.drop).toMatchObject({ reportId: 2, bit: 4, relative: true });
    // The 1-bit array is read as "bit set = first usage pressed".
    expect(caps.inputs.reject).toMatchObject({ kind: 'variable', size: 1, usage: 0x00090007 });
    expect(caps.inputs.hookSwitch).toMatchObject({ relative: false, noPreferred: false });
    expect(caps.ledLayout).toBe('shared');
    expect(caps.outputReports).toEqual([{ reportId: 3, byteLength: 1 }]);
  });
});

describe('Poly Blackwire 3220, telephony collection (047f:c056)', () => {
  const bytes = loadFixture('poly-blackwire3220-col-telephony');
  const parsed = parseReportDescriptor(bytes);

  it('lays out one input report and one output report per LED', () => {
    expect(bytes.length).toBe(109);
    // 85 08: input 1+2+5 bits. Then 85 09 / 17 / 18 / 1e / 20 / 2a: output 1+7 bits each.
    expect(layout(parsed)).toEqual(['I8:1', 'O9:1', 'O23:1', 'O24:1', 'O30:1', 'O32:1', 'O42:1']);
  });

  it('maps the telephony collection', () => {
    // Input report 8:
    //   09 2f 75 01 95 01 81 06      → bit 0 Phone Mute (Rel)
    //   09 20 09 21 75 01 95 02 81 22 → bit 1 Hook Switch, bit 2 Flash (both Abs, NoPref)
    //   95 05 81 01                  → bits 3..7 padding
    // Output: report ID = LED usage, bit 0 each (Report Size 1 carries over from 75 01):
    //   85 09 09 09 → Mute; 85 17 09 17 → Off-Hook; 85 18 09 18 → Ring; 85 1e 09 1e → Speaker
    //   (not one of ours); 85 20 09 20 → Hold; 85 2a 09 2a → On-Line. No Microphone, no Ringer,
    //   no redial, no reject button.
    expect(summarizeDescriptor(bytes)).toEqual({
      telephony: true,
      collection: '0x000B:0x0005',
      inputs: {
        hookSwitch: { reportId: 8, bit: 1 },
        phoneMute: { reportId: 8, bit: 0 },
        flash: { reportId: 8, bit: 2 },
      },
      outputs: {
        offHook: { reportId: 23, bit: 0 },
        mute: { reportId: 9, bit: 0 },
        ring: { reportId: 24, bit: 0 },
        hold: { reportId: 32, bit: 0 },
        online: { reportId: 42, bit: 0 },
      },
    });
    const caps = findHeadsetCapabilities(parsed)!;
    expect(caps.ledLayout).toBe('per-led');
    expect(caps.outputReports.map((r) => r.reportId).sort((a, b) => a - b)).toEqual([9, 23, 24, 32, 42]);
    // Poly's Flash is absolute (held while pressed), unlike Jabra's pulse.
    expect(caps.inputs.flash).toMatchObject({ relative: false });
  });
});

describe('Logitech G535 (046d:0ac4), a headset without telephony', () => {
  const bytes = loadFixture('logitech-g535');
  const parsed = parseReportDescriptor(bytes);

  it('parses its consumer and vendor collections', () => {
    expect(bytes.length).toBe(59);
    // 05 0c 09 01 a1 01 | 06 43 ff 0a 02 02 a1 01 (a 2-byte usage: 0xFF43:0x0202)
    expect(tlcs(parsed)).toEqual(['0x000c0001', '0xff430202']);
    // Report 1: 2 volume bits + 75 06 95 01 81 03 + 75 18 81 03 (count still 1) = 32 bits.
    // Report 0x11: 95 13 75 08 → 19 bytes in and out.
    expect(layout(parsed)).toEqual(['I1:4', 'I17:19', 'O17:19']);
  });

  it('is not a telephony device', () => {
    expect(findHeadsetCapabilities(parsed)).toBeNull();
    expect(summarizeCapabilities(null)).toEqual({ telephony: false });
    expect(summarizeDescriptor(bytes)).toEqual({ telephony: false });
  });
});

describe('every descriptor in ../shared/headsets', () => {
  const shared = existsSync(SHARED_DIR) ? readdirSync(SHARED_DIR).filter((f) => f.endsWith('.hex')) : [];

  it.runIf(shared.length > 0)('still matches the copies in fixtures/', () => {
    for (const name of FIXTURE_NAMES) {
      if (!shared.includes(`${name}.hex`)) continue;
      expect(readFileSync(`${SHARED_DIR}${name}.hex`, 'utf8')).toBe(readFileSync(`${FIXTURES_DIR}${name}.hex`, 'utf8'));
    }
  });

  it.runIf(shared.length > 0)('parses each one (including files added after these tests) to a valid summary', () => {
    for (const file of shared) {
      const bytes = parseHexBytes(readFileSync(`${SHARED_DIR}${file}`, 'utf8'));
      let summary;
      try {
        summary = summarizeDescriptor(bytes);
      } catch (error) {
        // A truncated capture must fail as a DescriptorError, never as a crash.
        expect(error, file).toBeInstanceOf(DescriptorError);
        continue;
      }
      expect(typeof summary.telephony, file).toBe('boolean');
    }
  });
});
