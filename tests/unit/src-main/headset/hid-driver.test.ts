/**
 * The node-hid driver under the headset service, against a fake node-hid (fake-node-hid.ts), a
 * fake /sys and hand-fired poll timers: enumeration and choice, where capabilities come from on
 * each OS, reports in and LEDs out, hot-plug mid-call, and every way node-hid can fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HeadsetDescription, HeadsetDeviceInfo, HeadsetSettings, MainEvents } from '../../../../src-preload/contract';
import { parseReportDescriptor } from '../../../../src-main/headset/core/descriptor-parser';
import { createHeadsetService } from '../../../../src-main/headset/headset-service';
import { DEFAULT_POLL_MS, describeLoadFailure, type NodeHidDevice, type NodeHidPort } from '../../../../src-main/headset/hid-driver';
import { readHidrawDescriptor } from '../../../../src-main/headset/linux-descriptor';
import { FakeHid, FakeTimers, fakeSysfs, memoryLogger } from './fake-node-hid';
import { loadFixture } from './fixtures';
import { asWebHid } from './webhid-view';

const JABRA = loadFixture('jabra-evolve-link-ms');
const POLY = loadFixture('poly-blackwire3220-col-telephony');
const G535 = loadFixture('logitech-g535');

const JABRA_KEY = `${0x0b0e}:${0x0307}:`;
const POLY_KEY = `${0x047f}:${0xc056}:A1B2`;

/** node-hid's view on Linux (hidraw): one entry per top-level collection; usage pages may be missing. */
const linuxJabra = (path = '/dev/hidraw3', usagePage?: number): NodeHidDevice => ({
  path,
  vendorId: 0x0b0e,
  productId: 0x0307,
  manufacturer: 'GN Netcom A/S',
  product: 'Jabra EVOLVE LINK MS',
  ...(usagePage === undefined ? {} : { usagePage, usage: 5 }),
});
const linuxPoly: NodeHidDevice = { path: '/dev/hidraw5', vendorId: 0x047f, productId: 0xc056, serialNumber: 'A1B2', product: 'Plantronics Blackwire 3220 Series' };
const linuxG535: NodeHidDevice = { path: '/dev/hidraw1', vendorId: 0x046d, productId: 0x0ac4, product: 'G535 Wireless Gaming Headset' };

/** Chromium's WebHID view of a descriptor, as the renderer hands it over (a plain copy). */
const webHid = (bytes: Uint8Array): HeadsetDescription['collections'] => asWebHid(parseReportDescriptor(bytes)) as HeadsetDescription['collections'];

const IDLE: HeadsetSettings = { enabled: true, deviceKey: '' };
const NO_CALL = { ringing: false, active: 0, held: 0, muted: false };
const RINGING = { ringing: true, active: 0, held: 0, muted: false };
const IN_CALL = { ringing: false, active: 1, held: 0, muted: false };

interface SetupOptions {
  platform?: string;
  sys?: Record<string, Uint8Array>;
  loadHid?: () => Promise<NodeHidPort>;
  hasWindow?: boolean;
}

function setup(options: SetupOptions = {}) {
  const hid = new FakeHid();
  const timers = new FakeTimers();
  const log = memoryLogger();
  const sysRoot = fakeSysfs(options.sys ?? { hidraw1: G535, hidraw3: JABRA, hidraw5: POLY });
  const events: Array<{ name: string; payload: unknown }> = [];
  let now = 10_000;
  const service = createHeadsetService({
    platform: options.platform ?? 'linux',
    loadHid: options.loadHid ?? (async () => hid),
    readDescriptor: (path) => readHidrawDescriptor(path, sysRoot),
    timers,
    logger: log.logger,
    clock: () => now,
    sendEvent: (name, payload) => {
      events.push({ name, payload });
      return options.hasWindow ?? true;
    },
  });
  return {
    hid,
    timers,
    log,
    service,
    events,
    /** Let the clock run past the state machine's settle and echo windows. */
    later(ms = 1000) {
      now += ms;
    },
    requests: () => events.filter((e) => e.name === 'headset').map((e) => (e.payload as MainEvents['headset']).request),
    deviceEvents: () => events.filter((e) => e.name === 'headset-devices').map((e) => (e.payload as MainEvents['headset-devices']).devices),
    /** One poll period, and the scan it starts. */
    async poll() {
      timers.fire();
      return service.devices();
    },
  };
}

