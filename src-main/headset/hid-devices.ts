/**
 * Which enumerated HID nodes are headsets, and what each can do (where that comes from on each OS:
 * see hid-driver.ts). What was learnt is kept: a node's sysfs descriptor while it stays plugged
 * in, the renderer's description per vendor:product.
 */
import type { HeadsetDescription, HeadsetDeviceInfo, HeadsetSettings } from '../../src-preload/contract';
import { findHeadsetCapabilities, INPUT_ROLES, OUTPUT_ROLES, TELEPHONY_PAGE, type HeadsetCapabilities } from './core/capabilities';
import { parseReportDescriptor } from './core/descriptor-parser';
import { capabilitiesFromCollections } from './core/webhid-adapter';
import type { HidDriverOptions, NodeHidDevice } from './hid-ports';
import { hidrawName } from './linux-descriptor';

/** Descriptions kept (vendor:product); more than any desk has headsets. */
const MAX_DESCRIPTIONS = 32;

export const deviceKey = (d: { vendorId: number; productId: number; serialNumber?: string | undefined }): string =>
  `${d.vendorId}:${d.productId}:${d.serialNumber ?? ''}`;

const modelKey = (vendorId: number, productId: number): string => `${vendorId}:${productId}`;

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

export interface Candidate {
  key: string;
  path: string;
  name: string;
  vendorId: number;
  productId: number;
  caps: HeadsetCapabilities | null;
}

export type UsableCandidate = Candidate & { caps: HeadsetCapabilities };

/** Logs with `log` only the first time `id` comes up. */
export type LogOnce = (id: string, log: () => void) => void;

/** Entries grouped by path, in enumeration order. */
function groupByPath(entries: readonly NodeHidDevice[]): Array<{ path: string; entries: NodeHidDevice[] }> {
  const groups = new Map<string, NodeHidDevice[]>();
  for (const entry of entries) {
    if (!entry.path) continue;
    const list = groups.get(entry.path);
    if (list) list.push(entry);
    else groups.set(entry.path, [entry]);
  }
  return [...groups].map(([path, list]) => ({ path, entries: list }));
}

/** The list the renderer sees; `activeKey`: the device open right now, if any. */
export function listDevices(candidates: readonly Candidate[], activeKey: string | null): HeadsetDeviceInfo[] {
  return candidates.map((c) => ({
    key: c.key,
    name: c.name,
    vendorId: c.vendorId,
    productId: c.productId,
    active: c.key === activeKey,
    inputs: c.caps ? INPUT_ROLES.filter((role) => c.caps!.inputs[role]) : [],
    outputs: c.caps ? OUTPUT_ROLES.filter((role) => c.caps!.outputs[role]) : [],
  }));
}

/** The device to use: known capabilities, not blocked, and the user's choice if they made one. */
export function chooseCandidate(
  candidates: readonly Candidate[],
  settings: HeadsetSettings,
  isBlocked: (key: string) => boolean,
): UsableCandidate | null {
  if (!settings.enabled) return null;
  const usable = (c: Candidate): c is UsableCandidate => c.caps !== null && !isBlocked(c.key);
  if (settings.deviceKey) {
    // The user picked one: another headset is not silently used instead while it is away.
    const chosen = candidates.find((c) => c.key === settings.deviceKey);
    return chosen && usable(chosen) ? chosen : null;
  }
  return candidates.find(usable) ?? null;
}

export interface DeviceCatalog {
  /** The headsets among the enumerated entries, one per device key, in enumeration order. */
  identify(entries: readonly NodeHidDevice[]): Promise<Candidate[]>;
  /** Drops the sysfs descriptors of nodes no longer enumerated. */
  forgetUnplugged(entries: readonly NodeHidDevice[]): void;
  /** Maps and keeps the renderer's WebHID view of a model. */
  describe(description: HeadsetDescription): void;
}

export function createDeviceCatalog(options: Pick<HidDriverOptions, 'platform' | 'readDescriptor' | 'logger'>, once: LogOnce): DeviceCatalog {
  const { logger } = options;
  const linux = options.platform === 'linux';
  /** path → what its sysfs descriptor says (null: not a headset), for the vendor:product seen there. */
  const sysfsCaps = new Map<string, { model: string; caps: HeadsetCapabilities | null }>();
  /** vendor:product → the renderer's description, mapped. */
  const described = new Map<string, HeadsetCapabilities | null>();

  async function sysfsCapabilities(path: string, model: string): Promise<HeadsetCapabilities | null | undefined> {
    const cached = sysfsCaps.get(path);
    if (cached && cached.model === model) return cached.caps;
    try {
      const bytes = await options.readDescriptor(path);
      let caps: HeadsetCapabilities | null;
      try {
        caps = findHeadsetCapabilities(parseReportDescriptor(bytes));
      } catch (error) {
        once(`malformed:${path}:${model}`, () => logger.warn('ignoring a HID device with a malformed report descriptor', { path, model, error }));
        caps = null;
      }
      sysfsCaps.set(path, { model, caps });
      return caps;
    } catch (error) {
      once(`sysfs:${path}:${model}`, () => logger.warn('report descriptor not readable from sysfs', { path, error }));
      return undefined;
    }
  }

  async function classify(path: string, entries: NodeHidDevice[]): Promise<Candidate | null> {
    const first = entries[0]!;
    const model = modelKey(first.vendorId, first.productId);
    const telephonyPage = entries.some((e) => e.usagePage === TELEPHONY_PAGE);
    let caps: HeadsetCapabilities | null | undefined;
    if (linux && hidrawName(path)) {
      // The exact descriptor; hidapi may not report usage pages on Linux, so every node is read.
      caps = await sysfsCapabilities(path, model);
      if (caps === null) return null;
    }
    if (caps === undefined) {
      if (!telephonyPage) return null;
      caps = described.get(model) ?? null;
    }
    const named = entries.find((e) => e.product) ?? first;
    return {
      key: deviceKey(first),
      path,
      name: named.product || named.manufacturer || `${hex4(first.vendorId)}:${hex4(first.productId)}`,
      vendorId: first.vendorId,
      productId: first.productId,
      caps,
    };
  }

  return {
    async identify(entries) {
      const found: Candidate[] = [];
      const seen = new Set<string>();
      for (const { path, entries: group } of groupByPath(entries)) {
        const candidate = await classify(path, group);
        // Two nodes of one headset (or two identical headsets without serial numbers): the first wins.
        if (!candidate || seen.has(candidate.key)) continue;
        seen.add(candidate.key);
        found.push(candidate);
      }
      return found;
    },
    forgetUnplugged(entries) {
      const paths = new Set(groupByPath(entries).map((g) => g.path));
      for (const path of sysfsCaps.keys()) if (!paths.has(path)) sysfsCaps.delete(path);
    },
    describe(description) {
      let caps: HeadsetCapabilities | null;
      try {
        caps = capabilitiesFromCollections(description.collections);
      } catch (error) {
        logger.warn('could not map a headset description', { vendorId: description.vendorId, productId: description.productId, error });
        caps = null;
      }
      const model = modelKey(description.vendorId, description.productId);
      const previous = described.get(model);
      // The renderer describes its devices on every start: the same map keeps the open device open.
      if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(caps)) {
        described.delete(model);
        described.set(model, caps);
      }
      while (described.size > MAX_DESCRIPTIONS) described.delete(described.keys().next().value!);
      logger.info('headset described', { model, telephony: caps !== null });
    },
  };
}
