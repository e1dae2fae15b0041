import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  autostartDesktopEntry,
  autostartDirectory,
  createAutostartService,
  execLine,
  isHiddenLaunch,
  launchCommandFor,
  loginItemSettingsFor,
  quoteExecArg,
  type AutostartFsPort,
} from '../../../../src-main/autostart/autostart';
import { nodeAutostartFs } from '../../../../src-main/autostart/node-fs';

const DEB_EXEC = '/opt/Offhook/offhook';
const APPIMAGE_ENV = { APPIMAGE: '/home/ann/Applications/Offhook-1.0.0-x86_64.AppImage', APPDIR: '/tmp/.mount_OffhooXYZ' };
const APPIMAGE_EXEC = '/tmp/.mount_OffhooXYZ/offhook';

describe('loginItemSettingsFor (Windows, macOS)', () => {
  it('starts the installed exe with --hidden on Windows', () => {
    expect(loginItemSettingsFor({ launchAtLogin: true, startHidden: true }, 'win32', 'C:\\Users\\ann\\AppData\\Local\\Programs\\Offhook\\Offhook.exe')).toEqual({
      openAtLogin: true,
      path: 'C:\\Users\\ann\\AppData\\Local\\Programs\\Offhook\\Offhook.exe',
      args: ['--hidden'],
    });
    expect(loginItemSettingsFor({ launchAtLogin: true, startHidden: false }, 'win32', 'X.exe')).toEqual({ openAtLogin: true, path: 'X.exe', args: [] });
    expect(loginItemSettingsFor({ launchAtLogin: false, startHidden: true }, 'win32', 'X.exe')).toEqual({ openAtLogin: false, path: 'X.exe', args: [] });
  });

  it('asks macOS to open hidden', () => {
    expect(loginItemSettingsFor({ launchAtLogin: true, startHidden: true }, 'darwin', '/Applications/Offhook.app/Contents/MacOS/Offhook')).toEqual({
      openAtLogin: true,
      openAsHidden: true,
    });
    expect(loginItemSettingsFor({ launchAtLogin: false, startHidden: true }, 'darwin', 'x')).toEqual({ openAtLogin: false, openAsHidden: false });
  });
});

describe('launchCommandFor (Linux)', () => {
  it('uses the installed binary for a deb', () => {
    expect(launchCommandFor({ execPath: DEB_EXEC, env: {} })).toBe(DEB_EXEC);
  });

  it('uses the .AppImage file, not its temporary mount, for an AppImage', () => {
    expect(launchCommandFor({ execPath: APPIMAGE_EXEC, env: APPIMAGE_ENV })).toBe(APPIMAGE_ENV.APPIMAGE);
  });

  it('ignores an AppImage environment inherited from another app', () => {
    expect(launchCommandFor({ execPath: DEB_EXEC, env: APPIMAGE_ENV })).toBe(DEB_EXEC);
    expect(launchCommandFor({ execPath: APPIMAGE_EXEC, env: { APPIMAGE: APPIMAGE_ENV.APPIMAGE } })).toBe(APPIMAGE_EXEC);
    expect(launchCommandFor({ execPath: APPIMAGE_EXEC, env: { ...APPIMAGE_ENV, APPIMAGE: 'relative.AppImage' } })).toBe(APPIMAGE_EXEC);
  });
});

describe('Exec quoting (Desktop Entry Specification)', () => {
  it('leaves plain arguments alone', () => {
    expect(quoteExecArg('/opt/Offhook/offhook')).toBe('/opt/Offhook/offhook');
    expect(execLine(['/opt/Offhook/offhook', '--hidden'])).toBe('/opt/Offhook/offhook --hidden');
  });

  it('quotes reserved characters and escapes the four that need it', () => {
    expect(quoteExecArg('/home/ann/My Apps/Offhook.AppImage')).toBe('"/home/ann/My Apps/Offhook.AppImage"');
    expect(quoteExecArg('/x/$HOME`id`"q"')).toBe('"/x/\\$HOME\\`id\\`\\"q\\""');
    expect(quoteExecArg("/x/it's")).toBe('"/x/it\'s"');
  });

  it('doubles % (field codes) and applies the string escape to backslashes', () => {
    expect(execLine(['/x/100%/a'])).toBe('/x/100%%/a');
    // A literal backslash in a quoted argument is four backslashes in the file.
    expect(execLine(['/x/a\\b'])).toBe('"/x/a\\\\\\\\b"');
  });
});