const summary = (devices: HeadsetDeviceInfo[]) => devices.map((d) => ({ key: d.key, active: d.active }));

let ctx: ReturnType<typeof setup> | null = null;
afterEach(async () => {
  await ctx?.service.dispose();
  ctx = null;
});

describe('enumerating and choosing (Linux: descriptors from sysfs)', () => {
  it('reads every hidraw node’s descriptor, keeps the telephony headsets, and opens the first', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxG535, linuxJabra(), linuxJabra('/dev/hidraw3'), linuxPoly];
    await ctx.service.start(IDLE);

    expect(ctx.hid.setDriverType).toHaveBeenCalledWith('hidraw');
    const devices = await ctx.service.devices();
    expect(devices).toEqual([
      {
        key: JABRA_KEY,
        name: 'Jabra EVOLVE LINK MS',
        vendorId: 0x0b0e,
        productId: 0x0307,
        active: true,
        inputs: ['hookSwitch', 'phoneMute', 'flash', 'redial', 'reject'],
        outputs: ['offHook', 'mute', 'ring', 'hold', 'microphone', 'ringer'],
      },
      {
        key: POLY_KEY,
        name: 'Plantronics Blackwire 3220 Series',
        vendorId: 0x047f,
        productId: 0xc056,
        active: false,
        inputs: ['hookSwitch', 'phoneMute', 'flash'],
        outputs: ['offHook', 'mute', 'ring', 'hold', 'online'],
      },
    ]);
    expect(ctx.hid.opens).toEqual([{ path: '/dev/hidraw3', options: undefined, args: 1 }]);
    // Attached: the LEDs are written from the (idle) call state at once.
    expect(ctx.hid.handle.writes).toEqual([[2, 0, 0]]);
    expect(ctx.deviceEvents().at(-1)).toEqual(devices);
    expect(ctx.log.text('info')).toContain('headset in use');
  });

  it('opens the device the user chose', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra(), linuxPoly];
    await ctx.service.start({ enabled: true, deviceKey: POLY_KEY });
    expect(ctx.hid.opens.map((o) => o.path)).toEqual(['/dev/hidraw5']);
    expect(summary(await ctx.service.devices())).toEqual([
      { key: JABRA_KEY, active: false },
      { key: POLY_KEY, active: true },
    ]);
    // Poly: one output report per LED, all written on attach.
    expect(ctx.hid.handle.writes.map((w) => w[0]).sort((a, b) => a! - b!)).toEqual([9, 23, 24, 32, 42]);
  });

  it('uses no other headset while the chosen one is away', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start({ enabled: true, deviceKey: POLY_KEY });
    expect(ctx.hid.opens).toEqual([]);
    expect(summary(await ctx.service.devices())).toEqual([{ key: JABRA_KEY, active: false }]);

    ctx.hid.entries = [linuxJabra(), linuxPoly];
    await ctx.poll();
    expect(ctx.hid.opens.map((o) => o.path)).toEqual(['/dev/hidraw5']);
  });

  it('switches devices when the choice changes: the old one’s lights go off and it is closed', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra(), linuxPoly];
    await ctx.service.start(IDLE);
    ctx.service.setCallState(IN_CALL);
    const jabra = ctx.hid.handle;
    expect(jabra.writes.at(-1)).toEqual([2, 1, 0]);

    ctx.service.applySettings({ enabled: true, deviceKey: POLY_KEY });
    await ctx.service.devices();
    expect(jabra.writes.at(-1)).toEqual([2, 0, 0]);
    expect(jabra.closed).toBe(true);
    const poly = ctx.hid.handle;
    expect(poly.path).toBe('/dev/hidraw5');
    // The new one shows the call at once: Off-Hook (report 23) and On-Line (42) lit.
    expect(poly.writes).toEqual(expect.arrayContaining([[23, 1], [42, 1], [24, 0], [9, 0], [32, 0]]));
  });

  it('finds nothing among devices without a telephony collection', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxG535, { path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc31c, product: 'USB Keyboard', usagePage: 1, usage: 6 }];
    await ctx.service.start(IDLE);
    expect(await ctx.service.devices()).toEqual([]);
    expect(ctx.hid.opens).toEqual([]);
  });

  it('closes everything when headsets are turned off, lights first, and stops polling', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.service.setCallState(RINGING);
    const handle = ctx.hid.handle;
    expect(ctx.timers.active.size).toBe(1);
    expect([...ctx.timers.active.values()][0]!.ms).toBe(DEFAULT_POLL_MS);

    ctx.service.applySettings({ enabled: false, deviceKey: '' });
    const devices = await ctx.service.devices();
    expect(handle.writes.at(-1)).toEqual([2, 0, 0]);
    expect(handle.closed).toBe(true);
    expect(ctx.timers.active.size).toBe(0);
    // Still listed, for Settings.
    expect(summary(devices)).toEqual([{ key: JABRA_KEY, active: false }]);
    expect(ctx.service.session.attached).toBeNull();

    ctx.service.applySettings(IDLE);
    await ctx.service.devices();
    expect(ctx.hid.handles).toHaveLength(2);
    // Back on: the ringing call shows again (Ring + Ringer).
    expect(ctx.hid.handle.writes).toEqual([[2, 0x24, 0]]);
  });

  it('lists a node whose descriptor sysfs will not give, once the renderer has described it', async () => {
    ctx = setup({ sys: {} });
    ctx.hid.entries = [linuxJabra('/dev/hidraw3', 0x0b)];
    await ctx.service.start(IDLE);
    expect(summary(await ctx.service.devices())).toEqual([{ key: JABRA_KEY, active: false }]);
    expect(ctx.log.text('warn')).toContain('report descriptor not readable from sysfs');

    await ctx.service.describe({ vendorId: 0x0b0e, productId: 0x0307, productName: 'Jabra EVOLVE LINK MS', collections: webHid(JABRA) });
    expect(summary(await ctx.service.devices())).toEqual([{ key: JABRA_KEY, active: true }]);
  });

  it('emits headset-devices only when the list changes', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    const before = ctx.deviceEvents().length;
    await ctx.poll();
    await ctx.poll();
    expect(ctx.deviceEvents()).toHaveLength(before);

    ctx.hid.entries = [linuxJabra(), linuxPoly];
    await ctx.poll();
    expect(ctx.deviceEvents()).toHaveLength(before + 1);
    expect(summary(ctx.deviceEvents().at(-1)!)).toEqual([
      { key: JABRA_KEY, active: true },
      { key: POLY_KEY, active: false },
    ]);
  });

  it('reads each node’s descriptor once while it stays plugged in', async () => {
    const reads: string[] = [];
    const hid = new FakeHid();
    hid.entries = [linuxJabra()];
    const service = createHeadsetService({
      platform: 'linux',
      loadHid: async () => hid,
      readDescriptor: async (path) => {
        reads.push(path);
        return JABRA;
      },
      timers: new FakeTimers(),
      logger: memoryLogger().logger,
      sendEvent: () => true,
    });
    await service.start(IDLE);
    await service.connect();
    await service.connect();
    expect(reads).toEqual(['/dev/hidraw3']);
    await service.dispose();
  });
});

