/**
 * What a headset can do, read from its parsed descriptor: which input report and bit carry each
 * call-control button, and which output report and bit drive each LED, inside the telephony
 * top-level collection only. Vendor mirrors (Jabra/Yealink 0xFF30, EPOS 0xFF13/0xFF95), Teams
 * collections (0xFF99) and the separate Consumer Control collection are deliberately not read:
 * they duplicate the telephony report (reacting to both would double every press) and the OS
 * already acts on Consumer volume keys.
 */
import { formatUsage, parseReportDescriptor, usageAt, usageCount, type ParsedDescriptor, type ReportField } from './descriptor-parser';

export type InputRole = 'hookSwitch' | 'phoneMute' | 'flash' | 'redial' | 'reject' | 'drop' | 'volumeUp' | 'volumeDown';
export type OutputRole = 'offHook' | 'mute' | 'ring' | 'hold' | 'microphone' | 'online' | 'ringer';

export const INPUT_ROLES: readonly InputRole[] = ['hookSwitch', 'phoneMute', 'flash', 'redial', 'reject', 'drop', 'volumeUp', 'volumeDown'];
export const OUTPUT_ROLES: readonly OutputRole[] = ['offHook', 'mute', 'ring', 'hold', 'microphone', 'online', 'ringer'];

const u = (page: number, id: number): number => page * 0x10000 + id;

export const TELEPHONY_PAGE = 0x0b;
/** Top-level usages accepted as "a telephony device", best first (research §6 rule 1). */
const TELEPHONY_TLC_USAGES = [u(0x0b, 0x05) /* Headset */, u(0x0b, 0x01) /* Phone */, u(0x0b, 0x04) /* Handset */];

/**
 * Usages per role, best first. Reject: devices encode the programmable button as
 * `09 07 05 09 …`, i.e. Button 7 by the spec's page rule or Telephony Programmable Button by
 * Chromium's; the Teams table names Button 1 as reject, so it is the last resort (research §1.5).
 */
const INPUT_USAGES: Record<InputRole, number[]> = {
  hookSwitch: [u(0x0b, 0x20)],
  phoneMute: [u(0x0b, 0x2f)],
  flash: [u(0x0b, 0x21)],
  redial: [u(0x0b, 0x24)],
  reject: [u(0x0b, 0x07), u(0x09, 0x07), u(0x09, 0x01)],
  drop: [u(0x0b, 0x26)],
  volumeUp: [u(0x0c, 0xe9)],
  volumeDown: [u(0x0c, 0xea)],
};

/** LED page 0x08 per HUT: Mute 0x09, Off-Hook 0x17, Ring 0x18, Hold 0x20, Microphone 0x21, On-Line 0x2A; Ringer is Telephony 0x9E. */
const OUTPUT_USAGES: Record<OutputRole, number> = {
  offHook: u(0x08, 0x17),
  mute: u(0x08, 0x09),
  ring: u(0x08, 0x18),
  hold: u(0x08, 0x20),
  microphone: u(0x08, 0x21),
  online: u(0x08, 0x2a),
  ringer: u(0x0b, 0x9e),
};

export interface InputControl {
  role: InputRole;
  usage: number;
  reportId: number;
  /** Bit offset in the payload: of this element for a variable, of the whole field for an array. */
  bit: number;
  size: number;
  /**
   * 'variable': the element's value is the control's state. 'array': the field holds usage
   * indexes; the control is pressed while any of its `count` slots equals `index`.
   */
  kind: 'variable' | 'array';
  count: number;
  index: number;
  relative: boolean;
  noPreferred: boolean;
  constant: boolean;
  logicalMinimum: number;
  logicalMaximum: number;
}

export interface OutputControl {
  role: OutputRole;
  usage: number;
  reportId: number;
  bit: number;
  size: number;
}

export interface OutputReportShape {
  reportId: number;
  byteLength: number;
}

export interface HeadsetCapabilities {
  collection: { index: number; usage: number };
  usesReportIds: boolean;
  inputs: Partial<Record<InputRole, InputControl>>;
  outputs: Partial<Record<OutputRole, OutputControl>>;
  /** Every output report that carries one of `outputs`, with its full payload length. */
  outputReports: OutputReportShape[];
  /** 'shared': one report for all LEDs; 'per-led': one report each; 'mixed' otherwise. */
  ledLayout: 'none' | 'shared' | 'per-led' | 'mixed';
}

