/**
 * The desktop's headset driver: node-hid underneath the shared headset core (J8).
 *
 * What it does, every ~2 s (node-hid has no hot-plug events) and at once when asked:
 *   enumerate → keep the telephony devices → learn what each can do → open the chosen one
 *   non-exclusively → hand its reports to the session, and the session's LED reports to it.
 *
 * What a device can do comes from its report descriptor, run through the same parser and mapper
 * as everywhere else:
 * - Linux: hidraw exposes the exact descriptor in sysfs (`readDescriptor`), for every node.
 * - Windows and macOS: no descriptor reaches user space through node-hid 3.4, so the renderer
 *   hands over Chromium's parsed WebHID collections (`describe`), mapped by
 *   `capabilitiesFromCollections` and kept per vendor:product. Until that arrives a device is
 *   listed (name, ids) but not used. A description is only ever applied to a node-hid path that
 *   itself reports the Telephony page, so it can never make main open a keyboard.
 * - Linux falls back to a description too, should sysfs be unreadable.
 *
 * node-hid is loaded lazily and may fail to load (its Linux prebuilds link libusb-1.0.so.0 even
 * for hidraw): the headset feature is then unavailable with a logged reason and lists no devices;
 * main carries on. Every node-hid object is a port, so all of this runs in tests against fakes.
 */
import type { HeadsetDescription, HeadsetDeviceInfo, HeadsetSettings } from '../../src-preload/contract';
import type { Logger } from '../app/logger';
import { findHeadsetCapabilities, INPUT_ROLES, OUTPUT_ROLES, TELEPHONY_PAGE, type HeadsetCapabilities } from './core/capabilities';
import { parseReportDescriptor } from './core/descriptor-parser';
import type { HeadsetSession } from './core/headset-session';
import { createLedEncoder, LEDS_OFF, withReportIdByte, type OutputReport } from './core/reports';
import { capabilitiesFromCollections } from './core/webhid-adapter';
import { hidrawName } from './linux-descriptor';

// ---------------------------------------------------------------------------------------------
// Ports: the part of node-hid 3.4 used here (its real module fits these types).

