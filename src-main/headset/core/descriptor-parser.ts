/**
 * HID report-descriptor parser (Device Class Definition for HID 1.11, §6.2.2), pure TypeScript so
 * that the desktop driver, the web build and the diagnostics CLI all read descriptors the same way.
 *
 * Output: the collections, and every main-item field with its exact bit offset inside its report
 * payload (the bytes after the report-ID byte), per report type and report ID.
 *
 * Choices that matter for real headsets (see ../shared/research/hid-telephony.md §2.2):
 * - Constant fields keep their usages: Jabra flags live telephony buttons Constant. Only a field
 *   with no usage at all is padding, and padding still takes its bits.
 * - A 1- or 2-byte Usage is combined with the Usage Page in effect at the main item (the spec's
 *   rule). The page in effect when the Usage was declared is kept too (`declaredUsage`), because
 *   Chromium's WebHID uses that one and devices write `09 07 05 09 … 81 02` meaning either
 *   "Button 7" or "Telephony Programmable Button"; the capability mapper accepts both.
 * - Logical Maximum is read signed only when Logical Minimum is negative (Linux's rule), so the
 *   common `15 00 26 ff 00` and the sloppy `15 00 25 ff` both mean 0..255.
 * - Nested Application collections are allowed (EPOS); only depth-0 collections are top-level.
 * - Long items are skipped; delimiter sets contribute only their first usage (the preferred one).
 */

export type ReportType = 'input' | 'output' | 'feature';

/** Raised for input that cannot be a report descriptor; `offset` is the byte where it went wrong. */
export class DescriptorError extends Error {
  override readonly name = 'DescriptorError';
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`report descriptor, byte ${offset} (0x${offset.toString(16).padStart(4, '0')}): ${reason}`);
  }
}

/** A run of usages: one usage when first === last. Values are 32-bit (page << 16 | id). */
export interface UsageRange {
  first: number;
  last: number;
  /** The same run combined with the page in effect where it was declared, when that differs. */
  declaredFirst?: number;
  declaredLast?: number;
}

export interface MainItemFlags {
  constant: boolean;
  variable: boolean;
  relative: boolean;
  wrap: boolean;
  nonLinear: boolean;
  noPreferred: boolean;
  nullState: boolean;
  volatile: boolean;
  bufferedBytes: boolean;
}

export interface ReportField {
  reportType: ReportType;
  /** 0 when the device declares no report IDs. */
  reportId: number;
  /** Offset of the first element in the report payload, after the report-ID byte. */
  bitOffset: number;
  reportSize: number;
  reportCount: number;
  flags: MainItemFlags;
  logicalMinimum: number;
  logicalMaximum: number;
  physicalMinimum: number;
  physicalMaximum: number;
  unitExponent: number;
  unit: number;
  /** Empty for padding. */
  usages: UsageRange[];
  /** Innermost enclosing collection (index into `collections`), -1 outside any. */
  collection: number;
  /** Depth-0 collection this field belongs to, -1 outside any. */
  topLevel: number;
  /** Byte offset of the main item, for diagnostics. */
  itemOffset: number;
}

export const CollectionType = { physical: 0, application: 1, logical: 2, report: 3, namedArray: 4, usageSwitch: 5, usageModifier: 6 } as const;

export interface Collection {
  index: number;
  /** 0 physical, 1 application, 2 logical, 3 report, 4 named array, 5 usage switch, 6 usage modifier, 0x80+ vendor. */
  type: number;
  /** 32-bit usage; 0 when the collection has none. */
  usage: number;
  declaredUsage?: number;
  parent: number;
  depth: number;
  topLevel: number;
  itemOffset: number;
}

export interface ReportLayout {
  reportType: ReportType;
  reportId: number;
  /** Payload length, not counting the report-ID byte. */
  bitLength: number;
  byteLength: number;
}

export interface ParsedDescriptor {
  collections: Collection[];
  fields: ReportField[];
  reports: ReportLayout[];
  usesReportIds: boolean;
}

