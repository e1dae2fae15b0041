/**
 * Launch at login (A4). Windows and macOS use the login-item API; Linux an XDG autostart entry
 * (~/.config/autostart/offhook.desktop) that we write and remove ourselves. "Start hidden" passes
 * `--hidden` (Windows, Linux) or asks macOS to open the app hidden; on macOS 13+, which ignores
 * that, a login launch is recognised at start-up instead (see isHiddenLaunch).
 *
 * Everything that decides is pure; the service only hands the decisions to its ports.
 */
import type { DesktopSettings } from '../../src-preload/contract';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE_NAME = 'offhook.desktop';

export type AutostartChoice = Pick<DesktopSettings, 'launchAtLogin' | 'startHidden'>;

// ---------------------------------------------------------------------------------------------
// Windows and macOS

/** Electron's app.setLoginItemSettings argument (the fields we use). */
export interface LoginItemRequest {
  openAtLogin: boolean;
  /** macOS ≤ 12 (ignored from 13 on). */
  openAsHidden?: boolean;
  /** Windows: the executable and its arguments, written to the Run registry key. */
  path?: string;
  args?: string[];
}

export function loginItemSettingsFor(choice: AutostartChoice, platform: NodeJS.Platform, execPath: string): LoginItemRequest {
  if (platform === 'win32') {
    return { openAtLogin: choice.launchAtLogin, path: execPath, args: choice.launchAtLogin && choice.startHidden ? [HIDDEN_ARG] : [] };
  }
  return { openAtLogin: choice.launchAtLogin, openAsHidden: choice.launchAtLogin && choice.startHidden };
}

// ---------------------------------------------------------------------------------------------
// Linux: XDG autostart

/**
 * The command to start this installation: the .AppImage file for an AppImage (process.execPath
 * points into its temporary mount, gone after exit), the installed binary for a deb.
 *
 * APPIMAGE is trusted only together with APPDIR containing our executable: an AppImage's
 * environment is inherited by everything started from it, so a deb-installed Offhook launched
 * from a terminal that an AppImage app opened would otherwise point autostart at that app.
 */
export function launchCommandFor(input: { execPath: string; env: Readonly<Record<string, string | undefined>> }): string {
  const { APPIMAGE: appImage, APPDIR: appDir } = input.env;
  if (appImage && appDir && appImage.startsWith('/') && input.execPath.startsWith(`${appDir.replace(/\/+$/, '')}/`)) {
    return appImage;
  }
  return input.execPath;
}

