/**
 * A USB headset for the browser: a stand-in for `navigator.hid` with one already-allowed device
 * whose `collections` are what Chromium would show for a real descriptor. The test presses its
 * buttons (`window.__hid.press`), unplugs and re-plugs it, and reads the reports the app wrote
 * to its lights (`window.__hid.sent`).
 */
import type { Page } from '@playwright/test';

export function installFakeHid(device: { vendorId: number; productId: number; productName: string; collections: unknown[] }): void {
  const hid = new EventTarget() as EventTarget & Record<string, unknown>;
  const dev = new EventTarget() as EventTarget & Record<string, unknown>;
  let plugged = true;
  const sent: Array<{ reportId: number; data: number[] }> = [];
  Object.assign(dev, {
    opened: false,
    vendorId: device.vendorId,
    productId: device.productId,
    productName: device.productName,
    collections: device.collections,
    async open() {
      if (!plugged) throw new DOMException('gone', 'NotFoundError');
      dev.opened = true;
    },
    async close() {
      dev.opened = false;
    },
    async sendReport(reportId: number, data: BufferSource) {
      if (!plugged || !dev.opened) throw new DOMException('gone', 'NotAllowedError');
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      sent.push({ reportId, data: [...bytes] });
    },
  });
  Object.assign(hid, {
    async getDevices() {
      return plugged ? [dev] : [];
    },
    async requestDevice() {
      return plugged ? [dev] : [];
    },
  });
  const fire = (target: EventTarget, type: string, extra: Record<string, unknown>): void => {
    const event = new Event(type);
    Object.assign(event, extra);
    target.dispatchEvent(event);
  };
  Object.defineProperty(navigator, 'hid', { value: hid, configurable: true });
  (window as unknown as { __hid: unknown }).__hid = {
    sent,
    press(reportId: number, bytes: number[]) {
      fire(dev, 'inputreport', { reportId, data: new DataView(new Uint8Array(bytes).buffer), device: dev });
    },
    unplug() {
      plugged = false;
      dev.opened = false;
      fire(hid, 'disconnect', { device: dev });
    },
    plug() {
      plugged = true;
      fire(hid, 'connect', { device: dev });
    },
  };
}

/** The last report written to the headset's lights, for a report ID. */
export async function lastLights(page: Page, reportId: number): Promise<number[] | null> {
  return page.evaluate((id) => {
    const sent = (window as unknown as { __hid: { sent: Array<{ reportId: number; data: number[] }> } }).__hid.sent;
    return [...sent].reverse().find((r) => r.reportId === id)?.data ?? null;
  }, reportId);
}

export async function pressHeadset(page: Page, reportId: number, bytes: number[]): Promise<void> {
  await page.evaluate(([id, b]) => (window as unknown as { __hid: { press(i: number, x: number[]): void } }).__hid.press(id, b), [reportId, bytes] as const);
}