describe('Windows and macOS: capabilities from the renderer’s WebHID description', () => {
  const jabraDescription = () => ({
    vendorId: 0x0b0e,
    productId: 0x0307,
    productName: 'Jabra EVOLVE LINK MS',
    collections: webHid(JABRA),
  });

  it('macOS: lists a telephony device by name until described, then opens it non-exclusively', async () => {
    ctx = setup({ platform: 'darwin' });
    const path = 'DevSrvsID:4294970081';
    ctx.hid.entries = [
      { path, vendorId: 0x0b0e, productId: 0x0307, product: 'Jabra EVOLVE LINK MS', serialNumber: 'X1', usagePage: 0x0b, usage: 0x05 },
      { path, vendorId: 0x0b0e, productId: 0x0307, product: 'Jabra EVOLVE LINK MS', serialNumber: 'X1', usagePage: 0x0c, usage: 0x01 },
      { path: 'DevSrvsID:4294970100', vendorId: 0x05ac, productId: 0x024f, product: 'Keyboard', usagePage: 0x01, usage: 0x06 },
    ];
    await ctx.service.start(IDLE);
    expect(await ctx.service.devices()).toEqual([
      { key: `${0x0b0e}:${0x0307}:X1`, name: 'Jabra EVOLVE LINK MS', vendorId: 0x0b0e, productId: 0x0307, active: false, inputs: [], outputs: [] },
    ]);
    expect(ctx.hid.opens).toEqual([]);
    expect(ctx.hid.setDriverType).not.toHaveBeenCalled();

    await ctx.service.describe(jabraDescription());
    expect(ctx.hid.opens).toEqual([{ path, options: { nonExclusive: true }, args: 2 }]);
    const [device] = await ctx.service.devices();
    expect(device).toMatchObject({ active: true, inputs: ['hookSwitch', 'phoneMute', 'flash', 'redial', 'reject'] });
    expect(ctx.hid.handle.writes).toEqual([[2, 0, 0]]);
  });

  it('Windows: opens the telephony collection’s own path, with no options', async () => {
    ctx = setup({ platform: 'win32' });
    const base = { vendorId: 0x0b0e, productId: 0x0307, product: 'Jabra EVOLVE LINK MS' };
    ctx.hid.entries = [
      { ...base, path: '\\\\?\\HID#VID_0B0E&PID_0307&MI_03&Col01#8&1', usagePage: 0x0c, usage: 0x01 },
      { ...base, path: '\\\\?\\HID#VID_0B0E&PID_0307&MI_03&Col02#8&1', usagePage: 0x0b, usage: 0x05 },
      { ...base, path: '\\\\?\\HID#VID_0B0E&PID_0307&MI_03&Col03#8&1', usagePage: 0xff00, usage: 0x05 },
    ];
    await ctx.service.describe(jabraDescription());
    await ctx.service.start(IDLE);
    expect(ctx.hid.opens).toEqual([{ path: '\\\\?\\HID#VID_0B0E&PID_0307&MI_03&Col02#8&1', options: undefined, args: 1 }]);
    expect(summary(await ctx.service.devices())).toEqual([{ key: JABRA_KEY, active: true }]);
  });

  it('never opens a device the OS does not report as telephony, whatever the description says', async () => {
    ctx = setup({ platform: 'win32' });
    ctx.hid.entries = [{ path: 'kbd', vendorId: 0x0b0e, productId: 0x0307, product: 'Keyboard', usagePage: 0x01, usage: 0x06 }];
    await ctx.service.describe(jabraDescription());
    await ctx.service.start(IDLE);
    expect(await ctx.service.devices()).toEqual([]);
    expect(ctx.hid.opens).toEqual([]);
  });

  it('keeps the device open when the renderer describes it again', async () => {
    ctx = setup({ platform: 'darwin' });
    ctx.hid.entries = [{ path: 'p', vendorId: 0x0b0e, productId: 0x0307, product: 'Jabra', usagePage: 0x0b, usage: 0x05 }];
    await ctx.service.start(IDLE);
    await ctx.service.describe(jabraDescription());
    await ctx.service.describe(jabraDescription());
    expect(ctx.hid.opens).toHaveLength(1);
    expect(ctx.hid.handle.closed).toBe(false);
  });

  it('lists but does not use a device whose description has no telephony collection', async () => {
    ctx = setup({ platform: 'darwin' });
    ctx.hid.entries = [{ path: 'p', vendorId: 0x046d, productId: 0x0ac4, product: 'G535', usagePage: 0x0b, usage: 0x05 }];
    await ctx.service.start(IDLE);
    await ctx.service.describe({ vendorId: 0x046d, productId: 0x0ac4, productName: 'G535', collections: webHid(G535) });
    expect(summary(await ctx.service.devices())).toEqual([{ key: `${0x046d}:${0x0ac4}:`, active: false }]);
    expect(ctx.hid.opens).toEqual([]);
  });
});

