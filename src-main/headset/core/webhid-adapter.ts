/**
 * WebHID's parsed collections → the same capability map the descriptor parser gives.
 *
 * Windows and macOS hand no report descriptor to user space, but Chromium (the web build, and
 * Electron's renderer) parses it and exposes `HIDDevice.collections`. A top-level collection's
 * `HIDReportInfo` lists the *whole* report, items in order (WebHID spec §report-descriptor), so
 * bit offsets are the running sum of reportSize × reportCount. We rebuild the parser's field model
 * from that and run the one capability mapper, so every platform maps headsets the same way.
 *
 * Chromium combines a usage with the page in effect where it was declared; the mapper accepts
 * that reading as well as the spec's, so `usages` go in as both.
 */
import { findHeadsetCapabilities, type HeadsetCapabilities } from './capabilities';
import type { Collection, MainItemFlags, ParsedDescriptor, ReportField, ReportLayout, ReportType, UsageRange } from './descriptor-parser';

/** The subset of WebHID's `HIDReportItem` we read. */
export interface HidReportItemLike {
  usages?: readonly number[];
  usageMinimum?: number;
  usageMaximum?: number;
  isRange?: boolean;
  reportSize: number;
  reportCount: number;
  logicalMinimum?: number;
  logicalMaximum?: number;
  isArray?: boolean;
  isConstant?: boolean;
  isAbsolute?: boolean;
  hasNull?: boolean;
  hasPreferredState?: boolean;
  wrap?: boolean;
  isLinear?: boolean;
  isVolatile?: boolean;
  isBufferedBytes?: boolean;
}

export interface HidReportInfoLike {
  reportId: number;
  items?: readonly HidReportItemLike[];
}

/** The subset of WebHID's `HIDCollectionInfo` we read. */
export interface HidCollectionInfoLike {
  usagePage: number;
  usage: number;
  type?: number;
  children?: readonly HidCollectionInfoLike[];
  inputReports?: readonly HidReportInfoLike[];
  outputReports?: readonly HidReportInfoLike[];
  featureReports?: readonly HidReportInfoLike[];
}

function flagsOf(item: HidReportItemLike): MainItemFlags {
  return {
    constant: item.isConstant ?? false,
    variable: !(item.isArray ?? false),
    relative: item.isAbsolute === false,
    wrap: item.wrap ?? false,
    nonLinear: item.isLinear === false,
    noPreferred: item.hasPreferredState === false,
    nullState: item.hasNull ?? false,
    volatile: item.isVolatile ?? false,
    bufferedBytes: item.isBufferedBytes ?? false,
  };
}

function usagesOf(item: HidReportItemLike): UsageRange[] {
  if (item.isRange && item.usageMinimum !== undefined && item.usageMaximum !== undefined) {
    return [{ first: item.usageMinimum, last: item.usageMaximum }];
  }
  return (item.usages ?? []).map((u) => ({ first: u, last: u }));
}

/** The parser's model for the top-level collections WebHID lists (fields of nested ones included). */
export function descriptorFromCollections(collections: readonly HidCollectionInfoLike[]): ParsedDescriptor {
  const parsedCollections: Collection[] = [];
  const fields: ReportField[] = [];
  const lengths = new Map<string, ReportLayout>();
  let usesReportIds = false;

  collections.forEach((tlc, index) => {
    parsedCollections.push({
      index,
      type: tlc.type ?? 1,
      usage: ((tlc.usagePage & 0xffff) << 16 | (tlc.usage & 0xffff)) >>> 0,
      parent: -1,
      depth: 0,
      topLevel: index,
      itemOffset: 0,
    });
    const kinds: Array<[ReportType, readonly HidReportInfoLike[] | undefined]> = [
      ['input', tlc.inputReports],
      ['output', tlc.outputReports],
      ['feature', tlc.featureReports],
    ];
    for (const [reportType, reports] of kinds) {
      for (const report of reports ?? []) {
        if (report.reportId !== 0) usesReportIds = true;
        let bit = 0;
        for (const item of report.items ?? []) {
          fields.push({
            reportType,
            reportId: report.reportId,
            bitOffset: bit,
            reportSize: item.reportSize,
            reportCount: item.reportCount,
            flags: flagsOf(item),
            logicalMinimum: item.logicalMinimum ?? 0,
            logicalMaximum: item.logicalMaximum ?? 0,
            physicalMinimum: 0,
            physicalMaximum: 0,
            unitExponent: 0,
            unit: 0,
            usages: usagesOf(item),
            collection: index,
            topLevel: index,
            itemOffset: 0,
          });
          bit += item.reportSize * item.reportCount;
        }
        const key = `${reportType}:${report.reportId}`;
        const previous = lengths.get(key)?.bitLength ?? 0;
        const bitLength = Math.max(previous, bit);
        lengths.set(key, { reportType, reportId: report.reportId, bitLength, byteLength: Math.ceil(bitLength / 8) });
      }
    }
  });
  return { collections: parsedCollections, fields, reports: [...lengths.values()], usesReportIds };
}

/** The capability map of a device as WebHID describes it, or null when it is no telephony headset. */
export function capabilitiesFromCollections(collections: readonly HidCollectionInfoLike[]): HeadsetCapabilities | null {
  return findHeadsetCapabilities(descriptorFromCollections(collections));
}
