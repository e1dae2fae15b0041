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
import type { HeadsetDeviceInfo, HeadsetSettings } from '../../src-preload/contract';
import { createActiveDevice } from './hid-active-device';
import { chooseCandidate, createDeviceCatalog, listDevices, type Candidate, type LogOnce } from './hid-devices';
import { createHidLoader } from './hid-loader';
import type { HidDriver, HidDriverOptions, NodeHidDevice } from './hid-ports';
import { createScanLoop } from './hid-scan-loop';

export { deviceKey } from './hid-devices';
export { describeLoadFailure } from './hid-loader';
export type { DriverStatus, DriverTimers, HidDriver, HidDriverOptions, NodeHidDevice, NodeHidHandle, NodeHidPort } from './hid-ports';

export const DEFAULT_POLL_MS = 2000;

export function createHidDriver(options: HidDriverOptions): HidDriver {
  const { logger } = options;

  let settings: HeadsetSettings = { enabled: false, deviceKey: '' };
  let disposed = false;
  let candidates: Candidate[] = [];
  let published = '';

  /** Messages already logged, so a 2 s poll does not repeat them. */
  const said = new Set<string>();
  const once: LogOnce = (id, log) => {
    if (said.has(id)) return;
    said.add(id);
    log();
  };

  const loader = createHidLoader(options, () => loop.stopPolling());
  const catalog = createDeviceCatalog(options, once);
  const device = createActiveDevice(options, {
    isDisposed: () => disposed,
    onReadFailure: (lost) => {
      publish();
      void loop.enqueue(() => device.close(lost, false));
    },
  });
  const loop = createScanLoop({
    timers: options.timers,
    pollMs: options.pollMs ?? DEFAULT_POLL_MS,
    logger,
    scanOnce,
    publish,
    canPoll: () => !disposed && !loader.failed() && settings.enabled,
  });

  function list(): HeadsetDeviceInfo[] {
    return listDevices(candidates, device.activeKey());
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

  async function scanOnce(): Promise<void> {
    if (disposed) return;
    const port = await loader.load();
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

    const found = await catalog.identify(entries);
    if (disposed) return;
    candidates = found;
    catalog.forgetUnplugged(entries);
    device.forgetExcept(new Set(found.map((c) => c.key)));

    // Gone (unplugged): the call state stays in the session; the lights come back on re-plug.
    const gone = device.current();
    if (gone && !found.some((c) => c.key === gone.key && c.path === gone.path)) {
      logger.info('headset unplugged', { key: gone.key });
      device.release(gone);
      await device.close(gone, false);
    }

    const wanted = chooseCandidate(candidates, settings, device.isBlocked);
    const previous = device.current();
    if (previous && (!wanted || wanted.key !== previous.key || wanted.caps !== previous.caps)) {
      device.release(previous);
      await device.close(previous, true);
    }
    if (wanted && !device.current()) await device.open(port, wanted);
  }

  function configure(next: HeadsetSettings): Promise<HeadsetDeviceInfo[]> {
    settings = { enabled: next.enabled, deviceKey: next.deviceKey };
    if (settings.enabled) loop.startPolling();
    else loop.stopPolling();
    return loop.scan();
  }

  return {
    start: (initial) => configure(initial),
    configure,
    async devices() {
      if (!loop.polling()) return loop.scan();
      await loop.settled();
      return list();
    },
    connect() {
      device.forgive();
      said.clear();
      loader.retry();
      const result = loop.scan();
      loop.startPolling();
      return result;
    },
    describe(description) {
      catalog.describe(description);
      return loop.scan();
    },
    status: () => loader.status(),
    async dispose() {
      if (disposed) return;
      disposed = true;
      loop.stopPolling();
      loader.dispose();
      await loop.enqueue(async () => {
        const last = device.current();
        if (!last) return;
        device.release(last);
        await device.close(last, true);
      });
    },
  };
}
