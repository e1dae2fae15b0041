import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hidrawName, listHidrawNodes, parseHidUevent, readHidrawDescriptor } from '../../../../src-main/headset/linux-descriptor';
import { loadFixture } from './fixtures';

/** A fake /sys with the files the kernel provides for each hidraw node. */
function fakeSys(nodes: Record<string, { uevent: string; descriptor?: Uint8Array }>): string {
  const root = mkdtempSync(join(tmpdir(), 'offhook-sys-'));
  for (const [name, node] of Object.entries(nodes)) {
    const dir = join(root, 'class', 'hidraw', name, 'device');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'uevent'), node.uevent);
    if (node.descriptor) writeFileSync(join(dir, 'report_descriptor'), node.descriptor);
  }
  return root;
}

const JABRA_UEVENT = 'DRIVER=hid-generic\nHID_ID=0003:00000B0E:00000307\nHID_NAME=GN Netcom A/S Jabra EVOLVE LINK MS\nHID_PHYS=usb-0000:00:14.0-1/input3\n';

describe('Linux hidraw descriptors from sysfs', () => {
  it('maps node-hid hidraw paths to node names and rejects other paths', () => {
    expect(hidrawName('/dev/hidraw3')).toBe('hidraw3');
    expect(hidrawName('hidraw12')).toBe('hidraw12');
    expect(hidrawName('/dev/hidraw3/../sda')).toBeNull();
    expect(hidrawName('1-1:1.3')).toBeNull();
    expect(hidrawName('DevSrvsID:4294969237')).toBeNull();
  });

  it('reads the descriptor bytes of a node', async () => {
    const descriptor = loadFixture('jabra-evolve-link-ms');
    const root = fakeSys({ hidraw3: { uevent: JABRA_UEVENT, descriptor } });
    expect(await readHidrawDescriptor('/dev/hidraw3', root)).toEqual(descriptor);
    await expect(readHidrawDescriptor('/dev/hidraw4', root)).rejects.toThrow(/ENOENT/);
    await expect(readHidrawDescriptor('/dev/sda', root)).rejects.toThrow(/not a hidraw device path/);
  });

  it('parses the HID uevent', () => {
    expect(parseHidUevent(JABRA_UEVENT)).toEqual({ bus: 3, vendorId: 0x0b0e, productId: 0x0307, product: 'GN Netcom A/S Jabra EVOLVE LINK MS' });
    expect(parseHidUevent('DRIVER=x\n')).toBeNull();
  });

  it('lists nodes in numeric order and copes with a missing hidraw class', async () => {
    const root = fakeSys({
      hidraw10: { uevent: 'HID_ID=0003:0000047F:0000C056\nHID_NAME=Plantronics Blackwire 3220 Series\n' },
      hidraw2: { uevent: JABRA_UEVENT },
      hidraw5: { uevent: 'garbage' },
    });
    expect((await listHidrawNodes(root)).map((n) => [n.devicePath, n.vendorId, n.productId])).toEqual([
      ['/dev/hidraw2', 0x0b0e, 0x0307],
      ['/dev/hidraw10', 0x047f, 0xc056],
    ]);
    expect(await listHidrawNodes(join(root, 'nowhere'))).toEqual([]);
  });
});
