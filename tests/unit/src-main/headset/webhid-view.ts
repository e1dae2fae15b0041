import type { HidCollectionInfoLike, HidReportInfoLike } from '../../../../src-main/headset/core/webhid-adapter';
import type { ParsedDescriptor, ReportType } from '../../../../src-main/headset/core/descriptor-parser';

/**
 * What Chromium's WebHID shows for a descriptor: per top-level collection, each report with all
 * its items in order, usages combined with the page in effect where they were declared.
 */
export function asWebHid(parsed: ParsedDescriptor): HidCollectionInfoLike[] {
  return parsed.collections
    .filter((c) => c.depth === 0)
    .map((tlc) => {
      const reports = (type: ReportType): HidReportInfoLike[] => {
        const ids = [...new Set(parsed.fields.filter((f) => f.topLevel === tlc.index && f.reportType === type).map((f) => f.reportId))];
        return ids.map((reportId) => ({
          reportId,
          items: parsed.fields
            .filter((f) => f.topLevel === tlc.index && f.reportType === type && f.reportId === reportId)
            .sort((a, b) => a.bitOffset - b.bitOffset)
            .map((f) => {
              const ranges = f.usages.map((u) => ({ first: u.declaredFirst ?? u.first, last: u.declaredLast ?? u.last }));
              const isRange = ranges.length === 1 && ranges[0]!.first !== ranges[0]!.last;
              return {
                reportSize: f.reportSize,
                reportCount: f.reportCount,
                logicalMinimum: f.logicalMinimum,
                logicalMaximum: f.logicalMaximum,
                isArray: !f.flags.variable,
                isConstant: f.flags.constant,
                isAbsolute: !f.flags.relative,
                hasNull: f.flags.nullState,
                hasPreferredState: !f.flags.noPreferred,
                isRange,
                ...(isRange ? { usageMinimum: ranges[0]!.first, usageMaximum: ranges[0]!.last } : { usages: ranges.map((r) => r.first) }),
              };
            }),
        }));
      };
      return {
        usagePage: tlc.usage >>> 16,
        usage: tlc.usage & 0xffff,
        type: tlc.type,
        inputReports: reports('input'),
        outputReports: reports('output'),
        featureReports: reports('feature'),
      };
    });
}

