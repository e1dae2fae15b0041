/**
 * Composition root: the only file that touches the real Electron objects. Everything it wires
 * takes them as parameters and is tested with fakes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, nativeTheme, protocol, safeStorage, session, shell } from 'electron';
import Store from 'electron-store';
import { createAttentionService } from '../attention/attention-service';
import { registerIpcHandlers } from '../ipc/handlers';
import { createSenderCheck } from '../ipc/sender-check';
import { createSecretService } from '../settings/secret-service';
import { createSettingsService } from '../settings/settings-service';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../windows/app-protocol';
import { createMainWindow } from '../windows/main-window';
import { buildContentSecurityPolicy, guardWebContents, installCspHeaders, installPermissionHandlers } from '../windows/security';
import { APP_SCHEME, resolveAppLocation } from './app-origin';
import { createLogger } from './logger';

const log = createLogger('main');
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

app.on('window-all-closed', () => {
  // macOS apps stay alive without windows; a tray will keep the softphone running elsewhere later.
  if (process.platform !== 'darwin') app.quit();
});

function start(): void {
  const appPath = app.getAppPath();
  const store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: true });
  const settings = createSettingsService({ store, onEvent: (event) => log.info('settings', event) });
  const secrets = createSecretService({
    store,
    safeStorage,
    platform: process.platform,
    onFailure: (failure) => log.warn('secret operation failed', failure),
  });

  const csp = buildContentSecurityPolicy({ allowInlineStyleElements: location.kind === 'dev' });
  installPermissionHandlers(session.defaultSession, location.origin);
  installCspHeaders(session.defaultSession.webRequest, { appOrigin: location.origin, csp });
  if (location.kind === 'bundled') {
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: path.join(appPath, 'out', 'renderer'), readFile, csp }));
  }

  let mainWindow: BrowserWindow | null = null;
  const attention = createAttentionService({
    getWindow: () => mainWindow,
    dock: process.platform === 'darwin' ? (app.dock ?? null) : null,
  });

  registerIpcHandlers({
    ipcMain,
    isAllowedSender: createSenderCheck(location.origin),
    onServiceError: (channel, error) => log.error(`${channel} failed`, error),
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
    },
  });

  const openMainWindow = (): void => {
    const win = createMainWindow({
      createWindow: (options) => new BrowserWindow(options),
      preloadPath: path.join(appPath, 'out', 'preload', 'index.cjs'),
      startUrl: location.startUrl,
      dark: nativeTheme.shouldUseDarkColors,
      onLoadFailed: (error) => log.error('renderer failed to load', error),
    });
    win.on('closed', () => {
      attention.stop();
      mainWindow = null;
    });
    mainWindow = win;
  };

  app.on('second-instance', () => {
    if (!mainWindow) return openMainWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  openMainWindow();
}

// A second copy would fight over the settings file and register the same SIP account twice.
if (app.requestSingleInstanceLock()) {
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
