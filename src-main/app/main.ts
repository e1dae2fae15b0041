/**
 * Composition root: the only file that touches the real Electron objects. Everything it wires
 * takes them as parameters and is tested with fakes.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
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
  type MenuItemConstructorOptions,
} from 'electron';
import Store from 'electron-store';
import type { Settings, View } from '../../src-preload/contract';
import { createAttentionService } from '../attention/attention-service';
import { createAutostartService, HIDDEN_ARG, isHiddenLaunch } from '../autostart/autostart';
import { nodeAutostartFs } from '../autostart/node-fs';
import { createHeadsetService } from '../headset/headset-service';
import type { NodeHidPort } from '../headset/hid-driver';
import { readHidrawDescriptor } from '../headset/linux-descriptor';
import { createHotkeyService, readSelectionText } from '../hotkeys/hotkey-service';
import { createEventSender } from '../ipc/events';
import { registerIpcHandlers } from '../ipc/handlers';
import { registerPopupIpcHandlers } from '../ipc/popup-handlers';
import { createSenderCheck } from '../ipc/sender-check';
import { createLinkRouter, linksFromArgv } from '../links/link-router';
import { parseIncomingLink } from '../links/parse-incoming-link';
import { claimProtocolsOnce } from '../links/protocol-client';
import { createNotificationService } from '../notify/notification-service';
import { createPopupUrlService } from '../popup-url/popup-url-service';
import { createPowerService } from '../power/power-service';
import { observeSettings } from '../settings/observe';
import { createSecretService } from '../settings/secret-service';
import { createSettingsService } from '../settings/settings-service';
import { createBadgeService } from '../tray/badge';
import { createTrayService, type TrayMenuEntry } from '../tray/tray-service';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../windows/app-protocol';
import { createMainWindow, createMainWindowController, type MainWindowController } from '../windows/main-window';
import { createPopupManager } from '../windows/popup-window';
import {
  buildContentSecurityPolicy,
  externalUrlDecision,
  guardWebContents,
  installCspHeaders,
  installHidPermissionHandlers,
  installPermissionHandlers,
} from '../windows/security';
import { APP_SCHEME, popupPageUrl, resolveAppLocation } from './app-origin';
import { createFileLogSink, type FileLogSink } from './log-file';
import { combineSinks, consoleSink, createLogger } from './logger';
import { INITIAL_SHELL_STATE, createShellService } from './shell-service';
import { createUpdateService, decideUpdates } from './updater';

/** How long quitting waits for the headset to turn its lights off and close. */
const HEADSET_CLOSE_MS = 1500;

/** The rotating log file; console only if the logs folder cannot be had. */
function openLogFile(): FileLogSink | null {
  try {
    return createFileLogSink({ directory: app.getPath('logs') });
  } catch {
    return null;
  }
}
const logFile = openLogFile();
const log = createLogger('main', logFile ? combineSinks(consoleSink, logFile.sink) : consoleSink);

const location = resolveAppLocation({ devUrl: process.env.OFFHOOK_DEV_URL, isPackaged: app.isPackaged });
if (process.env.OFFHOOK_DEV_URL && location.kind !== 'dev') {
  log.warn('OFFHOOK_DEV_URL ignored: only a loopback http(s) URL in an unpackaged build is used');
}

// Must happen before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, {
    appOrigin: location.origin,
    openExternal: (url) => shell.openExternal(url),
    onBlocked: (what, origin) => log.warn(`blocked ${what}`, { origin }),
  });
});

/** Set once the user (tray Quit, OS shutdown, Cmd+Q) asked to quit: closing then really closes. */
let quitting = false;
app.on('before-quit', () => {
  quitting = true;
});

app.on('window-all-closed', () => {
  // Closing the main window only hides it (the phone lives on in the tray), so this fires only
  // once windows were really closed while quitting. macOS apps stay alive without windows.
  if (process.platform !== 'darwin') app.quit();
});

