import { describe, expect, it } from 'vitest';
import { formatListing, listDevices, type DeviceListPorts } from '../../../../src-main/headset/device-list';
import { loadFixture } from './fixtures';

const jabra = loadFixture('jabra-evolve-link-ms');
const g535 = loadFixture('logitech-g535');

function ports(overrides: Partial<DeviceListPorts>): DeviceListPorts {
  return {
    platform: 'linux',
    enumerate: async () => [],
    readDescriptor: async (path) => (path === '/dev/hidraw1' ? jabra : g535),
    listSysfs: async () => [],
    canOpen: async () => true,
    ...overrides,
  };
}

describe('device list', () => {
  it('groups node-hid entries by path and summarises each descriptor', async () => {
    const listing = await listDevices(
      ports({
        enumerate: async () => [
          { path: '/dev/hidraw1', vendorId: 0x0b0e, productId: 0x0307, manufacturer: 'GN Netcom A/S', product: 'Jabra EVOLVE LINK MS', usagePage: 0x0b, usage: 0x05 },
          { path: '/dev/hidraw1', vendorId: 0x0b0e, productId: 0x0307, usagePage: 0x0c, usage: 0x01 },
          { path: '/dev/hidraw2', vendorId: 0x046d, productId: 0x0ac4, product: 'G535', usagePage: 0x0c, usage: 0x01 },
        ],
      }),
    );
    expect(listing.devices.map((d) => [d.path, d.collections, d.summary?.telephony])).toEqual([
      ['/dev/hidraw1', ['0x000B:0x0005', '0x000C:0x0001'], true],
      ['/dev/hidraw2', ['0x000C:0x0001'], false],
    ]);
    const lines = formatListing(listing);
    expect(lines[0]).toBe('/dev/hidraw1  0b0e:0307  GN Netcom A/S Jabra EVOLVE LINK MS  [0x000B:0x0005, 0x000C:0x0001]');
    expect(JSON.parse(lines[1]!)).toMatchObject({ telephony: true, inputs: { hookSwitch: { reportId: 2, bit: 0 } } });
  });

  it('falls back to sysfs on Linux when node-hid cannot load, and explains the missing library', async () => {
    const listing = await listDevices(
      ports({
        enumerate: async () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory')),
        listSysfs: async () => [{ devicePath: '/dev/hidraw1', vendorId: 0x0b0e, productId: 0x0307, product: 'Jabra EVOLVE LINK MS' }],
      }),
    );
    expect(listing.enumerated).toBe(true);
    expect(listing.devices[0]!.summary).toMatchObject({ telephony: true });
    expect(listing.notes.join('\n')).toMatch(/libusb-1\.0\.so\.0.*sudo apt install libusb-1\.0-0[\s\S]*sysfs instead/);
  });

  it('names the udev rule when a telephony device cannot be opened', async () => {
    const listing = await listDevices(
      ports({ enumerate: async () => [{ path: '/dev/hidraw1', vendorId: 0x0b0e, productId: 0x0307, usagePage: 0x0b, usage: 5 }], canOpen: async () => false }),
    );
    expect(listing.devices[0]!.accessible).toBe(false);
    expect(formatListing(listing).join('\n')).toMatch(/no permission to open it[\s\S]*No permission to open \/dev\/hidraw1\. Install build\/udev\/70-offhook-headsets\.rules/);
  });

  it('reports a malformed or unreadable descriptor without giving up on the others', async () => {
    const listing = await listDevices(
      ports({
        enumerate: async () => [
          { path: '/dev/hidraw1', vendorId: 1, productId: 2 },
          { path: '/dev/hidraw2', vendorId: 1, productId: 3 },
        ],
        readDescriptor: async (path) => {
          if (path === '/dev/hidraw1') return Uint8Array.of(0x05, 0x0b, 0xa1);
          throw new Error('EACCES: permission denied');
        },
      }),
    );
    expect(listing.devices.map((d) => d.problem)).toEqual([
      expect.stringMatching(/^malformed descriptor: report descriptor, byte 2/),
      'descriptor not readable: EACCES: permission denied',
    ]);
  });

  it('says what it cannot do on macOS and Windows', async () => {
    const listing = await listDevices(
      ports({ platform: 'win32', enumerate: async () => [{ path: '\\\\?\\HID#VID_0B0E&PID_0307&MI_03&Col01', vendorId: 0x0b0e, productId: 0x0307, usagePage: 0x0b, usage: 5 }] }),
    );
    expect(listing.devices[0]!.problem).toMatch(/descriptor not readable on win32 .* it has a telephony collection/);
    expect(listing.devices[0]!.summary).toBeUndefined();
  });
});