describe('reports in, lights out', () => {
  it('ring → hook switch off-hook on the headset → answer is sent to the main window', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.later();
    ctx.service.setCallState(RINGING);
    // Ring LED + Ringer.
    expect(ctx.hid.handle.writes.at(-1)).toEqual([2, 0x24, 0]);

    ctx.hid.handle.report(2, 0x01, 0x00);
    expect(ctx.requests()).toEqual([{ type: 'answer' }]);
    expect(ctx.log.text('info')).toContain('headset request {"type":"answer"}');
  });

  it('writes the LEDs as the call state changes: in call, muted, held, hung up', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    const handle = ctx.hid.handle;
    ctx.service.setCallState(IN_CALL);
    ctx.service.setCallState({ ...IN_CALL, muted: true });
    ctx.service.setCallState({ ringing: false, active: 0, held: 1, muted: false });
    ctx.service.setCallState(NO_CALL);
    expect(handle.writes).toEqual([
      [2, 0x00, 0], // attached, idle
      [2, 0x01, 0], // Off-Hook
      [2, 0x13, 0], // Off-Hook + Mute + Microphone
      [2, 0x09, 0], // Off-Hook + Hold (held calls keep Off-Hook)
      [2, 0x00, 0],
    ]);
    // An unchanged state writes nothing.
    ctx.service.setCallState(NO_CALL);
    expect(handle.writes).toHaveLength(5);
  });

  it('a button in a call: mute toggles, hook on hangs up', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.service.setCallState(IN_CALL);
    ctx.later();
    ctx.hid.handle.report(2, 0x01 | 0x04, 0); // hook off (as shown) + mute pulse
    ctx.hid.handle.report(2, 0x01, 0);
    ctx.hid.handle.report(2, 0x00, 0); // hook on
    expect(ctx.requests()).toEqual([{ type: 'toggleMute' }, { type: 'hangup' }]);
  });

  it('ignores reports from a device it has let go of', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    const old = ctx.hid.handle;
    ctx.service.applySettings({ enabled: false, deviceKey: '' });
    await ctx.service.devices();
    ctx.service.setCallState(RINGING);
    ctx.later();
    old.report(2, 0x01, 0);
    expect(ctx.requests()).toEqual([]);
  });
});