/** Same bounds as Linux (hid-core.c); a descriptor beyond them would not work there either. */
const MAX_REPORT_SIZE = 256;
const MAX_REPORT_COUNT = 12288;
const MAX_GLOBAL_STACK = 32;
const MAX_COLLECTION_DEPTH = 64;

interface GlobalState {
  usagePage: number;
  logicalMinimum: number;
  /** Raw bytes of Logical Maximum, resolved at the main item (see the note on signedness). */
  logicalMaximumRaw: number;
  logicalMaximumSize: number;
  physicalMinimum: number;
  physicalMaximumRaw: number;
  physicalMaximumSize: number;
  unitExponent: number;
  unit: number;
  reportSize: number;
  reportId: number;
  reportCount: number;
}

/** A usage as declared, before the main item fixes its page. */
interface PendingUsage {
  id: number;
  /** A 4-byte usage carries its own page and is never recombined. */
  extended: boolean;
  declaredPage: number;
}

interface LocalState {
  usages: Array<{ first: PendingUsage; last: PendingUsage }>;
  minimum: PendingUsage | null;
  maximum: PendingUsage | null;
  delimiterOpen: boolean;
  delimiterTaken: boolean;
}

const freshLocal = (): LocalState => ({ usages: [], minimum: null, maximum: null, delimiterOpen: false, delimiterTaken: false });

const toSigned = (value: number, size: number): number => {
  if (size === 0) return 0;
  const bits = size * 8;
  return value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
};

const combine = (u: PendingUsage, page: number): number => (u.extended ? u.id : ((page & 0xffff) * 0x10000 + (u.id & 0xffff)));

export function decodeMainFlags(data: number): MainItemFlags {
  return {
    constant: (data & 0x01) !== 0,
    variable: (data & 0x02) !== 0,
    relative: (data & 0x04) !== 0,
    wrap: (data & 0x08) !== 0,
    nonLinear: (data & 0x10) !== 0,
    noPreferred: (data & 0x20) !== 0,
    nullState: (data & 0x40) !== 0,
    volatile: (data & 0x80) !== 0,
    bufferedBytes: (data & 0x100) !== 0,
  };
}

const MAIN_REPORT_TYPES: Record<number, ReportType> = { 0x8: 'input', 0x9: 'output', 0xb: 'feature' };

