/**
 * Builds main and preload with the real build script and starts the bundled main process in
 * plain Node against a fake 'electron' (fixtures/electron-stub.cjs), then checks what main.ts
 * wired up. Electron cannot run here; this is the closest check of the composition root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, POPUP_CHANNELS } from '../../../../src-preload/contract';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const stub = fileURLToPath(new URL('./fixtures/electron-stub.cjs', import.meta.url));

interface Report {
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  sandboxEnabled: boolean;
  protocolHandlers: string[];
  ipcChannels: string[];
  windows: Array<{ options: Record<string, unknown> & { webPreferences: Record<string, unknown> }; loadedUrl: string | null; calls: string[] }>;
  permissionHandlers: string[];
  headerListeners: number;
  appEvents: string[];
  trays: Array<{ image: string; tooltip: string | null; menu: { labels: string[] } | null }>;
  hotkeys: string[];
  powerEvents: string[];
  blockers: string[];
  loginItems: unknown[];
  protocolClients: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON written by the stub
  probes: Record<string, any>;
  errors: string[];
}

let work: string;
let report: Report;
let preloadSource: string;
let popupPreloadSource: string;
let logText: string;
const LINK = 'tel:+1 (555) 010-9999';

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'offhook-main-bundle-'));
  const out = path.join(work, 'app', 'out');
  execFileSync(process.execPath, [path.join(repo, 'build/scripts/bundle.mjs'), '--out-dir', out], { cwd: repo, stdio: 'pipe' });
  mkdirSync(path.join(out, 'renderer'), { recursive: true });
  writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>Offhook</title>');
  writeFileSync(path.join(work, 'app', 'package.json'), '{}');
  mkdirSync(path.join(out, 'renderer', 'popup'), { recursive: true });
  writeFileSync(path.join(out, 'renderer', 'popup', 'popup.html'), '<!doctype html><title>Offhook popup</title>');
  mkdirSync(path.join(work, 'user-data'));
  const reportPath = path.join(work, 'report.json');
  // The link stands in for the OS starting the app from a tel: link (argv on Windows and Linux).
  execFileSync(process.execPath, ['--require', stub, path.join(out, 'main', 'index.cjs'), LINK], {
    cwd: work,
    stdio: 'pipe',
    timeout: 20_000,
    env: {
      ...process.env,
      OFFHOOK_DEV_URL: '',
      STUB_APP_PATH: path.join(work, 'app'),
      STUB_USER_DATA: path.join(work, 'user-data'),
      STUB_LOGS: path.join(work, 'logs'),
      STUB_REPORT: reportPath,
    },
  });
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  preloadSource = readFileSync(path.join(out, 'preload', 'index.cjs'), 'utf8');
  popupPreloadSource = readFileSync(path.join(out, 'preload', 'popup.cjs'), 'utf8');
  logText = readFileSync(path.join(work, 'logs', 'main.log'), 'utf8');
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('bundled main process', () => {
  it('starts without errors', () => {
    expect(report.errors).toEqual([]);
  });

  it('registers the privileged app scheme and enables the sandbox before ready', () => {
    expect(report.privilegedSchemes.map((s) => s.scheme)).toEqual(['offhook-app']);
    expect(report.sandboxEnabled).toBe(true);
    expect(report.protocolHandlers).toEqual(['offhook-app']);
  });

  it('registers a handler for every contract channel, and the popup window’s', () => {
    expect([...report.ipcChannels].sort()).toEqual([...Object.values(CHANNELS), POPUP_CHANNELS.act].sort());
  });

  it('opens the main window on the app origin, and the popup window for a ringing call', () => {
    expect(report.windows).toHaveLength(2);
    const [main, popup] = report.windows;
    expect(main!.loadedUrl).toBe('offhook-app://app/');
    expect(main!.options.webPreferences).toMatchObject({ backgroundThrottling: false });
    expect(String(main!.options.webPreferences.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    expect(popup!.loadedUrl).toBe('offhook-app://app/popup/popup.html');
    expect(String(popup!.options.webPreferences.preload)).toMatch(/out[\\/]preload[\\/]popup\.cjs$/);
  });

  // The security regression test: every window the app creates, read from what main really passed.
  it('locks down every window it creates', () => {
    expect(report.windows.length).toBeGreaterThan(1);
    for (const { options } of report.windows) {
      const prefs = options.webPreferences;
      expect(prefs.sandbox).toBe(true);
      expect(prefs.contextIsolation).toBe(true);
      expect(prefs.nodeIntegration).toBe(false);
      expect(prefs.nodeIntegrationInWorker).toBe(false);
      expect(prefs.nodeIntegrationInSubFrames).toBe(false);
      expect(prefs.webSecurity).toBe(true);
      expect(prefs.allowRunningInsecureContent).not.toBe(true);
      expect(prefs.webviewTag).not.toBe(true);
      expect(prefs.experimentalFeatures).not.toBe(true);
      expect(prefs.enableBlinkFeatures).toBeUndefined();
      const preload = path.resolve(String(prefs.preload));
      expect(preload.startsWith(path.join(work, 'app', 'out', 'preload') + path.sep)).toBe(true);
    }
  });

  it('shows the popup without ever focusing it, above everything', () => {
    const popup = report.windows[1]!;
    expect(popup.options).toMatchObject({ frame: false, focusable: false, alwaysOnTop: true, skipTaskbar: true, show: false });
    expect(popup.calls).toContain('showInactive');
    expect(popup.calls).toContain('setAlwaysOnTop(true,"screen-saver")');
    expect(popup.calls).not.toContain('show');
    expect(popup.calls).not.toContain('focus');
  });

  it('feeds the popup its calls and forwards its Answer to the main window, which comes forward', () => {
    expect(report.probes.popupShow).toEqual({ ok: true });
    expect(report.probes.popupCallsSent[0]).toEqual({ window: 1, calls: [{ callId: 'c1', name: 'Alice', number: '1002', waiting: false }], language: 'en' });
    expect(report.probes.popupAct).toEqual({ ok: true });
    expect(report.probes.popupActions).toEqual([{ window: 0, payload: { callId: 'c1', action: 'answer' } }]);
    expect(report.windows[0]!.calls).toEqual(expect.arrayContaining(['focus']));
    // Answered: the popup closed with its last call.
    expect(report.windows[1]!.calls).toContain('destroy');
  });

  it('keeps each window on its own channels', () => {
    expect(report.probes.popupUsesMainChannel).toEqual({ ok: false, message: expect.stringContaining('not the window this channel belongs to') });
    expect(report.probes.mainUsesPopupChannel).toEqual({ ok: false, message: expect.stringContaining('not the window this channel belongs to') });
    expect(report.probes.noSender).toEqual({ ok: false, message: expect.stringContaining('not the window this channel belongs to') });
  });

  it('holds a launch link until the renderer is ready, then delivers it parsed', () => {
    expect(report.probes.linkEventsBeforeReady).toBe(0);
    expect(report.probes.rendererReady).toEqual({ ok: true });
    expect(report.probes.linkEvents).toEqual([{ kind: 'dial', number: '+15550109999', source: 'tel' }]);
  });

  it('builds the tray from the shell state and keeps the display awake during a call', () => {
    expect(report.trays).toHaveLength(1);
    const [tray] = report.trays;
    expect(tray!.image).toMatch(/out[\\/]icons[\\/]tray-registered\.png$/);
    expect(tray!.tooltip).toBe('Offhook — Online · 2 missed calls');
    expect(tray!.menu!.labels).toEqual(['Online', '2 missed calls', '—', 'Show Offhook', 'Sign out', '—', 'Quit Offhook']);
    expect(report.probes.shellState).toEqual({ ok: true });
    expect(report.probes.shellStateBad).toMatchObject({ ok: false, message: expect.stringContaining('arg 1.missedCalls') });
    // Released again when the app quits (the will-quit probe at the end).
    expect(report.blockers).toEqual(['start prevent-display-sleep', 'stop 7']);
  });

  it('registers the default hotkeys and reports them', () => {
    expect(report.hotkeys.sort()).toEqual(['CommandOrControl+Shift+A', 'CommandOrControl+Shift+D', 'CommandOrControl+Shift+H', 'CommandOrControl+Shift+M']);
    expect(report.probes.hotkeysStatus.value.map((s: { state: string }) => s.state)).toEqual(['registered', 'registered', 'registered', 'registered']);
  });

  it('tells the renderer when the machine wakes up', () => {
    expect(report.powerEvents.sort()).toEqual(['resume', 'unlock-screen']);
    expect(report.probes.powerEvents).toEqual([{ reason: 'resume' }]);
  });

  it('opens only http(s) externally', () => {
    expect(report.probes.openExternalFile).toEqual({ ok: true, value: { ok: false, reason: 'unsafe-scheme' } });
  });

  it('does not register login items or link handlers for an unpackaged app', () => {
    expect(report.loginItems).toEqual([]);
    expect(report.protocolClients).toEqual([]);
  });

  it('hides the main window on close, and really closes it when quitting', () => {
    expect(report.probes.closeHides).toEqual({ prevented: true, calls: expect.arrayContaining(['hide']) });
    expect(report.probes.closeWhileQuitting).toEqual({ prevented: false });
  });

  it('writes a log file, without the link (it could carry a password)', () => {
    expect(logText).toContain('[main] link received');
    expect(logText).not.toContain('555');
  });

  it('guards every WebContents against navigation and new windows', () => {
    expect(report.probes.guards).toEqual({ foreignNavigationPrevented: true, ownNavigationPrevented: false, windowOpen: { action: 'deny' } });
  });

  it('installs permission handlers and the CSP header hook', () => {
    expect(report.permissionHandlers.sort()).toEqual(['check', 'device', 'request', 'select-hid-device']);
    expect(report.headerListeners).toBe(1);
    expect(report.probes.permissions).toEqual({ mediaOwn: true, mediaForeign: false, geolocationOwn: false, hidOwn: true, hidForeign: false });
  });

  it('lets the app’s page see telephony headsets over WebHID, and nothing else', () => {
    expect(report.probes.devicePermission).toEqual({ headsetOwn: true, keyboardOwn: false, headsetForeign: false });
    expect(report.probes.selectHidDevice).toEqual({ prevented: true, chosen: 'h' });
  });

  it('starts without node-hid when it cannot load, says why, and loads it on connect', () => {
    expect(report.errors).toEqual([]);
    expect(logText).toContain('[main:headset] headset support unavailable: node-hid could not load: libusb-1.0.so.0');
    expect(logText).toContain('sudo apt install libusb-1.0-0');
    expect(report.probes.headsetDevicesUnavailable).toEqual({ ok: true, value: [] });
    expect(report.probes.hid.loads).toBe(2);
    expect(report.probes.hid.driverType).toBe('hidraw');
    // Listed (the OS reports the Telephony page) but not used until described; the keyboard never.
    expect(report.probes.headsetConnect).toEqual({
      ok: true,
      value: [{ key: '2830:775:', name: 'Stub Headset', vendorId: 0x0b0e, productId: 0x0307, active: false, inputs: [], outputs: [] }],
    });
  });

  it('opens a described headset, lights it for the call and forwards its buttons to the main window', () => {
    expect(report.probes.headsetDescribe).toEqual({ ok: true });
    expect(report.probes.headsetDevices).toEqual({
      ok: true,
      value: [{ key: '2830:775:', name: 'Stub Headset', vendorId: 0x0b0e, productId: 0x0307, active: true, inputs: ['hookSwitch'], outputs: ['offHook', 'ring'] }],
    });
    expect(report.probes.hid.opens).toEqual([{ path: 'stub-headset', options: null }]);
    // Attached: idle LEDs; then ringing: the Ring LED (bit 1 of report 2).
    expect(report.probes.hid.writes).toEqual([
      [2, 0],
      [2, 2],
    ]);
    expect(report.probes.headsetRinging).toEqual({ ok: true });
    expect(report.probes.headsetRequests).toEqual([{ request: { type: 'answer' } }]);
    expect(report.probes.headsetDeviceEvents.at(-1)).toEqual({ devices: report.probes.headsetDevices.value });
  });

  it('turns the headset’s lights off and closes it before quitting', () => {
    expect(report.probes.willQuit).toEqual({ firstPrevented: true, secondPrevented: false, quitAgain: 1, headsetClosed: 1, lastWrite: [2, 0] });
  });

  it('refuses malformed headset call states and other windows on the headset channels', () => {
    expect(report.probes.headsetCallStateBad).toEqual({ ok: false, message: expect.stringContaining('arg 1.active') });
    expect(report.probes.headsetFromPopup).toEqual({ ok: false, message: expect.stringContaining('not the window this channel belongs to') });
  });

  it('quits when the last window closes and handles re-activation, links and quitting', () => {
    expect(report.appEvents).toEqual(
      expect.arrayContaining(['window-all-closed', 'web-contents-created', 'activate', 'second-instance', 'open-url', 'before-quit', 'will-quit']),
    );
  });

  it('answers IPC from the app and refuses other senders', () => {
    expect(report.probes.settings).toMatchObject({
      ok: true,
      value: {
        schemaVersion: 5,
        audio: { cameraId: 'default' },
        desktop: { incomingPopup: true },
        headset: { enabled: true, deviceKey: '' },
        voicemail: { number: '*2', leavePrefix: '*' },
        recordings: { folder: '' },
        directory: { enabled: false, url: '' },
        contacts: { defaultRegion: 'CN' },
        colleagues: { favourites: [], showUnregistered: true },
        status: { status: 'available', temporary: null, schedule: { enabled: false } },
        functionKeys: { keys: [] },
      },
    });
    expect(report.probes.foreign).toEqual({ ok: false, message: expect.stringContaining('sender not allowed') });
    expect(report.probes.appInfo).toMatchObject({ ok: true, value: { name: 'Offhook', platform: 'desktop', secretsEncrypted: false } });
  });

  it("refuses to store a secret with Linux's basic_text backend", () => {
    expect(report.probes.secretSet).toEqual({ ok: true, value: { ok: false, reason: 'encryption-unavailable' } });
  });

  it('serves the renderer with the CSP and refuses traversal', () => {
    expect(report.probes.index).toMatchObject({ status: 200, body: expect.stringContaining('<title>Offhook</title>') });
    expect(report.probes.index.csp).toContain("default-src 'self'");
    expect(report.probes.popupPage).toMatchObject({ status: 200, body: expect.stringContaining('Offhook popup') });
    expect(report.probes.traversal).toEqual({ status: 400 });
  });
});

describe('bundled preloads', () => {
  it.each([
    ['index.cjs', () => preloadSource],
    ['popup.cjs', () => popupPreloadSource],
  ])('%s requires nothing but electron and does not carry zod', (_name, source) => {
    const requires = [...source().matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(source().length).toBeLessThan(8_000);
  });

  it('never hands ipcRenderer to the page', () => {
    for (const source of [preloadSource, popupPreloadSource]) {
      expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    }
  });
});
