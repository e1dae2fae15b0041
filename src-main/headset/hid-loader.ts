/**
 * Loading node-hid, lazily: it may fail to load (its Linux prebuilds link libusb-1.0.so.0 even
 * for hidraw), and then the headset feature is unavailable with a logged reason until `retry()`.
 */
import type { DriverStatus, HidDriverOptions, NodeHidPort } from './hid-ports';

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

export interface HidLoader {
  /** node-hid, loaded on first use; null once loading it failed (until `retry()`). */
  load(): Promise<NodeHidPort | null>;
  failed(): boolean;
  /** After a failure, the next `load()` tries again. */
  retry(): void;
  status(): DriverStatus;
  /** The driver is gone: its status says so. */
  dispose(): void;
}

/** `onUnavailable`: node-hid failed to load, so there is nothing to poll for. */
export function createHidLoader(options: Pick<HidDriverOptions, 'platform' | 'loadHid' | 'logger'>, onUnavailable: () => void): HidLoader {
  const { platform, logger } = options;
  let hid: NodeHidPort | null = null;
  let loadFailed = false;
  let status: DriverStatus = { state: 'idle' };

  async function load(): Promise<NodeHidPort | null> {
    if (hid) return hid;
    if (loadFailed) return null;
    try {
      const mod = await options.loadHid();
      // hidraw keeps the kernel driver (and the OS's own volume keys) bound; libusb would detach it.
      if (platform === 'linux') mod.setDriverType?.('hidraw');
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
      onUnavailable();
      return null;
    }
  }

  return {
    load,
    failed: () => loadFailed,
    retry() {
      if (loadFailed) {
        loadFailed = false;
        status = { state: 'idle' };
      }
    },
    status: () => status,
    dispose() {
      status = { state: 'disposed' };
    },
  };
}
