/**
 * Every kind of window the app creates, on every platform, checked against the same rules. The
 * bundled-main test (app/main-bundle.test.ts) checks the options main really passed at run time.
 */
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../../src-main/windows/main-window';
import { popupWindowOptions } from '../../../../src-main/windows/popup-window';
import { externalUrlDecision } from '../../../../src-main/windows/security';

const PRELOAD_DIR = path.join('/opt/Offhook/resources/app.asar', 'out', 'preload');
const PLATFORMS: NodeJS.Platform[] = ['win32', 'darwin', 'linux'];

const allWindows: Array<[string, BrowserWindowConstructorOptions]> = PLATFORMS.flatMap((platform) =>
  [false, true].flatMap((dark): Array<[string, BrowserWindowConstructorOptions]> => [
    [`main (${platform}, dark=${dark})`, mainWindowOptions({ preloadPath: path.join(PRELOAD_DIR, 'index.cjs'), dark })],
    [
      `popup (${platform}, dark=${dark})`,
      popupWindowOptions({ preloadPath: path.join(PRELOAD_DIR, 'popup.cjs'), platform, dark, bounds: { x: 0, y: 0, width: 360, height: 132 } }),
    ],
  ]),
);

describe('every window is locked down', () => {
  it.each(allWindows)('%s', (_name, options) => {
    const prefs = options.webPreferences ?? {};
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
    expect(prefs.backgroundThrottling).toBe(false);
    expect(path.dirname(String(prefs.preload))).toBe(PRELOAD_DIR);
    expect(options.show).toBe(false);
  });
});

describe('externalUrlDecision', () => {
  it.each([
    ['https://offhook.example/help?a=1', { ok: true, url: 'https://offhook.example/help?a=1' }],
    ['http://intranet/crm', { ok: true, url: 'http://intranet/crm' }],
    ['not a url', { ok: false, reason: 'invalid-url' }],
    ['', { ok: false, reason: 'invalid-url' }],
    ['file:///etc/passwd', { ok: false, reason: 'unsafe-scheme' }],
    ['javascript:alert(1)', { ok: false, reason: 'unsafe-scheme' }],
    ['smb://server/share', { ok: false, reason: 'unsafe-scheme' }],
    ['ms-msdt:/id PCWDiagnostic', { ok: false, reason: 'unsafe-scheme' }],
    ['https://bank.example@evil.example/', { ok: false, reason: 'unsafe-scheme' }],
  ])('%s', (url, expected) => {
    expect(externalUrlDecision(url)).toEqual(expected);
  });
});