/** Lower rank wins; on a tie the first field in descriptor order stays. */
interface Candidate<T> {
  rank: number;
  control: T;
}

function pickTelephonyCollection(parsed: ParsedDescriptor): number {
  let best = -1;
  let bestRank = Infinity;
  for (const c of parsed.collections) {
    if (c.depth !== 0) continue;
    const rank = TELEPHONY_TLC_USAGES.indexOf(c.usage);
    if (rank >= 0 && rank < bestRank) {
      best = c.index;
      bestRank = rank;
    }
  }
  return best;
}

/** Rank of a usage for a role: preference order, main-item page rule before declaration-time. */
function roleRank(candidates: number[], mainUsage: number | null, declaredUsage: number | null): number {
  const main = mainUsage === null ? -1 : candidates.indexOf(mainUsage);
  if (main >= 0) return main;
  const declared = declaredUsage === null ? -1 : candidates.indexOf(declaredUsage);
  return declared >= 0 ? candidates.length + declared : -1;
}

/**
 * A 1-bit Array with logical 0..1 (EPOS IMPACT, Sennheiser mirrors) would by the letter select its
 * first usage while idle; devices mean "bit set = first usage pressed", so read it as a variable.
 */
const isOneBitArray = (f: ReportField): boolean => !f.flags.variable && f.reportSize === 1;

/** Enough to cover any sensible selector list without letting a 0..65535 range run away. */
const MAX_ARRAY_SCAN = 4096;

function collectInputs(fields: ReportField[]): Partial<Record<InputRole, InputControl>> {
  const best = new Map<InputRole, Candidate<InputControl>>();
  const offer = (role: InputRole, rank: number, control: InputControl): void => {
    const current = best.get(role);
    if (!current || rank < current.rank) best.set(role, { rank, control });
  };
  const base = (f: ReportField) => ({
    reportId: f.reportId,
    relative: f.flags.relative,
    noPreferred: f.flags.noPreferred,
    constant: f.flags.constant,
    logicalMinimum: f.logicalMinimum,
    logicalMaximum: f.logicalMaximum,
  });

  for (const f of fields) {
    if (!f.usages.length) continue;
    if (f.flags.variable || isOneBitArray(f)) {
      const elements = isOneBitArray(f) ? 1 : f.reportCount;
      for (let i = 0; i < elements; i++) {
        const main = usageAt(f.usages, i);
        const declared = usageAt(f.usages, i, true);
        for (const role of INPUT_ROLES) {
          const rank = roleRank(INPUT_USAGES[role], main, declared);
          if (rank < 0) continue;
          const usage = rank < INPUT_USAGES[role].length ? main! : declared!;
          offer(role, rank, {
            role,
            usage,
            ...base(f),
            bit: f.bitOffset + i * f.reportSize,
            size: f.reportSize,
            kind: 'variable',
            count: 1,
            index: 1,
            ...(isOneBitArray(f) ? { logicalMinimum: 0, logicalMaximum: 1 } : {}),
          });
        }
      }
    } else {
      const span = Math.min(usageCount(f.usages), f.logicalMaximum - f.logicalMinimum + 1, MAX_ARRAY_SCAN);
      for (let j = 0; j < span; j++) {
        const main = usageAt(f.usages, j);
        const declared = usageAt(f.usages, j, true);
        for (const role of INPUT_ROLES) {
          const rank = roleRank(INPUT_USAGES[role], main, declared);
          if (rank < 0) continue;
          const usage = rank < INPUT_USAGES[role].length ? main! : declared!;
          offer(role, rank, { role, usage, ...base(f), bit: f.bitOffset, size: f.reportSize, kind: 'array', count: f.reportCount, index: f.logicalMinimum + j });
        }
      }
    }
  }
  const out: Partial<Record<InputRole, InputControl>> = {};
  for (const role of INPUT_ROLES) {
    const c = best.get(role);
    if (c) out[role] = c.control;
  }
  return out;
}