// Links (K4): they can arrive before the app is ready (first launch's argv, macOS open-url), so
// the router and the window controller's slot exist from the start; start() fills the slot.
let windows: MainWindowController<BrowserWindow> | null = null;
const sendEvent = createEventSender(() => windows?.window()?.webContents ?? null);
const links = createLinkRouter({
  parse: (raw) => parseIncomingLink(raw),
  deliver: (link) => {
    sendEvent('link', link);
  },
  onDropped: () => log.warn('link queue full: the oldest waiting link was dropped'),
});

function receiveLinks(raws: readonly string[]): void {
  for (const raw of raws) {
    const link = links.receive(raw);
    // Never the link itself: a provisioning link can carry a password.
    log.info('link received', link.kind === 'refused' ? { kind: link.kind, reason: link.reason } : { kind: link.kind });
  }
  // The user clicked a link: show the phone (after start-up, start() does this for early links).
  if (raws.length > 0) windows?.show();
}

// macOS delivers links as events, possibly before `ready`.
app.on('open-url', (event, url) => {
  event.preventDefault();
  receiveLinks([url]);
});

// Windows and Linux: the OS starts a second copy with the link; the lock hands us its argv.
app.on('second-instance', (_event, argv) => {
  const raws = linksFromArgv(argv);
  if (raws.length > 0) return receiveLinks(raws);
  // Started again by hand: show the phone. A second login launch (--hidden) changes nothing.
  if (!argv.includes(HIDDEN_ARG)) windows?.show();
});

// macOS: a click on the dock icon.
app.on('activate', () => {
  windows?.show();
});