/** One enumerated entry: a device path, once per usage pair on Linux/macOS, once per TLC on Windows. */
export interface NodeHidDevice {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  /** Set by hidapi when non-zero; may be missing on Linux. */
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open device (node-hid `HIDAsync`). */
export interface NodeHidHandle {
  on(event: 'data', listener: (data: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  /** First byte: the report ID (0 for devices without IDs). */
  write(data: number[]): Promise<number>;
  close(): Promise<void>;
}

export interface NodeHidPort {
  devicesAsync(): Promise<NodeHidDevice[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidHandle> };
  /** Linux: 'hidraw' (the default there, and the only back-end that keeps the kernel driver bound). */
  setDriverType?(type: 'hidraw' | 'libusb'): void;
  /** Loads the native binding: the place where a missing libusb-1.0.so.0 shows up. */
  getHidapiVersion?(): string;
}

export interface DriverTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface HidDriverOptions {
  platform: string;
  /** `import('node-hid')`; may throw. Called again by `connect()` after a failure. */
  loadHid(): Promise<NodeHidPort>;
  /** Linux: the report descriptor of a /dev/hidrawN node (sysfs). */
  readDescriptor(path: string): Promise<Uint8Array>;
  session: Pick<HeadsetSession, 'attach' | 'detach' | 'input'>;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** The list changed (plug-in/out, description, chosen device, enabled). */
  onDevices(devices: HeadsetDeviceInfo[]): void;
  timers: DriverTimers;
  pollMs?: number;
}

export type DriverStatus =
  | { state: 'idle' }
  | { state: 'ready'; hidapi?: string }
  | { state: 'unavailable'; reason: string }
  | { state: 'disposed' };

export interface HidDriver {
  /** Applies the settings and, while enabled, starts polling. Resolves after the first scan. */
  start(settings: HeadsetSettings): Promise<HeadsetDeviceInfo[]>;
  /** New headset settings: opens, switches or closes devices accordingly. */
  configure(settings: HeadsetSettings): Promise<HeadsetDeviceInfo[]>;
  /** The current list, after any scan under way (a fresh scan when not polling). */
  devices(): Promise<HeadsetDeviceInfo[]>;
  /** Rescan now; retries devices that failed to open and a node-hid that failed to load. */
  connect(): Promise<HeadsetDeviceInfo[]>;
  /** The renderer's WebHID view of a device (Windows, macOS). */
  describe(description: HeadsetDescription): Promise<HeadsetDeviceInfo[]>;
  status(): DriverStatus;
  /** Stop polling, turn the lights off and close the device. */
  dispose(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

export const DEFAULT_POLL_MS = 2000;
/** Read errors in a row after which a device is left alone until it is re-plugged or `connect()`. */
const MAX_READ_ERRORS = 3;
/** Descriptions kept (vendor:product); more than any desk has headsets. */
const MAX_DESCRIPTIONS = 32;

export const deviceKey = (d: { vendorId: number; productId: number; serialNumber?: string | undefined }): string =>
  `${d.vendorId}:${d.productId}:${d.serialNumber ?? ''}`;

const modelKey = (vendorId: number, productId: number): string => `${vendorId}:${productId}`;

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A plain-language reason node-hid could not be loaded, with the fix where we know it. */
export function describeLoadFailure(error: unknown, platform: string): string {
  const text = message(error);
  if (/libusb/i.test(text)) {
    return `node-hid could not load: ${text}. Install libusb 1.0 (Debian/Ubuntu: sudo apt install libusb-1.0-0; Fedora: sudo dnf install libusb1).`;
  }
  if (/libudev/i.test(text)) return `node-hid could not load: ${text}. Install libudev (Debian/Ubuntu: sudo apt install libudev1).`;
  if (/cannot find module/i.test(text)) return `node-hid is not installed with this build (${text}).`;
  return `node-hid could not load on ${platform}: ${text}`;
}

interface Candidate {
  key: string;
  path: string;
  name: string;
  vendorId: number;
  productId: number;
  caps: HeadsetCapabilities | null;
}

interface OpenDevice {
  key: string;
  path: string;
  caps: HeadsetCapabilities;
  handle: NodeHidHandle;
  closed: boolean;
}

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

export function createHidDriver(options: HidDriverOptions): HidDriver {
  const { platform, session, logger } = options;
  const linux = platform === 'linux';
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;

  let settings: HeadsetSettings = { enabled: false, deviceKey: '' };
  let status: DriverStatus = { state: 'idle' };
  let hid: NodeHidPort | null = null;
  let loadFailed = false;
  let poller: unknown = null;
  let disposed = false;

  let candidates: Candidate[] = [];
  let active: OpenDevice | null = null;
  let published = '';

  /** path → what its sysfs descriptor says (null: not a headset), for the vendor:product seen there. */
  const sysfsCaps = new Map<string, { model: string; caps: HeadsetCapabilities | null }>();
  /** vendor:product → the renderer's description, mapped. */
  const described = new Map<string, HeadsetCapabilities | null>();
  /** Devices not to open again until re-plugged or `connect()`: key → why. */
  const blocked = new Map<string, string>();
  const readErrors = new Map<string, number>();
  /** Messages already logged, so a 2 s poll does not repeat them. */
  const said = new Set<string>();
  const once = (id: string, log: () => void): void => {
    if (said.has(id)) return;
    said.add(id);
    log();
  };

  // Scans, opens and closes run one at a time. Callers arriving while a scan runs get the next
  // one, so what they see is fresh.
  let queue: Promise<unknown> = Promise.resolve();
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }
  let queued: Promise<HeadsetDeviceInfo[]> | null = null;
  function scan(): Promise<HeadsetDeviceInfo[]> {
    if (queued) return queued;
    const run = enqueue(async () => {
      queued = null;
      try {
        await scanOnce();
      } catch (error) {
        logger.error('headset scan failed', error);
      }
      return publish();
    });
    queued = run;
    return run;
  }

  function list(): HeadsetDeviceInfo[] {
    return candidates.map((c) => ({
      key: c.key,
      name: c.name,
      vendorId: c.vendorId,
      productId: c.productId,
      active: active !== null && active.key === c.key && !active.closed,
      inputs: c.caps ? INPUT_ROLES.filter((role) => c.caps!.inputs[role]) : [],
      outputs: c.caps ? OUTPUT_ROLES.filter((role) => c.caps!.outputs[role]) : [],
    }));
  }

  function publish(): HeadsetDeviceInfo[] {
    const devices = list();
    const text = JSON.stringify(devices);
    if (text !== published) {
      published = text;
      options.onDevices(devices);
    }
    return devices;
  }

  async function load(): Promise<NodeHidPort | null> {
    if (hid) return hid;
    if (loadFailed) return null;
    try {
      const mod = await options.loadHid();
      // hidraw keeps the kernel driver (and the OS's own volume keys) bound; libusb would detach it.
      if (linux) mod.setDriverType?.('hidraw');
      const hidapi = mod.getHidapiVersion?.();
      hid = mod;
      status = hidapi ? { state: 'ready', hidapi } : { state: 'ready' };
      logger.info('node-hid loaded', hidapi ? { hidapi } : undefined);
      return hid;
    } catch (error) {
      loadFailed = true;
      const reason = describeLoadFailure(error, platform);
      status = { state: 'unavailable', reason };
      logger.error(`headset support unavailable: ${reason}`);
      stopPolling();
      return null;
    }
  }

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

  async function scanOnce(): Promise<void> {
    if (disposed) return;
    const port = await load();
    if (!port) {
      candidates = [];
      return;
    }
    let entries: NodeHidDevice[];
    try {
      entries = await port.devicesAsync();
      said.delete('enumerate');
    } catch (error) {
      once('enumerate', () => logger.warn('listing HID devices failed', error));
      return;
    }

    const found: Candidate[] = [];
    const seen = new Set<string>();
    for (const { path, entries: group } of groupByPath(entries)) {
      const candidate = await classify(path, group);
      // Two nodes of one headset (or two identical headsets without serial numbers): the first wins.
      if (!candidate || seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      found.push(candidate);
    }
    if (disposed) return;
    candidates = found;

    const paths = new Set(groupByPath(entries).map((g) => g.path));
    for (const path of sysfsCaps.keys()) if (!paths.has(path)) sysfsCaps.delete(path);
    for (const key of [...blocked.keys()]) if (!seen.has(key)) blocked.delete(key);
    for (const key of [...readErrors.keys()]) if (!seen.has(key)) readErrors.delete(key);

    // Gone (unplugged): the call state stays in the session; the lights come back on re-plug.
    if (active && !found.some((c) => c.key === active!.key && c.path === active!.path)) {
      logger.info('headset unplugged', { key: active.key });
      const gone = active;
      release(gone);
      await close(gone, false);
    }

    const wanted = choose();
    if (active && (!wanted || wanted.key !== active.key || wanted.caps !== active.caps)) {
      const previous = active;
      release(previous);
      await close(previous, true);
    }
    if (wanted && !active) await open(port, wanted);
  }

  function choose(): (Candidate & { caps: HeadsetCapabilities }) | null {
    if (!settings.enabled) return null;
    const usable = (c: Candidate): c is Candidate & { caps: HeadsetCapabilities } => c.caps !== null && !blocked.has(c.key);
    if (settings.deviceKey) {
      // The user picked one: another headset is not silently used instead while it is away.
      const chosen = candidates.find((c) => c.key === settings.deviceKey);
      return chosen && usable(chosen) ? chosen : null;
    }
    return candidates.find(usable) ?? null;
  }

  async function open(port: NodeHidPort, candidate: Candidate & { caps: HeadsetCapabilities }): Promise<void> {
    let handle: NodeHidHandle;
    try {
      // macOS seizes the device unless asked not to, locking out Teams, Jabra Direct, the OS …
      handle = platform === 'darwin' ? await port.HIDAsync.open(candidate.path, { nonExclusive: true }) : await port.HIDAsync.open(candidate.path);
    } catch (error) {
      const hint =
        linux && /permission|EACCES|open failed|cannot open/i.test(message(error))
          ? 'No permission to open it: install build/udev/70-offhook-headsets.rules (the .deb does) and re-plug the headset.'
          : undefined;
      blocked.set(candidate.key, message(error));
      logger.warn('headset could not be opened', { name: candidate.name, key: candidate.key, error, ...(hint ? { hint } : {}) });
      return;
    }
    if (disposed) {
      await handle.close().catch(() => undefined);
      return;
    }
    const device: OpenDevice = { key: candidate.key, path: candidate.path, caps: candidate.caps, handle, closed: false };
    handle.on('data', (data) => {
      if (device !== active || device.closed) return;
      readErrors.delete(device.key);
      session.input(data);
    });
    handle.on('error', (error) => {
      if (device !== active || device.closed) return;
      const count = (readErrors.get(device.key) ?? 0) + 1;
      readErrors.set(device.key, count);
      if (count >= MAX_READ_ERRORS) blocked.set(device.key, `${count} read errors in a row`);
      logger.warn('headset read failed; it is released until it shows up again', { key: device.key, error });
      // Mid-call included: the session keeps the call state; the next scan re-opens it if it is still there.
      release(device);
      publish();
      void enqueue(() => close(device, false));
    });
    active = device;
    logger.info('headset in use', { name: candidate.name, key: candidate.key, ledLayout: candidate.caps.ledLayout });
    session.attach({ caps: candidate.caps, write: (report) => write(device, report) });
  }

  function write(device: OpenDevice, report: OutputReport): void {
    if (device.closed) return;
    const failed = (error: unknown): void => logger.warn('headset light update failed', { key: device.key, reportId: report.reportId, error });
    try {
      device.handle.write(Array.from(withReportIdByte(report))).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /** Stop using a device at once: no more reports reach the session, which keeps the call state. */
  function release(device: OpenDevice): void {
    if (active !== device) return;
    active = null;
    session.detach();
  }

  /** Close a released device; with `lightsOff` (it is still plugged in) its LEDs are cleared first. */
  async function close(device: OpenDevice, lightsOff: boolean): Promise<void> {
    if (device.closed) return;
    if (lightsOff) {
      for (const report of createLedEncoder(device.caps).encode(LEDS_OFF)) {
        try {
          await device.handle.write(Array.from(withReportIdByte(report)));
        } catch (error) {
          logger.debug('turning the headset lights off failed', { key: device.key, error });
        }
      }
    }
    device.closed = true;
    try {
      await device.handle.close();
    } catch (error) {
      logger.debug('closing the headset failed', { key: device.key, error });
    }
  }

  function startPolling(): void {
    if (poller !== null || disposed || loadFailed || !settings.enabled) return;
    poller = options.timers.setInterval(() => void scan(), pollMs);
  }

  function stopPolling(): void {
    if (poller === null) return;
    options.timers.clearInterval(poller);
    poller = null;
  }

  function configure(next: HeadsetSettings): Promise<HeadsetDeviceInfo[]> {
    settings = { enabled: next.enabled, deviceKey: next.deviceKey };
    if (settings.enabled) startPolling();
    else stopPolling();
    return scan();
  }

  return {
    start: (initial) => configure(initial),
    configure,
    async devices() {
      if (poller === null) return scan();
      await queue;
      return list();
    },
    connect() {
      blocked.clear();
      readErrors.clear();
      said.clear();
      if (loadFailed) {
        loadFailed = false;
        status = { state: 'idle' };
      }
      const result = scan();
      startPolling();
      return result;
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
      return scan();
    },
    status: () => status,
    async dispose() {
      if (disposed) return;
      disposed = true;
      stopPolling();
      status = { state: 'disposed' };
      await enqueue(async () => {
        if (!active) return;
        const last = active;
        release(last);
        await close(last, true);
      });
    },
  };
}
