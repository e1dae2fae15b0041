/**
 * electron-builder.yml and its resources: validated against electron-builder's own schema (it
 * cannot package here, Electron can't be downloaded) plus the choices the app relies on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(`${repo}package.json`);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  protocols: Array<{ name: string; schemes: string[] }>;
  mac: { target: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; extendInfo: Record<string, string> };
  win: { target: string };
  linux: { target: string[]; category: string };
  electronFuses: Record<string, boolean>;
}

const config = yaml.load(readFileSync(`${repo}electron-builder.yml`, 'utf8')) as BuilderConfig;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('identifies the app and ships only out/ and package.json', () => {
    expect(config.appId).toBe('io.offhook.desktop');
    expect(config.productName).toBe('Offhook');
    expect(config.directories).toEqual({ buildResources: 'build', output: 'dist' });
    expect(config.files.filter((f) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
  });

  it('claims the telephony link schemes', () => {
    expect(config.protocols.flatMap((p) => p.schemes).sort()).toEqual(['callto', 'offhook', 'sip', 'sips', 'tel']);
    for (const protocol of config.protocols) expect(protocol.name).toBeTruthy();
  });

  it('builds an NSIS installer, a hardened dmg and AppImage + deb', () => {
    expect(config.win.target).toBe('nsis');
    expect(config.mac.target).toBe('dmg');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Network;Telephony');
  });

  it('explains microphone and camera use to macOS', () => {
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/i);
    expect(config.mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/i);
  });

  it('grants the hardened runtime only what calls need', () => {
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    const plist = readFileSync(`${repo}${config.mac.entitlements}`, 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]).sort();
    expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.audio-input', 'com.apple.security.device.camera']);
  });

  it('turns off the Electron fuses an installed softphone never needs, and keeps cookie encryption on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('configures no update feed (auto-update stays inactive until one is added)', () => {
    expect((config as unknown as Record<string, unknown>).publish).toBeUndefined();
  });
});

describe('tray and overlay icons', () => {
  const states = ['registered', 'connecting', 'failed', 'signed-out'];

  it.each(states)('has a 16 px and a 32 px (@2x) tray icon for %s', (state) => {
    expect(pngSize(`${repo}build/tray/tray-${state}.png`)).toEqual({ width: 16, height: 16 });
    expect(pngSize(`${repo}build/tray/tray-${state}@2x.png`)).toEqual({ width: 32, height: 32 });
  });

  it('has the missed-call overlay for the Windows taskbar', () => {
    expect(pngSize(`${repo}build/tray/overlay-missed.png`)).toEqual({ width: 16, height: 16 });
    expect(pngSize(`${repo}build/tray/overlay-missed@2x.png`)).toEqual({ width: 32, height: 32 });
  });

  it('draws each state differently', () => {
    const bytes = new Set(states.map((state) => readFileSync(`${repo}build/tray/tray-${state}.png`).toString('base64')));
    expect(bytes.size).toBe(states.length);
  });
});

describe('app icon', () => {
  it('is a square PNG large enough for every platform', () => {
    const { width, height } = pngSize(`${repo}build/icon.png`);
    expect(width).toBe(height);
    expect([512, 1024]).toContain(width);
  });

  it('has an SVG source', () => {
    expect(readFileSync(`${repo}build/icon.svg`, 'utf8')).toMatch(/^<svg[^>]+viewBox="0 0 1024 1024"/);
  });
});