function start(): void {
  const appPath = app.getAppPath();
  const platform = process.platform;
  const iconDir = path.join(appPath, 'out', 'icons');
  const store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: true });
  const storedSettings = createSettingsService({ store, onEvent: (event) => log.info('settings', event) });
  const secrets = createSecretService({
    store,
    safeStorage,
    platform,
    onFailure: (failure) => log.warn('secret operation failed', failure),
  });
  // Windows shows toasts only for an app with an AppUserModelId (the installer's shortcut has the same one).
  if (platform === 'win32') app.setAppUserModelId('io.offhook.desktop');

  const csp = buildContentSecurityPolicy({ allowInlineStyleElements: location.kind === 'dev' });
  installPermissionHandlers(session.defaultSession, location.origin);
  installHidPermissionHandlers(session.defaultSession, location.origin);
  installCspHeaders(session.defaultSession.webRequest, { appOrigin: location.origin, csp });
  if (location.kind === 'bundled') {
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: path.join(appPath, 'out', 'renderer'), readFile, csp }));
  }

  // Settings changes are applied to the shell below, once everything exists.
  let onSettingsChanged: (next: Settings, previous: Settings) => void = () => undefined;
  const settings = observeSettings(
    storedSettings,
    (next, previous) => onSettingsChanged(next, previous),
    (error) => log.error('applying settings failed', error),
  );
  const initialSettings = settings.get();
  nativeTheme.themeSource = initialSettings.theme;

  const controller = createMainWindowController<BrowserWindow>({
    create: (show) =>
      createMainWindow({
        createWindow: (options) => new BrowserWindow(options),
        preloadPath: path.join(appPath, 'out', 'preload', 'index.cjs'),
        startUrl: location.startUrl,
        dark: nativeTheme.shouldUseDarkColors,
        showWhenReady: show,
        onLoadFailed: (error) => log.error('renderer failed to load', error),
      }),
    isQuitting: () => quitting,
    onCreated: (win) => {
      links.notReady();
      // A reload or a crash starts the page over: links wait again until it calls rendererReady.
      win.webContents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) links.notReady();
      });
      win.webContents.on('render-process-gone', (_event, details) => {
        links.notReady();
        log.error('renderer process gone', { reason: details.reason });
      });
      badge.reapply();
    },
    onClosed: () => {
      attention.stop();
      links.notReady();
    },
  });
  windows = controller;

  const showWindow = (view?: View): void => {
    controller.show();
    if (view) sendEvent('navigate', { view });
  };

  const attention = createAttentionService({
    getWindow: () => controller.window(),
    dock: platform === 'darwin' ? (app.dock ?? null) : null,
    raiseHiddenWindow: () => !settings.get().desktop.incomingPopup,
  });

  const tray = createTrayService({
    createTray: (iconPath) => new Tray(iconPath),
    buildMenu: (template: TrayMenuEntry[]) => Menu.buildFromTemplate(template as MenuItemConstructorOptions[]),
    iconDir,
    joinPath: path.join,
    platform,
    onCommand: (command) => {
      switch (command) {
        case 'show':
          return showWindow();
        case 'missed-calls':
          return showWindow('history');
        case 'sign-out':
          sendEvent('tray-action', { action: 'sign-out' });
          return undefined;
        case 'quit':
          return app.quit();
      }
    },
  });

  const overlayIcon = path.join(iconDir, 'overlay-missed.png');
  const badge = createBadgeService({
    platform,
    port: {
      setBadgeCount: (count) => {
        app.setBadgeCount(count);
      },
      setOverlay: (show, description) => {
        controller.window()?.setOverlayIcon(show ? nativeImage.createFromPath(overlayIcon) : null, description);
      },
    },
  });

  const power = createPowerService({
    powerMonitor,
    powerSaveBlocker,
    onWake: (event) => {
      log.info('woke up', event);
      sendEvent('power', event);
    },
  });

  const shellService = createShellService({ tray, badge, power, getLanguage: () => settings.get().language });

  const popup = createPopupManager({
    createWindow: (options) => new BrowserWindow(options),
    preloadPath: path.join(appPath, 'out', 'preload', 'popup.cjs'),
    url: popupPageUrl(location),
    platform,
    // The screen the user is working on: where the pointer is.
    getWorkArea: () => screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).workArea,
    getLanguage: () => settings.get().language,
    isDark: () => nativeTheme.shouldUseDarkColors,
    onAction: (callId, action) => {
      sendEvent('popup-action', { callId, action });
      // Answering brings the phone (its call panel) forward; declining leaves the user where they were.
      if (action !== 'decline') controller.show();
    },
    onLoadFailed: (error) => log.error('popup failed to load', error),
  });

  const notifications = createNotificationService({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification({ ...options, icon: nativeImage.createFromPath(path.join(iconDir, 'icon.png')) }),
    showWindow,
  });

  const hotkeys = createHotkeyService({
    globalShortcut,
    onTrigger: (action) => {
      sendEvent('hotkey', action === 'callSelection' ? { action, text: readSelectionText(platform, clipboard) } : { action });
    },
  });

  const autostart = createAutostartService({
    platform,
    isPackaged: app.isPackaged,
    execPath: process.execPath,
    env: process.env,
    homeDir: os.homedir(),
    loginItems: app,
    fs: nodeAutostartFs,
  });

  const popupUrl = createPopupUrlService({
    getSettings: () => settings.get().desktop.popupUrl,
    openExternal: (url) => shell.openExternal(url),
  });

  // Headsets (J8): node-hid is loaded here, lazily, so a missing libusb only turns the feature off.
  const headset = createHeadsetService({
    platform,
    loadHid: async () => {
      // A plain require (the bundle keeps it external): the packaged module sits in app.asar with its
      // prebuilds unpacked beside it, where Electron's CommonJS loader finds them.
      const hid: NodeHidPort = require('node-hid') as typeof import('node-hid');
      return hid;
    },
    readDescriptor: (devicePath) => readHidrawDescriptor(devicePath),
    sendEvent,
    logger: log.child('headset'),
    timers: {
      // Polling must never keep the process alive on its own.
      setInterval: (callback, ms) => setInterval(callback, ms).unref(),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    },
  });

  function applyDesktopSettings(next: Settings, previous: Settings | null): void {
    const { desktop } = next;
    if (!previous || desktop.launchAtLogin !== previous.desktop.launchAtLogin || desktop.startHidden !== previous.desktop.startHidden) {
      autostart
        .apply(desktop)
        .then((outcome) => log.info('launch at login', outcome))
        .catch((error: unknown) => log.error('launch at login failed', error));
    }
    const statuses = hotkeys.apply(desktop.hotkeys);
    if (!previous || JSON.stringify(desktop.hotkeys) !== JSON.stringify(previous.desktop.hotkeys)) {
      log.info('hotkeys', statuses.map(({ action, state }) => ({ action, state })));
    }
    if (previous && next.language !== previous.language) {
      shellService.refresh();
      popup.refresh();
    }
    if (!previous || next.theme !== previous.theme) nativeTheme.themeSource = next.theme;
    if (previous && JSON.stringify(next.headset) !== JSON.stringify(previous.headset)) headset.applySettings(next.headset);
  }
  onSettingsChanged = applyDesktopSettings;

  const isAllowedSender = createSenderCheck(location.origin);
  const onServiceError = (channel: string, error: unknown) => log.error(`${channel} failed`, error);
  registerIpcHandlers({
    ipcMain,
    isAllowedSender,
    // Only the main window's page speaks the bridge; the popup (same origin) has its own channel.
    isAllowedContents: (sender) => {
      const win = controller.window();
      return win !== null && sender === win.webContents;
    },
    onServiceError,
    services: {
      settings,
      secrets,
      attention,
      appInfo: () => ({
        name: app.getName(),
        version: app.getVersion(),
        platform: 'desktop',
        os: process.platform,
        secretsEncrypted: secrets.canEncrypt(),
      }),
      shell: {
        setState: (state) => shellService.setState(state),
        showWindow: ({ view }) => showWindow(view),
        openLogFolder: async () => {
          if (!logFile) return;
          const problem = await shell.openPath(logFile.directory);
          if (problem) log.warn('could not open the log folder', { problem });
        },
        openExternal: async (url) => {
          const decision = externalUrlDecision(url);
          if (decision.ok) await shell.openExternal(decision.url);
          return decision;
        },
      },
      popup: {
        show: (call) => popup.show(call),
        close: (callId) => popup.close(callId),
      },
      notify: (request) => {
        if (!notifications.notify(request)) log.warn('notifications are not supported here', { kind: request.kind });
      },
      hotkeys: { status: () => hotkeys.status() },
      popupUrl,
      rendererReady: () => links.ready(),
      headset: {
        setCallState: (state) => headset.setCallState(state),
        devices: () => headset.devices(),
        connect: () => headset.connect(),
        describe: (description) => headset.describe(description),
      },
    },
  });
  registerPopupIpcHandlers({
    ipcMain,
    isAllowedSender,
    isAllowedContents: (sender) => {
      const win = popup.window();
      return win !== null && sender === win.webContents;
    },
    onServiceError,
    act: (callId, action) => popup.act(callId, action),
  });

  // The headset is closed before the process ends (node-hid has crashed on exit with devices
  // open) and its lights are turned off: quitting waits for that, at most HEADSET_CLOSE_MS.
  let headsetClosed = false;
  app.on('will-quit', (event) => {
    if (!headsetClosed) {
      headsetClosed = true;
      event.preventDefault();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, HEADSET_CLOSE_MS).unref());
      void Promise.race([headset.dispose(), timeout]).finally(() => app.quit());
      return;
    }
    hotkeys.dispose();
    power.dispose();
    popup.closeAll();
    tray.destroy();
  });

  const hidden = isHiddenLaunch({
    argv: process.argv,
    platform,
    startHidden: initialSettings.desktop.startHidden,
    loginItem: platform === 'darwin' ? app.getLoginItemSettings() : undefined,
  });
  // A login launch stays in the tray, unless a link came with it. The window is created either
  // way: it runs the SIP stack that receives calls.
  controller.open({ show: !hidden || links.pending() > 0 });
  shellService.setState(INITIAL_SHELL_STATE);
  applyDesktopSettings(initialSettings, null);
  void headset.start(initialSettings.headset);

  const claimed = claimProtocolsOnce({ store, isPackaged: app.isPackaged, app });
  if (claimed.kind === 'claimed') log.info('link handler', claimed.schemes);

  const resources = typeof process.resourcesPath === 'string' ? process.resourcesPath : null;
  const updates = createUpdateService({
    decision: decideUpdates({
      isPackaged: app.isPackaged,
      hasUpdateConfig: resources !== null && existsSync(path.join(resources, 'app-update.yml')),
      env: process.env,
    }),
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    logger: log.child('update'),
    setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  });
  updates.start().catch((error: unknown) => log.error('auto-update failed to start', error));
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
