/**
 * Composition root: the only file that imports the real Electron objects. The wiring of each part
 * (./wire-*.ts) gets them as parameters, and every service it wires is tested with fakes.
 */
import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import Store from 'electron-store';
import { isHiddenLaunch } from '../autostart/autostart';
import { createEventSender } from '../ipc/events';
import { linksFromArgv } from '../links/link-router';
import { claimProtocolsOnce } from '../links/protocol-client';
import type { MainWindowController } from '../windows/main-window';
import { resolveAppLocation } from './app-origin';
import { INITIAL_SHELL_STATE } from './shell-service';
import { wireDirectory } from './wire-directory';
import { wireHeadset } from './wire-headset';
import { wireIpc } from './wire-ipc';
import { wireLinks } from './wire-links';
import { wireLogging } from './wire-logging';
import { releaseOnQuit, wireQuitting } from './wire-quit';
import { wireRecordings } from './wire-recordings';
import { secureBeforeReady, secureSession } from './wire-security';
import { createSettingsApplier, wireSettings } from './wire-settings';
import { wireShell } from './wire-shell';
import { startUpdates } from './wire-updates';
import { wireWindows } from './wire-windows';

const { log, logFile } = wireLogging(() => app.getPath('logs'));

const location = resolveAppLocation({ devUrl: process.env.OFFHOOK_DEV_URL, isPackaged: app.isPackaged });
if (process.env.OFFHOOK_DEV_URL && location.kind !== 'dev') {
  log.warn('OFFHOOK_DEV_URL ignored: only a loopback http(s) URL in an unpackaged build is used');
}

secureBeforeReady({ app, protocol, shell, location, log });

const isQuitting = wireQuitting(app, process.platform);

// Links (K4): they can arrive before the app is ready (first launch's argv, macOS open-url), so
// the router and the window controller's slot exist from the start; start() fills the slot.
let windows: MainWindowController<BrowserWindow> | null = null;
const sendEvent = createEventSender(() => windows?.window()?.webContents ?? null);
const { links, receiveLinks } = wireLinks({ app, log, sendEvent, showWindow: () => windows?.show() });

// macOS: a click on the dock icon.
app.on('activate', () => {
  windows?.show();
});

function start(): void {
  const appPath = app.getAppPath();
  const platform = process.platform;
  const store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: true });
  const { settings, secrets, onSettingsChanged } = wireSettings({ store, safeStorage, platform, log });
  // Windows shows toasts only for an app with an AppUserModelId (the installer's shortcut has the same one).
  if (platform === 'win32') app.setAppUserModelId('io.offhook.desktop');
  secureSession({ session, protocol, location, rendererDir: path.join(appPath, 'out', 'renderer') });
  const initialSettings = settings.get();
  nativeTheme.themeSource = initialSettings.theme;

  const mainWindows = wireWindows({
    electron: { BrowserWindow, nativeTheme, screen },
    appPath,
    platform,
    location,
    links,
    sendEvent,
    settings,
    log,
    isQuitting,
    // `desktop` is wired below; these run only once the window exists.
    onMainWindowCreated: () => desktop.badge.reapply(),
    onMainWindowClosed: () => desktop.attention.stop(),
  });
  const { controller, popup, showWindow } = mainWindows;
  windows = controller;
  const desktop = wireShell({
    electron: { app, clipboard, globalShortcut, Menu, nativeImage, Notification, powerMonitor, powerSaveBlocker, shell, Tray },
    platform,
    iconDir: path.join(appPath, 'out', 'icons'),
    windows: mainWindows,
    sendEvent,
    settings,
    log,
  });
  const headset = wireHeadset({ platform, sendEvent, log });
  const applyDesktopSettings = createSettingsApplier({ ...desktop, popup, headset, nativeTheme, log });
  onSettingsChanged(applyDesktopSettings);
  const recordings = wireRecordings({ electron: { app, dialog }, settings, mainWindow: () => controller.window(), log });
  const directory = wireDirectory({ settings, secrets, log });
  wireIpc({ electron: { app, ipcMain, shell }, appOrigin: location.origin, log, logFile, windows: mainWindows, desktop, settings, secrets, links, headset, recordings, directory });
  releaseOnQuit({ ...desktop, app, headset, popup });

  const hidden = isHiddenLaunch({
    argv: process.argv,
    platform,
    startHidden: initialSettings.desktop.startHidden,
    loginItem: platform === 'darwin' ? app.getLoginItemSettings() : undefined,
  });
  // A login launch stays in the tray, unless a link came with it. The window is created either
  // way: it runs the SIP stack that receives calls.
  controller.open({ show: !hidden || links.pending() > 0 });
  desktop.shellService.setState(INITIAL_SHELL_STATE);
  applyDesktopSettings(initialSettings, null);
  void headset.start(initialSettings.headset);

  const claimed = claimProtocolsOnce({ store, isPackaged: app.isPackaged, app });
  if (claimed.kind === 'claimed') log.info('link handler', claimed.schemes);

  startUpdates({ isPackaged: app.isPackaged, log });
}

// A second copy would fight over the settings file and register the same SIP account twice.
if (app.requestSingleInstanceLock()) {
  // Windows and Linux: a link that started this first copy is in its own command line.
  receiveLinks(linksFromArgv(process.argv.slice(1)));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('start-up failed', error);
      app.exit(1);
    });
} else {
  app.quit();
}
