/**
 * Linux exposes every hidraw node's report descriptor, byte for byte, in sysfs, readable without
 * the device permission that opening /dev/hidrawN needs. node-hid 3.4 has no
 * getReportDescriptor(), so this is how the driver and `npm run headset -- list` get it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HidrawNode {
  /** e.g. "hidraw3" */
  name: string;
  /** e.g. "/dev/hidraw3" — what node-hid reports as `path` with the hidraw driver. */
  devicePath: string;
  vendorId: number;
  productId: number;
  /** Bus from HID_ID: 0x03 USB, 0x05 Bluetooth. */
  bus: number;
  product: string;
}

/** "/dev/hidraw3" → "hidraw3"; anything else (libusb paths, macOS/Windows paths) → null. */
export function hidrawName(path: string): string | null {
  const match = /^(?:\/dev\/)?(hidraw\d+)$/.exec(path);
  return match ? match[1]! : null;
}

export async function readHidrawDescriptor(path: string, sysRoot = '/sys'): Promise<Uint8Array> {
  const name = hidrawName(path);
  if (!name) throw new Error(`${path} is not a hidraw device path (expected /dev/hidrawN)`);
  return new Uint8Array(await readFile(join(sysRoot, 'class', 'hidraw', name, 'device', 'report_descriptor')));
}

/** HID_ID=0003:00000B0E:00000307 and HID_NAME=… from the HID device's uevent file. */
export function parseHidUevent(text: string): { bus: number; vendorId: number; productId: number; product: string } | null {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const id = /^([0-9A-Fa-f]+):([0-9A-Fa-f]+):([0-9A-Fa-f]+)$/.exec(values.get('HID_ID') ?? '');
  if (!id) return null;
  return { bus: parseInt(id[1]!, 16), vendorId: parseInt(id[2]!, 16), productId: parseInt(id[3]!, 16), product: values.get('HID_NAME') ?? '' };
}

/** Every hidraw node the kernel knows, from sysfs alone (works when node-hid cannot load). */
export async function listHidrawNodes(sysRoot = '/sys'): Promise<HidrawNode[]> {
  const dir = join(sysRoot, 'class', 'hidraw');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => hidrawName(n) !== null);
  } catch {
    return [];
  }
  names.sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
  const nodes: HidrawNode[] = [];
  for (const name of names) {
    try {
      const info = parseHidUevent(await readFile(join(dir, name, 'device', 'uevent'), 'utf8'));
      if (info) nodes.push({ name, devicePath: `/dev/${name}`, ...info });
    } catch {
      // A node that vanished between readdir and read is simply not listed.
    }
  }
  return nodes;
}