describe('autostartDesktopEntry', () => {
  it('writes a valid entry for a deb install', () => {
    const entry = autostartDesktopEntry({ command: DEB_EXEC, hidden: true })!;
    expect(entry.split('\n')).toEqual([
      '[Desktop Entry]',
      'Type=Application',
      'Version=1.0',
      'Name=Offhook',
      'Comment=Softphone for SIP PBXs',
      'Exec=/opt/Offhook/offhook --hidden',
      'Icon=offhook',
      'Terminal=false',
      'Categories=Network;Telephony;',
      'X-GNOME-Autostart-enabled=true',
      'X-Offhook-Autostart=true',
      '',
    ]);
  });

  it('starts the AppImage file, quoted when its path has spaces, without --hidden when not hidden', () => {
    const entry = autostartDesktopEntry({ command: '/home/ann/My Apps/Offhook.AppImage', hidden: false })!;
    expect(entry).toContain('\nExec="/home/ann/My Apps/Offhook.AppImage"\n');
  });

  it('refuses a command that could inject another key', () => {
    expect(autostartDesktopEntry({ command: '/x/offhook\nExec=/bin/evil', hidden: false })).toBeNull();
    expect(autostartDesktopEntry({ command: 'offhook', hidden: false })).toBeNull();
  });
});

describe('autostartDirectory', () => {
  it('follows XDG_CONFIG_HOME, else ~/.config', () => {
    expect(autostartDirectory({ env: {}, homeDir: '/home/ann' })).toBe('/home/ann/.config/autostart');
    expect(autostartDirectory({ env: { XDG_CONFIG_HOME: '/home/ann/.cfg/' }, homeDir: '/home/ann' })).toBe('/home/ann/.cfg/autostart');
    expect(autostartDirectory({ env: { XDG_CONFIG_HOME: 'relative' }, homeDir: '/home/ann' })).toBe('/home/ann/.config/autostart');
  });
});

describe('isHiddenLaunch', () => {
  it('is hidden with --hidden on any platform', () => {
    expect(isHiddenLaunch({ argv: ['/opt/Offhook/offhook', '--hidden'], platform: 'linux', startHidden: false })).toBe(true);
    expect(isHiddenLaunch({ argv: ['/opt/Offhook/offhook'], platform: 'linux', startHidden: true })).toBe(false);
  });

  it('on macOS, recognises a login launch when "start hidden" is on (macOS 13+ ignores openAsHidden)', () => {
    const argv = ['/Applications/Offhook.app/Contents/MacOS/Offhook'];
    expect(isHiddenLaunch({ argv, platform: 'darwin', startHidden: true, loginItem: { wasOpenedAtLogin: true } })).toBe(true);
    expect(isHiddenLaunch({ argv, platform: 'darwin', startHidden: false, loginItem: { wasOpenedAtLogin: true } })).toBe(false);
    expect(isHiddenLaunch({ argv, platform: 'darwin', startHidden: false, loginItem: { wasOpenedAsHidden: true } })).toBe(true);
    expect(isHiddenLaunch({ argv, platform: 'darwin', startHidden: true, loginItem: { wasOpenedAtLogin: false } })).toBe(false);
  });
});