describe('hot-plug', () => {
  it('unplugged mid-call (gone from the list): the call state stays; plugged back in, the LEDs resync', async () => {
    ctx = setup({ sys: { hidraw3: JABRA, hidraw7: JABRA } });
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.service.setCallState({ ...IN_CALL, muted: true });
    const first = ctx.hid.handle;

    ctx.hid.entries = [];
    const gone = await ctx.poll();
    expect(gone).toEqual([]);
    expect(first.closed).toBe(true);
    expect(ctx.service.session.attached).toBeNull();
    expect(ctx.service.session.callState).toEqual({ ...IN_CALL, muted: true });
    // A gone device is not written to (no lights-off attempt).
    expect(first.writes.at(-1)).toEqual([2, 0x13, 0]);
    expect(ctx.log.text('info')).toContain('headset unplugged');

    // The call goes on without the headset (unmuted meanwhile); plugged into another port it gets a new node.
    ctx.service.setCallState(IN_CALL);
    ctx.hid.entries = [linuxJabra('/dev/hidraw7')];
    expect(summary(await ctx.poll())).toEqual([{ key: JABRA_KEY, active: true }]);
    expect(ctx.hid.handle.path).toBe('/dev/hidraw7');
    expect(ctx.hid.handle.writes).toEqual([[2, 0x01, 0]]);
  });

  it('re-plugged on the same node: opened again and shown the current call at once', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.service.setCallState(IN_CALL);
    ctx.hid.entries = [];
    await ctx.poll();
    ctx.service.setCallState({ ...IN_CALL, muted: true });

    ctx.hid.entries = [linuxJabra()];
    const back = await ctx.poll();
    expect(summary(back)).toEqual([{ key: JABRA_KEY, active: true }]);
    expect(ctx.hid.handles).toHaveLength(2);
    expect(ctx.hid.handle.writes).toEqual([[2, 0x13, 0]]);
    expect(ctx.service.session.callState).toEqual({ ...IN_CALL, muted: true });

    // And it is live: hook on hangs up.
    ctx.later();
    ctx.hid.handle.report(2, 0x00, 0);
    expect(ctx.requests()).toEqual([{ type: 'hangup' }]);
  });

  it('a read error mid-call releases the device at once; the next poll re-opens it', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.service.setCallState(IN_CALL);
    const first = ctx.hid.handle;
    first.fail();
    expect(ctx.service.session.attached).toBeNull();
    expect(summary(ctx.deviceEvents().at(-1)!)).toEqual([{ key: JABRA_KEY, active: false }]);
    expect(ctx.log.text('warn')).toContain('headset read failed');

    const list = await ctx.poll();
    expect(first.closed).toBe(true);
    expect(summary(list)).toEqual([{ key: JABRA_KEY, active: true }]);
    expect(ctx.hid.handle).not.toBe(first);
    expect(ctx.hid.handle.writes).toEqual([[2, 0x01, 0]]);
    expect(ctx.service.session.callState).toEqual(IN_CALL);
  });

  it('leaves a device that keeps failing alone until connect()', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    for (let i = 0; i < 3; i++) {
      ctx.hid.handle.fail();
      await ctx.poll();
    }
    expect(ctx.hid.handles).toHaveLength(3);
    await ctx.poll();
    expect(ctx.hid.handles).toHaveLength(3);
    await ctx.service.connect();
    expect(ctx.hid.handles).toHaveLength(4);
  });

  it('connect() rescans at once', async () => {
    ctx = setup();
    await ctx.service.start(IDLE);
    ctx.hid.entries = [linuxJabra()];
    expect(summary(await ctx.service.connect())).toEqual([{ key: JABRA_KEY, active: true }]);
  });
});

