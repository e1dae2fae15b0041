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
import { CHANNELS } from '../../../../src-preload/contract';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const stub = fileURLToPath(new URL('./fixtures/electron-stub.cjs', import.meta.url));

interface Report {
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  sandboxEnabled: boolean;
  protocolHandlers: string[];
  ipcChannels: string[];
  windows: Array<{ options: { webPreferences: Record<string, unknown> }; loadedUrl: string | null }>;
  permissionHandlers: string[];
  headerListeners: number;
  appEvents: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON written by the stub
  probes: Record<string, any>;
  errors: string[];
}

let work: string;
let report: Report;
let preloadSource: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'offhook-main-bundle-'));
  const out = path.join(work, 'app', 'out');
  execFileSync(process.execPath, [path.join(repo, 'build/scripts/bundle.mjs'), '--out-dir', out], { cwd: repo, stdio: 'pipe' });
  mkdirSync(path.join(out, 'renderer'), { recursive: true });
  writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>Offhook</title>');
  writeFileSync(path.join(work, 'app', 'package.json'), '{}');
  mkdirSync(path.join(work, 'user-data'));
  const reportPath = path.join(work, 'report.json');
  execFileSync(process.execPath, ['--require', stub, path.join(out, 'main', 'index.cjs')], {
    cwd: work,
    stdio: 'pipe',
    timeout: 20_000,
    env: {
      ...process.env,
      OFFHOOK_DEV_URL: '',
      STUB_APP_PATH: path.join(work, 'app'),
      STUB_USER_DATA: path.join(work, 'user-data'),
      STUB_REPORT: reportPath,
    },
  });
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  preloadSource = readFileSync(path.join(out, 'preload', 'index.cjs'), 'utf8');
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

  it('registers a handler for every contract channel', () => {
    expect([...report.ipcChannels].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('opens one locked-down window on the app origin', () => {
    expect(report.windows).toHaveLength(1);
    const [win] = report.windows;
    expect(win!.loadedUrl).toBe('offhook-app://app/');
    expect(win!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, backgroundThrottling: false });
    expect(String(win!.options.webPreferences.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
  });

  it('guards every WebContents against navigation and new windows', () => {
    expect(report.probes.guards).toEqual({ foreignNavigationPrevented: true, ownNavigationPrevented: false, windowOpen: { action: 'deny' } });
  });

  it('installs permission handlers and the CSP header hook', () => {
    expect(report.permissionHandlers.sort()).toEqual(['check', 'request']);
    expect(report.headerListeners).toBe(1);
    expect(report.probes.permissions).toEqual({ mediaOwn: true, mediaForeign: false, geolocationOwn: false });
  });

  it('quits when the last window closes and handles re-activation', () => {
    expect(report.appEvents).toEqual(expect.arrayContaining(['window-all-closed', 'web-contents-created', 'activate', 'second-instance']));
  });

  it('answers IPC from the app and refuses other senders', () => {
    expect(report.probes.settings).toMatchObject({ ok: true, value: { schemaVersion: 1 } });
    expect(report.probes.foreign).toEqual({ ok: false, message: expect.stringContaining('sender not allowed') });
    expect(report.probes.appInfo).toMatchObject({ ok: true, value: { name: 'Offhook', platform: 'desktop', secretsEncrypted: false } });
  });

  it("refuses to store a secret with Linux's basic_text backend", () => {
    expect(report.probes.secretSet).toEqual({ ok: true, value: { ok: false, reason: 'encryption-unavailable' } });
  });

  it('serves the renderer with the CSP and refuses traversal', () => {
    expect(report.probes.index).toMatchObject({ status: 200, body: expect.stringContaining('<title>Offhook</title>') });
    expect(report.probes.index.csp).toContain("default-src 'self'");
    expect(report.probes.traversal).toEqual({ status: 400 });
  });
});

describe('bundled preload', () => {
  it('requires nothing but electron and does not carry zod', () => {
    const requires = [...preloadSource.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(preloadSource.length).toBeLessThan(8_000);
  });
});
