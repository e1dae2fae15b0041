/**
 * Headsets in a browser (J8): WebHID gives bytes in and out and Chromium's parsed collections;
 * the shared core (src-main/headset/core) does the rest, exactly as the desktop's node-hid driver.
 * The browser asks the user once per device (`connect`, from a click); after that `getDevices()`
 * finds it again on every start and `connect`/`disconnect` events follow plugging.
 */
import {
  capabilitiesFromCollections,
  createHeadsetSession,
  INPUT_ROLES,
  OUTPUT_ROLES,
  TELEPHONY_PAGE,
  type HeadsetCapabilities,
  type HeadsetSession,
} from '../../src-main/headset/core';
import type { HeadsetCallState, HeadsetDeviceInfo, HeadsetRequest, HeadsetSettings } from '../../src-preload/contract';

/** The parts of WebHID we use (typed here: TypeScript's DOM library has no WebHID yet). */
export interface HidDeviceLike extends EventTarget {
  readonly opened: boolean;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly collections: ReadonlyArray<Parameters<typeof capabilitiesFromCollections>[0][number]>;
  open(): Promise<void>;
  close(): Promise<void>;
  sendReport(reportId: number, data: BufferSource): Promise<void>;
}
export interface HidLike extends EventTarget {
  getDevices(): Promise<HidDeviceLike[]>;
  requestDevice(options: { filters: Array<{ usagePage?: number }> }): Promise<HidDeviceLike[]>;
}

const keyOf = (d: HidDeviceLike): string => `${d.vendorId}:${d.productId}:${d.productName}`;

export interface WebHidHeadsetsOptions {
  hid: HidLike;
  onRequest(request: HeadsetRequest): void;
  onDevices(devices: HeadsetDeviceInfo[]): void;
  getSettings(): HeadsetSettings;
}

export class WebHidHeadsets {
  private readonly session: HeadsetSession;
  private active: { device: HidDeviceLike; onReport: (e: Event) => void } | null = null;
  private known: Array<{ device: HidDeviceLike; caps: HeadsetCapabilities }> = [];

  constructor(private readonly options: WebHidHeadsetsOptions) {
    this.session = createHeadsetSession({ onRequest: options.onRequest });
    options.hid.addEventListener('connect', () => void this.refresh());
    options.hid.addEventListener('disconnect', (e) => {
      // Unplugged: the call goes on; the lights come back when it is plugged in again.
      if (this.active && (e as unknown as { device: HidDeviceLike }).device === this.active.device) this.detach();
      void this.refresh();
    });
  }

  setCallState(state: HeadsetCallState): void {
    this.session.setCallState(state);
  }

  /** Devices already allowed: found again without asking. */
  async refresh(): Promise<HeadsetDeviceInfo[]> {
    const devices = await this.options.hid.getDevices().catch(() => []);
    this.known = devices.flatMap((device) => {
      const caps = capabilitiesFromCollections(device.collections);
      return caps ? [{ device, caps }] : [];
    });
    await this.choose();
    const list = this.list();
    this.options.onDevices(list);
    return list;
  }

  /** The browser's permission prompt, filtered to telephony devices. Call it from a click. */
  async connect(): Promise<HeadsetDeviceInfo[]> {
    await this.options.hid.requestDevice({ filters: [{ usagePage: TELEPHONY_PAGE }] }).catch(() => []);
    return this.refresh();
  }

  list(): HeadsetDeviceInfo[] {
    return this.known.map(({ device, caps }) => ({
      key: keyOf(device),
      name: device.productName || `${device.vendorId.toString(16)}:${device.productId.toString(16)}`,
      vendorId: device.vendorId,
      productId: device.productId,
      active: this.active?.device === device,
      inputs: INPUT_ROLES.filter((r) => caps.inputs[r]),
      outputs: OUTPUT_ROLES.filter((r) => caps.outputs[r]),
    }));
  }

  private async choose(): Promise<void> {
    const { enabled, deviceKey } = this.options.getSettings();
    const wanted = enabled ? (this.known.find((k) => keyOf(k.device) === deviceKey) ?? (deviceKey ? null : this.known[0]) ?? null) : null;
    if (wanted?.device === this.active?.device) return;
    this.detach();
    if (!wanted) return;
    const { device, caps } = wanted;
    try {
      if (!device.opened) await device.open();
    } catch (error) {
      console.warn('the headset could not be opened', error);
      return;
    }
    const onReport = (e: Event): void => {
      const report = e as unknown as { reportId: number; data: DataView };
      this.session.inputReport(report.reportId, new Uint8Array(report.data.buffer, report.data.byteOffset, report.data.byteLength));
    };
    device.addEventListener('inputreport', onReport);
    this.active = { device, onReport };
    this.session.attach({
      caps,
      write: (report) => {
        device.sendReport(report.reportId, report.payload as Uint8Array<ArrayBuffer>).catch((error: unknown) => console.warn('headset light update failed', error));
      },
    });
  }

  private detach(): void {
    if (!this.active) return;
    this.active.device.removeEventListener('inputreport', this.active.onReport);
    this.active = null;
    this.session.detach();
  }
}

type CollectionLike = Parameters<typeof capabilitiesFromCollections>[0][number];
type ReportInfo = NonNullable<CollectionLike['inputReports']>[number];

/**
 * A plain copy of WebHID's collections: Chromium exposes them as objects whose fields are getters,
 * which JSON and structured cloning would drop.
 */
export function plainCollections(collections: readonly CollectionLike[]): CollectionLike[] {
  const reports = (list: readonly ReportInfo[] | undefined): ReportInfo[] =>
    (list ?? []).map((r) => ({
      reportId: r.reportId,
      items: (r.items ?? []).map((i) => ({
        usages: i.usages ? [...i.usages] : undefined,
        usageMinimum: i.usageMinimum,
        usageMaximum: i.usageMaximum,
        isRange: i.isRange,
        reportSize: i.reportSize,
        reportCount: i.reportCount,
        logicalMinimum: i.logicalMinimum,
        logicalMaximum: i.logicalMaximum,
        isArray: i.isArray,
        isConstant: i.isConstant,
        isAbsolute: i.isAbsolute,
        hasNull: i.hasNull,
        hasPreferredState: i.hasPreferredState,
      })),
    }));
  return collections.map((c) => ({
    usagePage: c.usagePage,
    usage: c.usage,
    type: c.type,
    children: plainCollections(c.children ?? []),
    inputReports: reports(c.inputReports),
    outputReports: reports(c.outputReports),
    featureReports: reports(c.featureReports),
  }));
}
