/** The capability mapper on hand-made descriptors: what it must find, and what must not fool it. */
import { describe, expect, it } from 'vitest';
import { findHeadsetCapabilities, summarizeCapabilities, summarizeDescriptor } from '../../../../../src-main/headset/core/capabilities';
import { parseReportDescriptor } from '../../../../../src-main/headset/core/descriptor-parser';
import { hex } from '../fixtures';

const caps = (text: string) => findHeadsetCapabilities(parseReportDescriptor(hex(text)));

/** A complete little Jabra-style headset on report 2. */
const HEADSET = `05 0b 09 05 a1 01 85 02 15 00 25 01 75 01
  09 20 95 01 81 22       // bit 0 hook
  09 2f 09 21 95 02 81 06 // bits 1, 2 mute, flash
  95 05 81 01
  05 08 09 17 09 18 95 02 91 22 // out bits 0, 1 off-hook, ring
  95 06 91 01 c0`;

describe('telephony capability map', () => {
  it('is not fooled by a vendor mirror declared first with the same telephony usages', () => {
    const map = caps(`06 30 ff 09 05 a1 01 85 04 05 0b 15 00 25 01 75 01 09 2f 09 20 95 02 81 22 95 06 81 01
                        05 08 09 18 09 17 95 02 91 22 95 06 91 01 c0
                      ${HEADSET}`)!;
    expect(map.collection).toEqual({ index: 1, usage: 0x000b0005 });
    expect(map.inputs.hookSwitch).toMatchObject({ reportId: 2, bit: 0 });
    expect(map.outputs.ring).toMatchObject({ reportId: 2, bit: 1 });
  });

  it('prefers Headset, then Phone, then Handset', () => {
    const handset = '05 0b 09 04 a1 01 85 01 15 00 25 01 75 01 95 01 09 20 81 02 95 07 81 01 c0';
    const phone = '05 0b 09 01 a1 01 85 03 15 00 25 01 75 01 95 01 09 20 81 02 95 07 81 01 c0';
    expect(summarizeDescriptor(hex(handset))).toMatchObject({ collection: '0x000B:0x0004', inputs: { hookSwitch: { reportId: 1, bit: 0 } } });
    expect(summarizeDescriptor(hex(`${handset} ${phone}`))).toMatchObject({ collection: '0x000B:0x0001', inputs: { hookSwitch: { reportId: 3 } } });
    expect(summarizeDescriptor(hex(`${handset} ${phone} ${HEADSET}`))).toMatchObject({ collection: '0x000B:0x0005' });
  });

  it('only accepts telephony top-level collections, not a Headset collection nested in another', () => {
    expect(caps(`06 00 ff 09 01 a1 01 05 0b 09 05 a1 02 85 02 15 00 25 01 75 01 95 08 09 20 81 02 c0 c0`)).toBeNull();
  });

  it('finds volume keys inside the telephony collection (EPOS IMPACT DW style), not in a Consumer one', () => {
    const map = caps(`05 0b 09 05 a1 01 85 02 15 00 25 01 75 01
                        05 0c 09 ea 09 e9 95 02 81 02       // bits 0, 1 Vol−, Vol+
                        05 0b 09 20 95 01 81 22 95 05 81 01 c0
                      05 0c 09 01 a1 01 85 01 09 e9 09 ea 95 02 81 02 95 06 81 01 c0`)!;
    expect(map.inputs.volumeDown).toMatchObject({ reportId: 2, bit: 0 });
    expect(map.inputs.volumeUp).toMatchObject({ reportId: 2, bit: 1 });
    expect(map.inputs.hookSwitch).toMatchObject({ reportId: 2, bit: 2 });
    expect(caps(HEADSET)!.inputs.volumeUp).toBeUndefined();
  });

  it('records array-style controls with the value that selects them', () => {
    // Selector array: value 1 → Hook Switch (0x20) … value 16 → Phone Mute (0x2F); two 8-bit slots.
    const map = caps('05 0b 09 05 a1 01 85 05 19 20 29 2f 15 01 25 10 75 08 95 02 81 00 c0')!;
    expect(map.inputs.hookSwitch).toMatchObject({ reportId: 5, bit: 0, size: 8, count: 2, kind: 'array', index: 1 });
    expect(map.inputs.flash).toMatchObject({ kind: 'array', index: 2 });
    expect(map.inputs.redial).toMatchObject({ kind: 'array', index: 5 });
    expect(map.inputs.phoneMute).toMatchObject({ kind: 'array', index: 16 });
    // Logical 1..3 limits the selectors to the first three usages.
    const short = caps('05 0b 09 05 a1 01 85 05 19 20 29 2f 15 01 25 03 75 08 95 01 81 00 c0')!;
    expect(Object.keys(short.inputs)).toEqual(['hookSwitch', 'flash']);
  });

  it('reads a 1-bit array as "bit set = first usage pressed"', () => {
    const map = caps('05 0b 09 05 a1 01 85 02 15 00 25 01 75 01 95 01 09 07 05 09 09 01 81 40 95 07 81 01 c0')!;
    expect(map.inputs.reject).toMatchObject({ reportId: 2, bit: 0, kind: 'variable', usage: 0x00090007 });
  });

  it('takes the reject button as Telephony 0x07, Button 7, or — failing both — Button 1', () => {
    const direct = caps('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 05 09 09 01 81 02 05 0b 09 07 81 02 95 06 81 01 c0')!;
    expect(direct.inputs.reject).toMatchObject({ bit: 1, usage: 0x000b0007 });
    const buttonOne = caps('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 05 09 09 01 81 02 95 07 81 01 c0')!;
    expect(buttonOne.inputs.reject).toMatchObject({ bit: 0, usage: 0x00090001 });
  });

  it('falls back to the declared page when only that names the control', () => {
    // Hook Switch declared under 0x0B, page switched to LED before the main item: LED 0x20 by the
    // spec's rule, Hook Switch as declared (the way WebHID reads it).
    const map = caps('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 09 20 05 08 81 02 95 07 81 01 c0')!;
    expect(map.inputs.hookSwitch).toMatchObject({ bit: 0, usage: 0x000b0020 });
  });

  it('uses report ID 0 for devices without report IDs', () => {
    const map = caps('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 09 20 81 02 95 07 81 01 05 08 95 01 09 17 91 02 95 07 91 01 c0')!;
    expect(map.usesReportIds).toBe(false);
    expect(summarizeCapabilities(map)).toEqual({
      telephony: true,
      collection: '0x000B:0x0005',
      inputs: { hookSwitch: { reportId: 0, bit: 0 } },
      outputs: { offHook: { reportId: 0, bit: 0 } },
    });
    expect(map.outputReports).toEqual([{ reportId: 0, byteLength: 1 }]);
  });

  it('tells one report for all LEDs from one per LED, and a mix of both', () => {
    expect(caps(HEADSET)!.ledLayout).toBe('shared');
    const perLed = caps('05 0b 09 05 a1 01 05 08 15 00 25 01 75 01 85 17 09 17 95 01 91 02 95 07 91 01 85 18 09 18 95 01 91 02 95 07 91 01 c0')!;
    expect(perLed.ledLayout).toBe('per-led');
    expect(perLed.outputReports).toEqual([{ reportId: 0x17, byteLength: 1 }, { reportId: 0x18, byteLength: 1 }]);
    const mixed = caps('05 0b 09 05 a1 01 05 08 15 00 25 01 75 01 85 03 09 17 09 09 95 02 91 02 95 06 91 01 85 04 09 18 95 01 91 02 95 07 91 01 c0')!;
    expect(mixed.ledLayout).toBe('mixed');
    expect(caps('05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 09 20 81 02 95 07 81 01 c0')!.ledLayout).toBe('none');
  });

  it('keeps the first of two fields with the same usage', () => {
    const map = caps('05 0b 09 05 a1 01 05 08 15 00 25 01 75 01 95 01 85 03 09 18 91 02 85 04 09 18 91 02 c0')!;
    expect(map.outputs.ring).toMatchObject({ reportId: 3 });
  });

  it('prints the issue’s shape with keys in a stable order and empty maps when nothing is found', () => {
    expect(JSON.stringify(summarizeDescriptor(hex(HEADSET)))).toBe(
      '{"telephony":true,"collection":"0x000B:0x0005","inputs":{"hookSwitch":{"reportId":2,"bit":0},"phoneMute":{"reportId":2,"bit":1},"flash":{"reportId":2,"bit":2}},"outputs":{"offHook":{"reportId":2,"bit":0},"ring":{"reportId":2,"bit":1}}}',
    );
    expect(summarizeDescriptor(hex('05 0b 09 05 a1 01 c0'))).toEqual({ telephony: true, collection: '0x000B:0x0005', inputs: {}, outputs: {} });
    expect(summarizeDescriptor(new Uint8Array())).toEqual({ telephony: false });
  });
});
