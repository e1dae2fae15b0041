/**
 * The headset in use, from open to close: its reports go to the session, the session's LED
 * reports go to it, and it is let go of at once when it fails, is unplugged or is switched away
 * from. Devices that failed are left alone until they are re-plugged or `connect()`, so a 2 s poll
 * does not retry (and log) them over and over.
 */
import type { HeadsetCapabilities } from './core/capabilities';
import { createLedEncoder, LEDS_OFF, withReportIdByte, type OutputReport } from './core/reports';
import type { UsableCandidate } from './hid-devices';
import type { HidDriverOptions, NodeHidHandle, NodeHidPort } from './hid-ports';

/** Read errors in a row after which a device is left alone until it is re-plugged or `connect()`. */
const MAX_READ_ERRORS = 3;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface OpenDevice {
  key: string;
  path: string;
  caps: HeadsetCapabilities;
  handle: NodeHidHandle;
  closed: boolean;
}

export interface ActiveDeviceHooks {
  isDisposed(): boolean;
  /** A read error released `device`; it still has to be closed (in the driver's queue). */
  onReadFailure(device: OpenDevice): void;
}

export interface ActiveDevice {
  /** The device in use, if any. */
  current(): OpenDevice | null;
  /** Its key while it is open, else null. */
  activeKey(): string | null;
  open(port: NodeHidPort, candidate: UsableCandidate): Promise<void>;
  /** Stop using a device at once: no more reports reach the session, which keeps the call state. */
  release(device: OpenDevice): void;
  /** Close a released device; with `lightsOff` (it is still plugged in) its LEDs are cleared first. */
  close(device: OpenDevice, lightsOff: boolean): Promise<void>;
  isBlocked(key: string): boolean;
  /** Forgets the failures of devices that are no longer plugged in. */
  forgetExcept(pluggedIn: ReadonlySet<string>): void;
  /** Forgets every failure: all devices may be tried again. */
  forgive(): void;
}

export function createActiveDevice(options: Pick<HidDriverOptions, 'platform' | 'session' | 'logger'>, hooks: ActiveDeviceHooks): ActiveDevice {
  const { platform, session, logger } = options;
  const linux = platform === 'linux';
  let active: OpenDevice | null = null;
  /** Devices not to open again until re-plugged or `connect()`: key → why. */
  const blocked = new Map<string, string>();
  const readErrors = new Map<string, number>();

  async function open(port: NodeHidPort, candidate: UsableCandidate): Promise<void> {
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
    if (hooks.isDisposed()) {
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
      hooks.onReadFailure(device);
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

  function release(device: OpenDevice): void {
    if (active !== device) return;
    active = null;
    session.detach();
  }

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

  return {
    current: () => active,
    activeKey: () => (active !== null && !active.closed ? active.key : null),
    open,
    release,
    close,
    isBlocked: (key) => blocked.has(key),
    forgetExcept(pluggedIn) {
      for (const key of [...blocked.keys()]) if (!pluggedIn.has(key)) blocked.delete(key);
      for (const key of [...readErrors.keys()]) if (!pluggedIn.has(key)) readErrors.delete(key);
    },
    forgive() {
      blocked.clear();
      readErrors.clear();
    },
  };
}