/** Characters that make an Exec argument need quoting (Desktop Entry Specification, "Exec key"). */
const EXEC_RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** One argument of an Exec line, quoted where the specification asks for it. */
export function quoteExecArg(arg: string): string {
  if (arg !== '' && !EXEC_RESERVED.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * The Exec value: quoted arguments, '%' doubled (field codes), then the string-value escape rule
 * applied on top (a literal backslash becomes "\\\\" in the file, as the specification notes).
 */
export function execLine(args: readonly string[]): string {
  return args
    .map(quoteExecArg)
    .join(' ')
    .replace(/%/g, '%%')
    .replace(/\\/g, '\\\\');
}

export interface DesktopEntryInput {
  command: string;
  hidden: boolean;
}

/** The contents of offhook.desktop, or null when the command cannot be written safely. */
export function autostartDesktopEntry({ command, hidden }: DesktopEntryInput): string | null {
  // A line break or other control character would end the Exec line and start another key.
  // eslint-disable-next-line no-control-regex
  if (!command.startsWith('/') || /[\u0000-\u001f\u007f]/.test(command)) return null;
  const exec = execLine(hidden ? [command, HIDDEN_ARG] : [command]);
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Offhook',
    'Comment=Softphone for SIP PBXs',
    `Exec=${exec}`,
    'Icon=offhook',
    'Terminal=false',
    'Categories=Network;Telephony;',
    'X-GNOME-Autostart-enabled=true',
    // Marks the file as ours, so removing it never deletes an entry the user wrote by hand.
    'X-Offhook-Autostart=true',
    '',
  ].join('\n');
}

/** $XDG_CONFIG_HOME/autostart, falling back to ~/.config/autostart (a relative XDG value is ignored, per spec). */
export function autostartDirectory(input: { env: Readonly<Record<string, string | undefined>>; homeDir: string }): string {
  const configHome = input.env.XDG_CONFIG_HOME;
  const base = configHome && configHome.startsWith('/') ? configHome.replace(/\/+$/, '') : `${input.homeDir.replace(/\/+$/, '')}/.config`;
  return `${base}/autostart`;
}

/** "Was this launch a login launch that should stay in the tray?" */
export function isHiddenLaunch(input: {
  argv: readonly string[];
  platform: NodeJS.Platform;
  startHidden: boolean;
  /** macOS: app.getLoginItemSettings(); undefined elsewhere. */
  loginItem?: { wasOpenedAtLogin?: boolean; wasOpenedAsHidden?: boolean };
}): boolean {
  if (input.argv.includes(HIDDEN_ARG)) return true;
  if (input.platform === 'darwin' && input.loginItem) {
    return Boolean(input.loginItem.wasOpenedAsHidden) || (Boolean(input.loginItem.wasOpenedAtLogin) && input.startHidden);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The service

/** The part of Electron's app used on Windows and macOS. */
export interface LoginItemPort {
  setLoginItemSettings(settings: LoginItemRequest): void;
}

/** The file operations used on Linux (node:fs/promises fits, with mkdir recursive). */
export interface AutostartFsPort {
  readFile(path: string): Promise<string | null>;
  writeFile(path: string, contents: string): Promise<void>;
  removeFile(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export type AutostartOutcome =
  | { kind: 'login-item'; request: LoginItemRequest }
  | { kind: 'written'; path: string }
  | { kind: 'removed'; path: string }
  | { kind: 'unchanged'; path: string }
  | { kind: 'left-alone'; path: string; reason: 'not-ours' }
  | { kind: 'skipped'; reason: 'not-packaged' | 'unsafe-path' | 'unsupported-platform' };

export interface AutostartServiceOptions {
  platform: NodeJS.Platform;
  /** Launch at login only makes sense for an installed app: in development it would start bare Electron. */
  isPackaged: boolean;
  execPath: string;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  loginItems: LoginItemPort;
  fs: AutostartFsPort;
}

export interface AutostartService {
  apply(choice: AutostartChoice): Promise<AutostartOutcome>;
}

export function createAutostartService(options: AutostartServiceOptions): AutostartService {
  const { platform, fs } = options;
  // Settings can change quickly (two toggles); apply them one after another, never interleaved.
  let queue: Promise<unknown> = Promise.resolve();

  async function applyLinux(choice: AutostartChoice): Promise<AutostartOutcome> {
    const dir = autostartDirectory(options);
    const file = `${dir}/${AUTOSTART_FILE_NAME}`;
    const existing = await fs.readFile(file);
    if (!choice.launchAtLogin) {
      if (existing === null) return { kind: 'unchanged', path: file };
      if (!existing.includes('X-Offhook-Autostart=true')) return { kind: 'left-alone', path: file, reason: 'not-ours' };
      await fs.removeFile(file);
      return { kind: 'removed', path: file };
    }
    const contents = autostartDesktopEntry({ command: launchCommandFor(options), hidden: choice.startHidden });
    if (contents === null) return { kind: 'skipped', reason: 'unsafe-path' };
    if (existing === contents) return { kind: 'unchanged', path: file };
    await fs.mkdir(dir);
    await fs.writeFile(file, contents);
    return { kind: 'written', path: file };
  }

  async function apply(choice: AutostartChoice): Promise<AutostartOutcome> {
    if (!options.isPackaged) return { kind: 'skipped', reason: 'not-packaged' };
    if (platform === 'win32' || platform === 'darwin') {
      const request = loginItemSettingsFor(choice, platform, options.execPath);
      options.loginItems.setLoginItemSettings(request);
      return { kind: 'login-item', request };
    }
    if (platform === 'linux') return applyLinux(choice);
    return { kind: 'skipped', reason: 'unsupported-platform' };
  }

  return {
    apply(choice) {
      const next = queue.then(() => apply(choice));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
