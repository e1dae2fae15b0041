/**
 * The node-hid driver's boundary: the part of node-hid 3.4 it uses (its real module fits these
 * types, and tests fake them), and what it offers the headset service. Callers import these from
 * `hid-driver.ts`, which re-exports them.
 */
import type { HeadsetDescription, HeadsetDeviceInfo, HeadsetSettings } from '../../src-preload/contract';
import type { Logger } from '../app/logger';
import type { HeadsetSession } from './core/headset-session';

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

export type DriverLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface HidDriverOptions {
  platform: string;
  /** `import('node-hid')`; may throw. Called again by `connect()` after a failure. */
  loadHid(): Promise<NodeHidPort>;
  /** Linux: the report descriptor of a /dev/hidrawN node (sysfs). */
  readDescriptor(path: string): Promise<Uint8Array>;
  session: Pick<HeadsetSession, 'attach' | 'detach' | 'input'>;
  logger: DriverLogger;
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