describe('autostart service', () => {
  function memoryFs(initial: Record<string, string> = {}) {
    const files = new Map(Object.entries(initial));
    const fs = {
      files,
      readFile: vi.fn(async (p: string) => files.get(p) ?? null),
      writeFile: vi.fn(async (p: string, c: string) => {
        files.set(p, c);
      }),
      removeFile: vi.fn(async (p: string) => {
        files.delete(p);
      }),
      mkdir: vi.fn(async () => undefined),
    } satisfies AutostartFsPort & { files: Map<string, string> };
    return fs;
  }

  const FILE = '/home/ann/.config/autostart/offhook.desktop';

  function linux(fs: AutostartFsPort, overrides: Partial<Parameters<typeof createAutostartService>[0]> = {}) {
    return createAutostartService({
      platform: 'linux',
      isPackaged: true,
      execPath: DEB_EXEC,
      env: {},
      homeDir: '/home/ann',
      loginItems: { setLoginItemSettings: vi.fn() },
      fs,
      ...overrides,
    });
  }

  it('writes the entry when turned on, and removes it when turned off', async () => {
    const fs = memoryFs();
    const service = linux(fs);
    await expect(service.apply({ launchAtLogin: true, startHidden: true })).resolves.toEqual({ kind: 'written', path: FILE });
    expect(fs.mkdir).toHaveBeenCalledWith('/home/ann/.config/autostart');
    expect(fs.files.get(FILE)).toContain('Exec=/opt/Offhook/offhook --hidden');
    await expect(service.apply({ launchAtLogin: true, startHidden: true })).resolves.toEqual({ kind: 'unchanged', path: FILE });
    expect(fs.writeFile).toHaveBeenCalledOnce();
    await expect(service.apply({ launchAtLogin: false, startHidden: true })).resolves.toEqual({ kind: 'removed', path: FILE });
    expect(fs.files.has(FILE)).toBe(false);
    await expect(service.apply({ launchAtLogin: false, startHidden: true })).resolves.toEqual({ kind: 'unchanged', path: FILE });
  });

  it('rewrites the entry when the AppImage moved', async () => {
    const fs = memoryFs({ [FILE]: autostartDesktopEntry({ command: '/old/Offhook.AppImage', hidden: false })! });
    const service = linux(fs, { execPath: APPIMAGE_EXEC, env: APPIMAGE_ENV });
    await expect(service.apply({ launchAtLogin: true, startHidden: false })).resolves.toMatchObject({ kind: 'written' });
    expect(fs.files.get(FILE)).toContain(`Exec=${APPIMAGE_ENV.APPIMAGE}\n`);
  });

  it('never deletes an offhook.desktop the user wrote by hand', async () => {
    const fs = memoryFs({ [FILE]: '[Desktop Entry]\nExec=/usr/local/bin/my-offhook-wrapper\n' });
    await expect(linux(fs).apply({ launchAtLogin: false, startHidden: false })).resolves.toEqual({ kind: 'left-alone', path: FILE, reason: 'not-ours' });
    expect(fs.removeFile).not.toHaveBeenCalled();
  });

  it('uses the login-item API on Windows and macOS', async () => {
    const loginItems = { setLoginItemSettings: vi.fn() };
    const fs = memoryFs();
    const win = linux(fs, { platform: 'win32', execPath: 'C:\\Offhook\\Offhook.exe', loginItems });
    await win.apply({ launchAtLogin: true, startHidden: true });
    expect(loginItems.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, path: 'C:\\Offhook\\Offhook.exe', args: ['--hidden'] });
    expect(fs.writeFile).not.toHaveBeenCalled();
  });

  it('does nothing in development (it would start bare Electron at login)', async () => {
    const loginItems = { setLoginItemSettings: vi.fn() };
    const fs = memoryFs();
    await expect(linux(fs, { isPackaged: false, loginItems }).apply({ launchAtLogin: true, startHidden: false })).resolves.toEqual({
      kind: 'skipped',
      reason: 'not-packaged',
    });
    expect(fs.writeFile).not.toHaveBeenCalled();
    expect(loginItems.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('applies quick successive changes in order', async () => {
    const fs = memoryFs();
    const service = linux(fs);
    const results = await Promise.all([
      service.apply({ launchAtLogin: true, startHidden: false }),
      service.apply({ launchAtLogin: false, startHidden: false }),
      service.apply({ launchAtLogin: true, startHidden: true }),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['written', 'removed', 'written']);
    expect(fs.files.get(FILE)).toContain('--hidden');
  });
});

describe('node autostart fs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a missing file as null, writes, reads and removes', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'offhook-autostart-'));
    const file = path.join(dir, 'autostart', 'offhook.desktop');
    await expect(nodeAutostartFs.readFile(file)).resolves.toBeNull();
    await nodeAutostartFs.mkdir(path.dirname(file));
    await nodeAutostartFs.writeFile(file, 'x');
    expect(readFileSync(file, 'utf8')).toBe('x');
    expect(statSync(file).mode & 0o777).toBe(0o644 & ~process.umask());
    await expect(nodeAutostartFs.readFile(file)).resolves.toBe('x');
    await nodeAutostartFs.removeFile(file);
    expect(existsSync(file)).toBe(false);
    await expect(nodeAutostartFs.removeFile(file)).resolves.toBeUndefined();
  });
});
