/**
 * Connected HID devices with their telephony summary, for `npm run headset -- list` and for
 * support. Every outside effect is a port so the logic runs in tests without hardware:
 * enumeration (node-hid with the hidraw driver), the descriptor (sysfs on Linux) and the
 * permission check. When node-hid cannot load (its Linux prebuilds need libusb-1.0.so.0 even for
 * hidraw) Linux still lists from sysfs, which needs neither node-hid nor device permissions.
 */
import { access, constants } from 'node:fs/promises';
import { DescriptorError } from './core/descriptor-parser';
import { summarizeDescriptor, type TelephonySummary } from './core/capabilities';
import { hidrawName, listHidrawNodes, readHidrawDescriptor } from './linux-descriptor';

/** The fields of node-hid's Device that matter here. */
export interface HidDeviceEntry {
  path?: string | undefined;
  vendorId: number;
  productId: number;
  product?: string | undefined;
  manufacturer?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

export interface ListedDevice {
  path: string;
  vendorId: number;
  productId: number;
  name: string;
  /** Usage pairs node-hid reported for this path ("0x000B:0x0005"); empty from sysfs. */
  collections: string[];
  summary?: TelephonySummary;
  /** Why there is no summary. */
  problem?: string;
  /** False when this user may not open the device (Linux: missing udev rule). */
  accessible?: boolean;
}

export interface DeviceListing {
  devices: ListedDevice[];
  /** Plain-language remarks for the user: missing library, fallback used, no devices. */
  notes: string[];
  /** False when there was no way to enumerate at all (node-hid failed and no sysfs fallback). */
  enumerated: boolean;
}

export interface DeviceListPorts {
  platform: string;
  enumerate(): Promise<HidDeviceEntry[]>;
  /** Linux only: a hidraw node's descriptor. */
  readDescriptor(path: string): Promise<Uint8Array>;
  /** Linux only: hidraw nodes straight from sysfs. */
  listSysfs(): Promise<Array<{ devicePath: string; vendorId: number; productId: number; product: string }>>;
  canOpen(path: string): Promise<boolean>;
}

const pair = (page: number, usage: number): string => `0x${page.toString(16).toUpperCase().padStart(4, '0')}:0x${usage.toString(16).toUpperCase().padStart(4, '0')}`;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function listDevices(ports: DeviceListPorts): Promise<DeviceListing> {
  const notes: string[] = [];
  const linux = ports.platform === 'linux';
  let devices: ListedDevice[] = [];

  try {
    const byPath = new Map<string, ListedDevice>();
    for (const entry of await ports.enumerate()) {
      if (!entry.path) continue;
      let device = byPath.get(entry.path);
      if (!device) {
        const name = [entry.manufacturer, entry.product].filter(Boolean).join(' ');
        device = { path: entry.path, vendorId: entry.vendorId, productId: entry.productId, name, collections: [] };
        byPath.set(entry.path, device);
      }
      if (entry.usagePage !== undefined) device.collections.push(pair(entry.usagePage, entry.usage ?? 0));
    }
    devices = [...byPath.values()];
  } catch (error) {
    const hint = /libusb/.test(message(error)) ? ' On Debian/Ubuntu install it with: sudo apt install libusb-1.0-0.' : '';
    notes.push(`node-hid could not enumerate devices: ${message(error)}.${hint}`);
    if (!linux) return { devices: [], notes, enumerated: false };
    notes.push('Listing hidraw devices from sysfs instead.');
    devices = (await ports.listSysfs()).map((n) => ({ path: n.devicePath, vendorId: n.vendorId, productId: n.productId, name: n.product, collections: [] }));
  }

  for (const device of devices) {
    if (linux && hidrawName(device.path)) {
      try {
        device.summary = summarizeDescriptor(await ports.readDescriptor(device.path));
      } catch (error) {
        device.problem = error instanceof DescriptorError ? `malformed descriptor: ${error.message}` : `descriptor not readable: ${message(error)}`;
      }
      device.accessible = await ports.canOpen(device.path);
    } else {
      const telephony = device.collections.some((c) => c.startsWith('0x000B:'));
      device.problem = `descriptor not readable on ${ports.platform} through node-hid (no getReportDescriptor); ${telephony ? 'it has a telephony collection' : 'no telephony collection reported'}`;
    }
  }

  if (!devices.length) notes.push('No HID devices found.');
  const blocked = devices.filter((d) => d.accessible === false && d.summary?.telephony);
  if (blocked.length) {
    notes.push(
      `No permission to open ${blocked.map((d) => d.path).join(', ')}. Install build/udev/70-offhook-headsets.rules into /etc/udev/rules.d/, run "sudo udevadm control --reload-rules && sudo udevadm trigger", then re-plug the headset.`,
    );
  }
  return { devices, notes, enumerated: true };
}

/** The real ports: node-hid (hidraw driver on Linux), sysfs, fs.access. */
export function systemPorts(platform: string = process.platform): DeviceListPorts {
  return {
    platform,
    async enumerate() {
      const mod = await import('node-hid');
      const hid = (mod as unknown as { default?: typeof mod }).default ?? mod;
      // The libusb driver detaches the kernel driver and reports no usage pages; hidraw is the one.
      if (platform === 'linux') hid.setDriverType('hidraw');
      return hid.devicesAsync();
    },
    readDescriptor: (path) => readHidrawDescriptor(path),
    listSysfs: () => listHidrawNodes(),
    async canOpen(path) {
      try {
        await access(path, constants.R_OK | constants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export function formatListing(listing: DeviceListing): string[] {
  const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
  const lines: string[] = [];
  for (const d of listing.devices) {
    lines.push(`${d.path}  ${hex4(d.vendorId)}:${hex4(d.productId)}  ${d.name || '(no name)'}${d.collections.length ? `  [${d.collections.join(', ')}]` : ''}`);
    if (d.summary) lines.push(`  ${JSON.stringify(d.summary)}`);
    if (d.problem) lines.push(`  ${d.problem}`);
    if (d.accessible === false) lines.push('  (no permission to open it)');
  }
  return [...lines, ...listing.notes];
}
