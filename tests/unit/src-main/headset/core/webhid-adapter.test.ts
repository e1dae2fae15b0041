import { describe, expect, it } from 'vitest';
import { capabilitiesFromCollections } from '../../../../../src-main/headset/core/webhid-adapter';
import { parseReportDescriptor } from '../../../../../src-main/headset/core/descriptor-parser';
import { asWebHid } from '../webhid-view';
import { summarizeCapabilities, summarizeDescriptor } from '../../../../../src-main/headset/core/capabilities';
import { FIXTURE_NAMES, hex, loadFixture } from '../fixtures';

describe('capabilitiesFromCollections', () => {
  it.each(FIXTURE_NAMES)('maps %s exactly as the descriptor parser does', (name) => {
    const bytes = loadFixture(name);
    const viaWebHid = summarizeCapabilities(capabilitiesFromCollections(asWebHid(parseReportDescriptor(bytes))));
    expect(viaWebHid).toEqual(summarizeDescriptor(bytes));
  });

  it('reads a device without report IDs (report 0), offsets summed over the items', () => {
    // Telephony headset, no report IDs: 2 padding bits, Hook Switch, Phone Mute, 4 padding; LEDs Off-Hook, Mute.
    const bytes = hex(`
      05 0b 09 05 a1 01
        75 02 95 01 81 03
        15 00 25 01 75 01 95 01 09 20 81 02 09 2f 81 06
        75 04 95 01 81 03
        05 08 09 17 09 09 75 01 95 02 91 02 75 06 95 01 91 03
      c0`);
    const caps = capabilitiesFromCollections(asWebHid(parseReportDescriptor(bytes)));
    expect(summarizeCapabilities(caps)).toEqual({
      telephony: true,
      collection: '0x000B:0x0005',
      inputs: { hookSwitch: { reportId: 0, bit: 2 }, phoneMute: { reportId: 0, bit: 3 } },
      outputs: { offHook: { reportId: 0, bit: 0 }, mute: { reportId: 0, bit: 1 } },
    });
    expect(caps?.usesReportIds).toBe(false);
  });

  it('is null for a device with no telephony collection (a keyboard)', () => {
    expect(capabilitiesFromCollections([{ usagePage: 1, usage: 6, inputReports: [{ reportId: 0, items: [{ reportSize: 1, reportCount: 8, usageMinimum: 0x700e0, usageMaximum: 0x700e7, isRange: true }] }] }])).toBeNull();
    expect(capabilitiesFromCollections([])).toBeNull();
  });
});