export function parseReportDescriptor(bytes: Uint8Array): ParsedDescriptor {
  const collections: Collection[] = [];
  const fields: ReportField[] = [];
  const reportBits = new Map<string, ReportLayout>();
  const open: number[] = [];
  const stack: GlobalState[] = [];
  let usesReportIds = false;
  let global: GlobalState = {
    usagePage: 0,
    logicalMinimum: 0,
    logicalMaximumRaw: 0,
    logicalMaximumSize: 0,
    physicalMinimum: 0,
    physicalMaximumRaw: 0,
    physicalMaximumSize: 0,
    unitExponent: 0,
    unit: 0,
    reportSize: 0,
    reportId: 0,
    reportCount: 0,
  };
  let local = freshLocal();

  const resolveUsages = (): UsageRange[] =>
    local.usages.map(({ first, last }) => {
      const range: UsageRange = { first: combine(first, global.usagePage), last: combine(last, global.usagePage) };
      const declaredFirst = combine(first, first.declaredPage);
      const declaredLast = combine(last, last.declaredPage);
      if (declaredFirst !== range.first || declaredLast !== range.last) {
        range.declaredFirst = declaredFirst;
        range.declaredLast = declaredLast;
      }
      return range;
    });

  const addUsage = (first: PendingUsage, last: PendingUsage): void => {
    if (local.delimiterOpen) {
      // Alternatives inside a delimiter set describe the same control: keep the first.
      if (local.delimiterTaken) return;
      local.delimiterTaken = true;
    }
    local.usages.push({ first, last });
  };

  const resolveMaximum = (raw: number, size: number, minimum: number): number =>
    minimum < 0 ? toSigned(raw, size) : raw;

  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const prefix = bytes[pos]!;

    if (prefix === 0xfe) {
      if (pos + 3 > bytes.length) throw new DescriptorError(start, 'long item header is cut off (truncated descriptor?)');
      const dataSize = bytes[pos + 1]!;
      if (pos + 3 + dataSize > bytes.length) {
        throw new DescriptorError(start, `long item announces ${dataSize} data bytes but only ${bytes.length - pos - 3} remain (truncated descriptor?)`);
      }
      pos += 3 + dataSize;
      continue;
    }

    const sizeCode = prefix & 0x03;
    const size = sizeCode === 3 ? 4 : sizeCode;
    const itemType = (prefix >> 2) & 0x03;
    const tag = prefix >> 4;
    if (pos + 1 + size > bytes.length) {
      throw new DescriptorError(start, `item 0x${prefix.toString(16).padStart(2, '0')} needs ${size} data byte(s) but only ${bytes.length - pos - 1} remain (truncated descriptor?)`);
    }
    let data = 0;
    for (let i = 0; i < size; i++) data += bytes[pos + 1 + i]! * 2 ** (8 * i);
    const signed = toSigned(data, size);
    pos += 1 + size;

    if (itemType === 0) {
      const reportType = MAIN_REPORT_TYPES[tag];
      if (reportType) {
        const key = `${reportType}:${global.reportId}`;
        let layout = reportBits.get(key);
        if (!layout) {
          layout = { reportType, reportId: global.reportId, bitLength: 0, byteLength: 0 };
          reportBits.set(key, layout);
        }
        const bits = global.reportSize * global.reportCount;
        if (bits > 0) {
          const collection = open.length ? open[open.length - 1]! : -1;
          const logicalMaximum = resolveMaximum(global.logicalMaximumRaw, global.logicalMaximumSize, global.logicalMinimum);
          const physicalMaximum = resolveMaximum(global.physicalMaximumRaw, global.physicalMaximumSize, global.physicalMinimum);
          fields.push({
            reportType,
            reportId: global.reportId,
            bitOffset: layout.bitLength,
            reportSize: global.reportSize,
            reportCount: global.reportCount,
            flags: decodeMainFlags(data),
            logicalMinimum: global.logicalMinimum,
            logicalMaximum,
            physicalMinimum: global.physicalMinimum,
            physicalMaximum,
            unitExponent: global.unitExponent,
            unit: global.unit,
            usages: resolveUsages(),
            collection,
            topLevel: collection >= 0 ? collections[collection]!.topLevel : -1,
            itemOffset: start,
          });
          layout.bitLength += bits;
          layout.byteLength = Math.ceil(layout.bitLength / 8);
        }
      } else if (tag === 0xa) {
        if (open.length >= MAX_COLLECTION_DEPTH) throw new DescriptorError(start, `collections nested deeper than ${MAX_COLLECTION_DEPTH}`);
        const parent = open.length ? open[open.length - 1]! : -1;
        const index = collections.length;
        const first = resolveUsages()[0];
        const collection: Collection = {
          index,
          type: data & 0xff,
          usage: first?.first ?? 0,
          parent,
          depth: open.length,
          topLevel: parent >= 0 ? collections[parent]!.topLevel : index,
          itemOffset: start,
        };
        if (first?.declaredFirst !== undefined) collection.declaredUsage = first.declaredFirst;
        collections.push(collection);
        open.push(index);
      } else if (tag === 0xc) {
        if (!open.length) throw new DescriptorError(start, 'End Collection without an open collection');
        open.pop();
      }
      // Other main tags are reserved; like Linux, ignore them rather than reject the device.
      if (local.delimiterOpen) throw new DescriptorError(start, 'main item inside an open delimiter set');
      local = freshLocal();
    } else if (itemType === 1) {
      switch (tag) {
        case 0x0:
          global.usagePage = data & 0xffff;
          break;
        case 0x1:
          global.logicalMinimum = signed;
          break;
        case 0x2:
          global.logicalMaximumRaw = data;
          global.logicalMaximumSize = size;
          break;
        case 0x3:
          global.physicalMinimum = signed;
          break;
        case 0x4:
          global.physicalMaximumRaw = data;
          global.physicalMaximumSize = size;
          break;
        case 0x5:
          global.unitExponent = signed;
          break;
        case 0x6:
          global.unit = data;
          break;
        case 0x7:
          if (data > MAX_REPORT_SIZE) throw new DescriptorError(start, `Report Size ${data} is larger than ${MAX_REPORT_SIZE} bits`);
          global.reportSize = data;
          break;
        case 0x8:
          if (data === 0 || data > 255) throw new DescriptorError(start, `Report ID ${data} is outside 1..255`);
          global.reportId = data;
          usesReportIds = true;
          break;
        case 0x9:
          if (data > MAX_REPORT_COUNT) throw new DescriptorError(start, `Report Count ${data} is larger than ${MAX_REPORT_COUNT}`);
          global.reportCount = data;
          break;
        case 0xa:
          if (stack.length >= MAX_GLOBAL_STACK) throw new DescriptorError(start, `more than ${MAX_GLOBAL_STACK} nested Push items`);
          stack.push({ ...global });
          break;
        case 0xb: {
          const popped = stack.pop();
          if (!popped) throw new DescriptorError(start, 'Pop without a matching Push');
          global = popped;
          break;
        }
        default:
          // Reserved global tags: skip.
          break;
      }
    } else if (itemType === 2) {
      const usage: PendingUsage = { id: size === 4 ? data : data & 0xffff, extended: size === 4, declaredPage: global.usagePage };
      switch (tag) {
        case 0x0:
          addUsage(usage, usage);
          break;
        case 0x1:
          local.minimum = usage;
          break;
        case 0x2:
          local.maximum = usage;
          break;
        case 0xa:
          if (data === 1) {
            if (local.delimiterOpen) throw new DescriptorError(start, 'nested delimiter sets');
            local.delimiterOpen = true;
            local.delimiterTaken = false;
          } else if (data === 0) {
            if (!local.delimiterOpen) throw new DescriptorError(start, 'Delimiter close without an open set');
            local.delimiterOpen = false;
          }
          break;
        default:
          // Designator and string indexes do not affect report layout.
          break;
      }
      if (local.minimum && local.maximum) {
        const { minimum, maximum } = local;
        local.minimum = null;
        local.maximum = null;
        // An inverted range names no usage at all.
        if (combine(maximum, global.usagePage) >= combine(minimum, global.usagePage)) addUsage(minimum, maximum);
      }
    }
    // itemType 3 (other than the long-item prefix) is reserved: skip, as Linux does.
  }

  if (open.length) {
    const innermost = collections[open[open.length - 1]!]!;
    throw new DescriptorError(bytes.length, `descriptor ends inside ${open.length} open collection(s), innermost opened at byte ${innermost.itemOffset} (truncated descriptor?)`);
  }
  return { collections, fields, reports: [...reportBits.values()].filter((r) => r.bitLength > 0), usesReportIds };
}

/** Number of usages in a list of runs. */
export function usageCount(usages: readonly UsageRange[]): number {
  let n = 0;
  for (const u of usages) n += Math.max(0, u.last - u.first) + 1;
  return n;
}

/**
 * The usage of element `index` of a field: the index-th usage, the last one repeating when there
 * are fewer usages than elements (HID 1.11 §6.2.2.8). `declared` picks the declaration-time page.
 */
export function usageAt(usages: readonly UsageRange[], index: number, declared = false): number | null {
  if (!usages.length) return null;
  let remaining = index;
  for (const u of usages) {
    const first = declared ? (u.declaredFirst ?? u.first) : u.first;
    const last = declared ? (u.declaredLast ?? u.last) : u.last;
    const span = Math.max(0, last - first) + 1;
    if (remaining < span) return first + remaining;
    remaining -= span;
  }
  const tail = usages[usages.length - 1]!;
  return declared ? (tail.declaredLast ?? tail.last) : tail.last;
}

export function formatUsage(usage: number): string {
  const page = Math.floor(usage / 0x10000);
  const id = usage % 0x10000;
  return `0x${page.toString(16).toUpperCase().padStart(4, '0')}:0x${id.toString(16).toUpperCase().padStart(4, '0')}`;
}