function collectOutputs(fields: ReportField[]): Partial<Record<OutputRole, OutputControl>> {
  const best = new Map<OutputRole, Candidate<OutputControl>>();
  for (const f of fields) {
    // LEDs are On/Off controls, always declared as variables; a selector array of LEDs has not
    // been seen on any headset, so it is left unmapped rather than guessed at.
    if (!f.usages.length || !f.flags.variable) continue;
    for (let i = 0; i < f.reportCount; i++) {
      const main = usageAt(f.usages, i);
      const declared = usageAt(f.usages, i, true);
      for (const role of OUTPUT_ROLES) {
        const rank = roleRank([OUTPUT_USAGES[role]], main, declared);
        const current = best.get(role);
        if (rank < 0 || (current && current.rank <= rank)) continue;
        best.set(role, { rank, control: { role, usage: OUTPUT_USAGES[role], reportId: f.reportId, bit: f.bitOffset + i * f.reportSize, size: f.reportSize } });
      }
    }
  }
  const out: Partial<Record<OutputRole, OutputControl>> = {};
  for (const role of OUTPUT_ROLES) {
    const c = best.get(role);
    if (c) out[role] = c.control;
  }
  return out;
}

/** The telephony collection's capabilities, or null when the descriptor has none. */
export function findHeadsetCapabilities(parsed: ParsedDescriptor): HeadsetCapabilities | null {
  const tlc = pickTelephonyCollection(parsed);
  if (tlc < 0) return null;
  const own = parsed.fields.filter((f) => f.topLevel === tlc);
  const inputs = collectInputs(own.filter((f) => f.reportType === 'input'));
  const outputs = collectOutputs(own.filter((f) => f.reportType === 'output'));

  const ids = [...new Set(Object.values(outputs).map((o) => o.reportId))];
  const outputReports = ids.map((reportId) => ({
    reportId,
    byteLength: parsed.reports.find((r) => r.reportType === 'output' && r.reportId === reportId)?.byteLength ?? 0,
  }));
  const ledCount = Object.keys(outputs).length;
  const ledLayout = ledCount === 0 ? 'none' : ids.length === 1 ? 'shared' : ids.length === ledCount ? 'per-led' : 'mixed';

  return {
    collection: { index: tlc, usage: parsed.collections[tlc]!.usage },
    usesReportIds: parsed.usesReportIds,
    inputs,
    outputs,
    outputReports,
    ledLayout,
  };
}

export interface ControlLocation {
  reportId: number;
  bit: number;
}

/** The diagnostics shape from issue 4; absent controls are omitted, never null. */
export type TelephonySummary =
  | { telephony: false }
  | {
      telephony: true;
      collection: string;
      inputs: Partial<Record<'hookSwitch' | 'phoneMute' | 'flash' | 'redial' | 'reject' | 'volumeUp' | 'volumeDown', ControlLocation>>;
      outputs: Partial<Record<OutputRole, ControlLocation>>;
    };

const SUMMARY_INPUTS = ['hookSwitch', 'phoneMute', 'flash', 'redial', 'reject', 'volumeUp', 'volumeDown'] as const;

export function summarizeCapabilities(caps: HeadsetCapabilities | null): TelephonySummary {
  if (!caps) return { telephony: false };
  const inputs: Partial<Record<(typeof SUMMARY_INPUTS)[number], ControlLocation>> = {};
  for (const role of SUMMARY_INPUTS) {
    const c = caps.inputs[role];
    if (c) inputs[role] = { reportId: c.reportId, bit: c.bit };
  }
  const outputs: Partial<Record<OutputRole, ControlLocation>> = {};
  for (const role of OUTPUT_ROLES) {
    const c = caps.outputs[role];
    if (c) outputs[role] = { reportId: c.reportId, bit: c.bit };
  }
  return { telephony: true, collection: formatUsage(caps.collection.usage), inputs, outputs };
}

/** Bytes → the diagnostics summary. Throws DescriptorError for malformed descriptors. */
export function summarizeDescriptor(bytes: Uint8Array): TelephonySummary {
  return summarizeCapabilities(findHeadsetCapabilities(parseReportDescriptor(bytes)));
}
