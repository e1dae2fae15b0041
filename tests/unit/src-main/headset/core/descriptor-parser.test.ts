/** The parser on hand-made descriptors, one HID rule each. */
import { describe, expect, it } from 'vitest';
import { DescriptorError, formatUsage, parseReportDescriptor, usageAt } from '../../../../../src-main/headset/core/descriptor-parser';
import { FIXTURE_NAMES, hex, loadFixture } from '../fixtures';

const fieldAt = (bytes: Uint8Array, type: 'input' | 'output' | 'feature', reportId: number, bit: number) =>
  parseReportDescriptor(bytes).fields.find((f) => f.reportType === type && f.reportId === reportId && f.bitOffset === bit);

function parseError(bytes: Uint8Array): DescriptorError {
  try {
    parseReportDescriptor(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorError);
    return error as DescriptorError;
  }
  throw new Error('expected a DescriptorError');
}

describe('report descriptor parser', () => {
  it('counts bits from 0 for devices without report IDs', () => {
    const parsed = parseReportDescriptor(
      hex(`05 0b 09 05 a1 01  15 00 25 01 75 01
           09 20 09 2f 95 02 81 22   // bits 0, 1
           95 06 81 01              // bits 2..7 padding
           05 08 09 17 09 18 95 02 91 02
           95 06 91 01 c0`),
    );
    expect(parsed.usesReportIds).toBe(false);
    expect(parsed.reports).toEqual([
      { reportType: 'input', reportId: 0, bitLength: 8, byteLength: 1 },
      { reportType: 'output', reportId: 0, bitLength: 8, byteLength: 1 },
    ]);
    const inputs = parsed.fields.filter((f) => f.reportType === 'input');
    expect(inputs.map((f) => [f.bitOffset, f.reportCount, f.usages.length])).toEqual([
      [0, 2, 2],
      [2, 6, 0],
    ]);
  });

  it('keeps separate bit counters per report type and report ID', () => {
    const parsed = parseReportDescriptor(
      hex(`05 0b 09 05 a1 01 15 00 25 01 75 01 95 01
           85 01 09 20 81 02  09 21 81 02   // input 1: bits 0, 1
           85 02 09 2f 81 02                // input 2: bit 0
           85 01 09 24 81 02                // back to input 1: bit 2
           05 08 09 18 91 02                // output 1: bit 0
           c0`),
    );
    expect(parsed.fields.map((f) => `${f.reportType}${f.reportId}@${f.bitOffset}=${formatUsage(usageAt(f.usages, 0)!)}`)).toEqual([
      'input1@0=0x000B:0x0020',
      'input1@1=0x000B:0x0021',
      'input2@0=0x000B:0x002F',
      'input1@2=0x000B:0x0024',
      'output1@0=0x0008:0x0018',
    ]);
  });

  it('expands usage ranges and repeats the last usage for extra elements', () => {
    const parsed = parseReportDescriptor(
      hex(`05 08 09 01 a1 01 15 00 25 01 75 01
           19 17 29 18 95 04 91 02   // Off-Hook, Ring, then Ring again for elements 2, 3
           c0`),
    );
    const f = parsed.fields[0]!;
    expect(f.usages).toEqual([{ first: 0x00080017, last: 0x00080018 }]);
    expect([0, 1, 2, 3].map((i) => usageAt(f.usages, i))).toEqual([0x00080017, 0x00080018, 0x00080018, 0x00080018]);
  });

  it('accepts Usage Maximum before Usage Minimum and ignores an inverted range', () => {
    const ok = parseReportDescriptor(hex('05 0b 09 05 a1 01 29 21 19 20 75 01 95 02 81 02 c0')).fields[0]!;
    expect(ok.usages).toEqual([{ first: 0x000b0020, last: 0x000b0021 }]);
    const inverted = parseReportDescriptor(hex('05 0b 09 05 a1 01 19 21 29 20 75 01 95 02 81 02 c0')).fields[0]!;
    expect(inverted.usages).toEqual([]);
  });

  it('records arrays with their selector list and logical range', () => {
    const f = fieldAt(hex('05 0b 09 05 a1 01 85 05 19 20 29 2f 15 01 25 10 75 08 95 02 81 00 c0'), 'input', 5, 0)!;
    expect(f.flags).toMatchObject({ variable: false, constant: false });
    expect([f.reportSize, f.reportCount, f.logicalMinimum, f.logicalMaximum]).toEqual([8, 2, 1, 16]);
    expect(f.usages).toEqual([{ first: 0x000b0020, last: 0x000b002f }]);
  });

  it('restores the whole global state, report ID included, on Pop', () => {
    const parsed = parseReportDescriptor(
      hex(`05 0b 09 05 a1 01 85 02 15 00 25 01 75 01
           a4                                  // Push: page 0x0B, report 2, size 1
           05 08 85 03 75 04 95 01 09 17 91 02 // output 3, bits 0..3
           b4                                  // Pop
           95 01 09 20 81 02                   // input 2, bit 0, page 0x0B again
           05 08 09 18 91 02                   // output 2, bit 0, size 1 again
           c0`),
    );
    expect(parsed.fields.map((f) => [f.reportType, f.reportId, f.bitOffset, f.reportSize, usageAt(f.usages, 0)])).toEqual([
      ['output', 3, 0, 4, 0x00080017],
      ['input', 2, 0, 1, 0x000b0020],
      ['output', 2, 0, 1, 0x00080018],
    ]);
  });

  it('refuses Pop without Push, naming the byte', () => {
    const error = parseError(hex('05 0b 09 05 a1 01 b4 c0'));
    expect(error.offset).toBe(6);
    expect(error.message).toMatch(/byte 6 .*Pop without a matching Push/);
  });

  it('tracks nested collections and their top-level collection', () => {
    const parsed = parseReportDescriptor(
      hex(`05 0b 09 05 a1 01            // 0: TLC Headset
             09 06 a1 02               // 1: logical key pad
               05 08 09 3f a1 00       // 2: physical, inside the key pad
                 75 01 95 01 09 17 91 02
               c0
             c0
             a1 01                     // 3: nested Application without usage (EPOS)
               06 40 ff 85 40 75 08 95 01 0a 40 ff b1 02
             c0
           c0
           06 00 ff 09 01 a1 01 85 04 75 08 95 01 09 01 81 02 c0   // 4: vendor TLC`),
    );
    expect(parsed.collections.map((c) => [c.index, c.type, c.depth, c.parent, c.topLevel, formatUsage(c.usage)])).toEqual([
      [0, 1, 0, -1, 0, '0x000B:0x0005'],
      [1, 2, 1, 0, 0, '0x000B:0x0006'],
      [2, 0, 2, 1, 0, '0x0008:0x003F'],
      [3, 1, 1, 0, 0, '0x0000:0x0000'],
      [4, 1, 0, -1, 4, '0xFF00:0x0001'],
    ]);
    expect(parsed.fields.map((f) => [f.collection, f.topLevel])).toEqual([
      [2, 0],
      [3, 0],
      [4, 4],
    ]);
  });

  it('skips long items, and says so when one is cut off', () => {
    const parsed = parseReportDescriptor(hex('05 0b 09 05 a1 01 fe 03 10 aa bb cc 75 01 95 01 09 20 81 02 fe 00 22 c0'));
    expect(parsed.fields).toHaveLength(1);
    expect(usageAt(parsed.fields[0]!.usages, 0)).toBe(0x000b0020);
    expect(parseError(hex('05 0b 09 05 a1 01 fe 05 10 aa bb')).message).toMatch(/byte 6 .*long item announces 5 data bytes but only 2 remain/);
    expect(parseError(hex('05 0b fe 01')).message).toMatch(/long item header is cut off/);
  });

  it('takes 4-byte usages as extended usages whatever the current page', () => {
    const f = parseReportDescriptor(hex('05 0c 09 01 a1 01 0b 20 00 0b 00 75 01 95 01 81 02 c0')).fields[0]!;
    expect(usageAt(f.usages, 0)).toBe(0x000b0020);
    expect(f.usages[0]!.declaredFirst).toBeUndefined();
  });

  it('combines short usages with the page at the main item, keeping the declared page as an alternative', () => {
    const f = parseReportDescriptor(hex('05 0b 09 05 a1 01 09 07 05 09 09 01 75 01 95 01 81 02 c0')).fields[0]!;
    expect(f.usages).toEqual([
      { first: 0x00090007, last: 0x00090007, declaredFirst: 0x000b0007, declaredLast: 0x000b0007 },
      { first: 0x00090001, last: 0x00090001 },
    ]);
  });

  it('reads Logical Maximum signed only when Logical Minimum is negative', () => {
    const limits = (items: string) => {
      const f = parseReportDescriptor(hex(`05 0b 09 05 a1 01 ${items} 75 08 95 01 09 20 81 02 c0`)).fields[0]!;
      return [f.logicalMinimum, f.logicalMaximum];
    };
    expect(limits('15 00 25 ff')).toEqual([0, 255]);
    expect(limits('15 00 26 ff 00')).toEqual([0, 255]);
    expect(limits('15 ff 25 01')).toEqual([-1, 1]);
    expect(limits('15 81 25 7f')).toEqual([-127, 127]);
    expect(limits('16 00 80 26 ff 7f')).toEqual([-32768, 32767]);
    expect(limits('17 00 00 00 80 27 ff ff ff 7f')).toEqual([-2147483648, 2147483647]);
  });

  it('decodes the main item flags, including buffered bytes from a 2-byte item', () => {
    const parsed = parseReportDescriptor(hex('06 00 ff 09 01 a1 01 75 08 95 02 09 01 82 02 01 09 01 81 7f c0'));
    expect(parsed.fields[0]!.flags).toMatchObject({ variable: true, bufferedBytes: true, constant: false });
    expect(parsed.fields[1]!.flags).toEqual({
      constant: true, variable: true, relative: true, wrap: true, nonLinear: true, noPreferred: true, nullState: true, volatile: false, bufferedBytes: false,
    });
  });

  it('keeps constant fields that carry usages, and padding still takes its bits', () => {
    // Jabra Link 380c style: live telephony buttons flagged Constant (81 23 / 81 07).
    const parsed = parseReportDescriptor(
      hex('05 0b 09 05 a1 01 85 02 15 00 25 01 75 01 95 03 81 03 09 20 95 01 81 23 09 2f 81 07 95 03 81 01 c0'),
    );
    expect(parsed.fields.map((f) => [f.bitOffset, f.reportCount, f.flags.constant, f.usages.length ? usageAt(f.usages, 0) : null])).toEqual([
      [0, 3, true, null],
      [3, 1, true, 0x000b0020],
      [4, 1, true, 0x000b002f],
      [5, 3, true, null],
    ]);
  });

  it('keeps only the first usage of a delimiter set', () => {
    const f = parseReportDescriptor(hex('05 0b 09 05 a1 01 a9 01 09 20 09 97 a9 00 09 21 75 01 95 02 81 02 c0')).fields[0]!;
    expect([usageAt(f.usages, 0), usageAt(f.usages, 1)]).toEqual([0x000b0020, 0x000b0021]);
    expect(parseError(hex('05 0b 09 05 a1 01 a9 01 a9 01')).message).toMatch(/nested delimiter/);
    expect(parseError(hex('05 0b 09 05 a1 01 a9 00')).message).toMatch(/Delimiter close/);
  });

  it('gives no field to zero-sized main items and ignores reserved items', () => {
    const parsed = parseReportDescriptor(hex('05 0b 09 05 a1 01 75 00 95 04 81 02 75 01 95 00 81 02 f0 d4 3f 01 02 03 04 c0'));
    expect(parsed.fields).toEqual([]);
    expect(parsed.reports).toEqual([]);
  });

  it('refuses report ID 0 and absurd sizes', () => {
    expect(parseError(hex('85 00')).message).toMatch(/Report ID 0 is outside 1\.\.255/);
    expect(parseError(hex('76 01 01')).message).toMatch(/Report Size 257/);
    expect(parseError(hex('05 0b 97 00 40 00 00')).message).toMatch(/Report Count 16384/);
  });

  it('reports truncation with the byte offset', () => {
    expect(parseError(hex('05 0b 09 05 a1 01 85')).message).toMatch(/byte 6 .*item 0x85 needs 1 data byte\(s\) but only 0 remain/);
    expect(parseError(hex('05 0b 09 05 a1 01 27 ff ff')).message).toMatch(/item 0x27 needs 4 data byte/);
    const unclosed = parseError(hex('05 0b 09 05 a1 01 05 08 09 01 a1 02'));
    expect(unclosed.offset).toBe(12);
    expect(unclosed.message).toMatch(/ends inside 2 open collection\(s\), innermost opened at byte 10/);
    expect(parseError(hex('c0')).message).toMatch(/End Collection without an open collection/);
  });

  it('fails every truncation of the real descriptors with a DescriptorError, never a crash', () => {
    for (const name of FIXTURE_NAMES) {
      const bytes = loadFixture(name);
      for (let n = 1; n < bytes.length; n++) {
        try {
          parseReportDescriptor(bytes.subarray(0, n));
        } catch (error) {
          expect(error, `${name} cut at ${n}`).toBeInstanceOf(DescriptorError);
        }
      }
    }
  });

  it('survives garbage: random bytes parse or fail with a DescriptorError', () => {
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let run = 0; run < 2000; run++) {
      const bytes = Uint8Array.from({ length: 1 + (random() % 64) }, random);
      try {
        parseReportDescriptor(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(DescriptorError);
      }
    }
  });

  it('parses an empty descriptor to nothing', () => {
    expect(parseReportDescriptor(new Uint8Array())).toEqual({ collections: [], fields: [], reports: [], usesReportIds: false });
  });
});
