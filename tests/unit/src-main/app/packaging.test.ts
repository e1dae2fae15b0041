/**
 * electron-builder.yml and its resources: validated against electron-builder's own schema (it
 * cannot package here, Electron can't be downloaded) plus the choices the app relies on.
 */
import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(`${repo}package.json`);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

type Filter = (file: string, stat: Stats & { moduleFullFilePath?: string }) => boolean;
interface FileMatcherLike {
  patterns: string[];
  createFilter(): Filter;
}
const fileMatcher = require('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (from: string, to: string, macroExpander: (s: string) => string, patterns?: string[]) => FileMatcherLike;
  getNodeModuleFileMatcher(appDir: string, destination: string, macroExpander: (s: string) => string, platformOptions: unknown, packager: unknown): FileMatcherLike;
  getFileMatchers(config: unknown, name: string, destination: string, options: unknown): FileMatcherLike[] | null;
};
const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  protocols: Array<{ name: string; schemes: string[] }>;
  mac: { target: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; extendInfo: Record<string, string>; files?: string[] };
  win: { target: string; files?: string[] };
  linux: { target: string[]; category: string; files?: string[] };
  deb: { depends: string[]; fpm: string[] };
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

/**
 * What electron-builder puts into the app from node_modules for one platform: its own
 * node-module matcher (the exclusions of `files`, global and per platform) applied the way
 * NodeModuleCopyHelper walks each production dependency (a directory it refuses is not entered).
 */
function packagedModuleFiles(platformOptions: unknown, modules: string[]): string[] {
  const appDir = repo.replace(/[\\/]$/, '');
  const destination = path.join(appDir, 'dist-app');
  const identity = (pattern: string) => pattern;
  const packager = { config, debugLogger: { isEnabled: false } };
  const main = fileMatcher.getNodeModuleFileMatcher(appDir, destination, identity, platformOptions, packager);
  const kept: string[] = [];
  for (const name of modules) {
    const depDir = path.join(appDir, 'node_modules', name);
    // As NodeModuleCopyHelper: no patterns at all means no filter, i.e. everything.
    const filter: Filter = main.patterns.length ? new fileMatcher.FileMatcher(depDir, destination, identity, main.patterns).createFilter() : () => true;
    const queue = [depDir];
    while (queue.length) {
      const dir = queue.pop()!;
      for (const child of readdirSync(dir)) {
        const file = path.join(dir, child);
        const stat = Object.assign(lstatSync(file), { moduleFullFilePath: path.posix.join('node_modules', name, path.relative(depDir, file).split(path.sep).join('/')) });
        if (!filter(file, stat)) continue;
        if (stat.isDirectory()) queue.push(file);
        else kept.push(stat.moduleFullFilePath);
      }
    }
  }
  return kept.sort();
}

describe('node-hid in the package (headsets)', () => {
  const dependencies = Object.keys((JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  // node-hid's own dependencies, hoisted beside it.
  const modules = [...dependencies, 'pkg-prebuilds', 'node-addon-api'];

  it.each([
    ['linux', () => config.linux, ['HID_hidraw-linux-arm', 'HID_hidraw-linux-arm64', 'HID_hidraw-linux-x64', 'HID_hidraw-linux-x64-musl']],
    ['mac', () => config.mac, ['HID-darwin-arm64', 'HID-darwin-x64']],
    ['win', () => config.win, ['HID-win32-arm64', 'HID-win32-ia32', 'HID-win32-x64']],
  ] as const)('%s: ships node-hid’s loader, its own prebuilds and pkg-prebuilds, and nothing else from node_modules', (_os, platform, prebuilds) => {
    const files = packagedModuleFiles(platform(), modules);
    const packages = new Set(files.map((f) => f.split('/')[1]));
    expect([...packages].sort()).toEqual(['node-hid', 'pkg-prebuilds']);
    expect(files).toEqual(expect.arrayContaining(['node_modules/node-hid/package.json', 'node_modules/node-hid/nodehid.js', 'node_modules/node-hid/binding-options.js', 'node_modules/pkg-prebuilds/package.json', 'node_modules/pkg-prebuilds/bindings.js']));
    expect(files.filter((f) => f.startsWith('node_modules/pkg-prebuilds/lib/')).length).toBeGreaterThan(0);
    const binaries = files.filter((f) => f.endsWith('.node'));
    expect(binaries.map((f) => f.split('/')[3]).sort()).toEqual([...prebuilds]);
    expect(files.filter((f) => /node-hid\/(hidapi|src|build)\/|binding\.gyp$/.test(f))).toEqual([]);
  });

  it('would ship every dependency without the exclusions (the check above is not vacuous)', () => {
    const bare = { ...config, files: ['out/**', 'package.json'] };
    const main = fileMatcher.getNodeModuleFileMatcher(repo, path.join(repo, 'dist-app'), (p: string) => p, {}, { config: bare, debugLogger: { isEnabled: false } });
    expect(main.patterns).toEqual([]);
  });

  it('unpacks the native binaries from the asar', () => {
    const unpack = fileMatcher.getFileMatchers(config, 'asarUnpack', path.join(repo, 'dist-app'), {
      macroExpander: (p: string) => p,
      customBuildOptions: {},
      globalOutDir: path.join(repo, 'dist'),
      defaultSrc: repo.replace(/[\\/]$/, ''),
    })![0]!.createFilter();
    const stat = (moduleFullFilePath: string) => Object.assign(lstatSync(`${repo}package.json`), { moduleFullFilePath });
    expect(unpack('x', stat('node_modules/node-hid/prebuilds/HID_hidraw-linux-x64/node-napi-v4.node'))).toBe(true);
    expect(unpack('x', stat('node_modules/node-hid/prebuilds/HID-win32-x64/node-napi-v4.node'))).toBe(true);
    expect(unpack('x', stat('node_modules/node-hid/nodehid.js'))).toBe(false);
    expect(unpack('x', stat('out/main/index.cjs'))).toBe(false);
  });

  it('does not rebuild native modules (the N-API prebuilds fit every Electron)', () => {
    expect(config.npmRebuild).toBe(false);
    const nodeHid = JSON.parse(readFileSync(`${repo}node_modules/node-hid/package.json`, 'utf8')) as { binary: { napi_versions: number[] } };
    expect(nodeHid.binary.napi_versions).toEqual([4]);
  });

  it('makes the deb depend on libusb and libudev (the hidraw prebuild links both) on top of electron-builder’s defaults', () => {
    const defaults = FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
    expect(defaults.length).toBeGreaterThan(5);
    expect(config.deb.depends).toEqual([...defaults, 'libusb-1.0-0', 'libudev1']);
  });

  it('installs the udev rule from the deb', () => {
    expect(config.deb.fpm).toEqual(['build/udev/70-offhook-headsets.rules=/usr/lib/udev/rules.d/70-offhook-headsets.rules']);
    const [source] = config.deb.fpm[0]!.split('=');
    expect(readFileSync(`${repo}${source}`, 'utf8')).toContain('TAG+="uaccess"');
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