describe('failures', () => {
  it('node-hid failing to load (no libusb): no crash, no devices, a clear reason in the log', async () => {
    const failing = new FakeHid();
    failing.getHidapiVersion.mockImplementation(() => {
      throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
    });
    ctx = setup({ loadHid: async () => failing });
    ctx.hid.entries = [linuxJabra()];
    await expect(ctx.service.start(IDLE)).resolves.toBeUndefined();
    expect(await ctx.service.devices()).toEqual([]);
    expect(ctx.service.status()).toEqual({ state: 'unavailable', reason: expect.stringContaining('sudo apt install libusb-1.0-0') });
    expect(ctx.log.text('error')).toContain('headset support unavailable: node-hid could not load: libusb-1.0.so.0');
    expect(ctx.timers.active.size).toBe(0);
    expect(failing.devicesAsync).not.toHaveBeenCalled();
    // The call state is still taken (and kept for later).
    expect(() => ctx!.service.setCallState(RINGING)).not.toThrow();
    // Logged once, not on every request.
    await ctx.service.devices();
    expect(ctx.log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('node-hid not packaged at all (require throws): unavailable, and connect() tries again', async () => {
    let attempts = 0;
    const hid = new FakeHid();
    hid.entries = [linuxJabra()];
    ctx = setup({
      loadHid: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("Cannot find module 'node-hid'");
        return hid;
      },
    });
    await ctx.service.start(IDLE);
    expect(ctx.service.status()).toMatchObject({ state: 'unavailable', reason: expect.stringContaining('not installed') });
    expect(await ctx.service.connect()).toEqual([expect.objectContaining({ key: JABRA_KEY, active: true })]);
    expect(ctx.service.status()).toEqual({ state: 'ready', hidapi: '0.15.0' });
    expect(ctx.timers.active.size).toBe(1);
  });

  it('explains load failures in plain words', () => {
    expect(describeLoadFailure(new Error('libudev.so.1: cannot open shared object file'), 'linux')).toContain('libudev1');
    expect(describeLoadFailure(new Error('was compiled against a different Node.js version'), 'win32')).toBe(
      'node-hid could not load on win32: was compiled against a different Node.js version',
    );
  });

  it('a failed LED write is logged, never thrown', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.hid.handle.failWrites = 'reject';
    expect(() => ctx!.service.setCallState(RINGING)).not.toThrow();
    ctx.hid.handle.failWrites = 'throw';
    expect(() => ctx!.service.setCallState(IN_CALL)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const warnings = ctx.log.lines.filter((l) => l.line.includes('headset light update failed'));
    expect(warnings).toHaveLength(2);
    expect(warnings.map((w) => w.level)).toEqual(['warn', 'warn']);
    const text = warnings.map((w) => w.line).join('\n');
    expect(text).toContain('Cannot write to hid device');
    expect(text).toContain('device not open');
  });

  it('a device that cannot be opened is listed, logged with the udev hint, and not retried every poll', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    ctx.hid.openError = new Error('cannot open device with path /dev/hidraw3');
    await ctx.service.start(IDLE);
    expect(summary(await ctx.service.devices())).toEqual([{ key: JABRA_KEY, active: false }]);
    expect(ctx.log.text('warn')).toContain('70-offhook-headsets.rules');
    await ctx.poll();
    expect(ctx.hid.opens).toHaveLength(1);

    ctx.hid.openError = null;
    expect(summary(await ctx.service.connect())).toEqual([{ key: JABRA_KEY, active: true }]);
  });

  it('an enumeration failure keeps the current device and is logged once', async () => {
    ctx = setup();
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.hid.enumerateError = new Error('hid_enumerate failed');
    await ctx.poll();
    await ctx.poll();
    expect(summary(await ctx.service.devices())).toEqual([{ key: JABRA_KEY, active: true }]);
    expect(ctx.log.lines.filter((l) => l.line.includes('listing HID devices failed'))).toHaveLength(1);
  });

  it('a request with no main window to receive it is logged, not lost silently', async () => {
    ctx = setup({ hasWindow: false });
    ctx.hid.entries = [linuxJabra()];
    await ctx.service.start(IDLE);
    ctx.later();
    ctx.service.setCallState(RINGING);
    ctx.hid.handle.report(2, 0x01, 0);
    expect(ctx.log.text('warn')).toContain('headset request dropped: no main window');
  });
});

describe('shutting down', () => {
  it('turns the lights off, closes the device and stops polling', async () => {
    const c = setup();
    c.hid.entries = [linuxJabra()];
    await c.service.start(IDLE);
    c.service.setCallState(IN_CALL);
    await c.service.dispose();
    expect(c.hid.handle.writes.at(-1)).toEqual([2, 0, 0]);
    expect(c.hid.handle.closed).toBe(true);
    expect(c.timers.active.size).toBe(0);
    expect(c.service.status()).toEqual({ state: 'disposed' });
    await c.poll();
    expect(c.hid.handles).toHaveLength(1);
  });
});
