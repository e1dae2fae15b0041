/**
 * Main's presence on the desktop outside its windows: drawing attention to a ringing call, tray
 * and badge, keeping the display awake in a call, notifications, global hotkeys, launch at
 * login, and the CRM page opened for a call.
 */
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { createAttentionService, type AttentionService } from '../attention/attention-service';
import { createAutostartService, type AutostartService } from '../autostart/autostart';
import { nodeAutostartFs } from '../autostart/node-fs';
import { createHotkeyService, readSelectionText, type HotkeyService } from '../hotkeys/hotkey-service';
import type { SendEvent } from '../ipc/events';
import { createNotificationService, type NotificationService } from '../notify/notification-service';
import { createPopupUrlService, type PopupUrlService } from '../popup-url/popup-url-service';
import { createPowerService, type PowerService } from '../power/power-service';
import type { SettingsService } from '../settings/settings-service';
import { createBadgeService, type BadgeService } from '../tray/badge';
import { createTrayService, type TrayMenuEntry, type TrayService } from '../tray/tray-service';
import type { MyStatus } from '../../src-preload/contract';
import type { Logger } from './logger';
import { createShellService, type ShellService } from './shell-service';
import type { WindowsWiring } from './wire-windows';

type ShellElectron = Pick<
  typeof import('electron'),
  'app' | 'clipboard' | 'globalShortcut' | 'Menu' | 'nativeImage' | 'Notification' | 'powerMonitor' | 'powerSaveBlocker' | 'shell' | 'Tray'
>;

export interface ShellInput {
  electron: ShellElectron;
  platform: NodeJS.Platform;
  /** out/icons: tray, overlay and notification icons. */
  iconDir: string;
  windows: Pick<WindowsWiring, 'controller' | 'showWindow'>;
  sendEvent: SendEvent;
  settings: Pick<SettingsService, 'get'>;
  log: Logger;
}

export interface ShellWiring {
  attention: AttentionService;
  tray: TrayService;
  badge: BadgeService;
  power: PowerService;
  shellService: ShellService;
  notifications: NotificationService;
  hotkeys: HotkeyService;
  autostart: AutostartService;
  popupUrl: PopupUrlService;
}

export function wireShell(input: ShellInput): ShellWiring {
  const { electron, platform, iconDir, sendEvent, settings, log } = input;
  const { app, nativeImage } = electron;
  const { controller, showWindow } = input.windows;

  const attention = createAttentionService({
    getWindow: () => controller.window(),
    dock: platform === 'darwin' ? (app.dock ?? null) : null,
    raiseHiddenWindow: () => !settings.get().desktop.incomingPopup,
  });

  const tray = createTrayService({
    createTray: (iconPath) => new electron.Tray(iconPath),
    buildMenu: (template: TrayMenuEntry[]) => electron.Menu.buildFromTemplate(template as MenuItemConstructorOptions[]),
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
        default:
          // `status:<status>`: my status picked in the tray menu
          sendEvent('tray-action', { action: 'set-status', status: command.slice('status:'.length) as MyStatus });
          return undefined;
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
    powerMonitor: electron.powerMonitor,
    powerSaveBlocker: electron.powerSaveBlocker,
    onWake: (event) => {
      log.info('woke up', event);
      sendEvent('power', event);
    },
  });

  const shellService = createShellService({ tray, badge, power, getLanguage: () => settings.get().language });

  const notifications = createNotificationService({
    isSupported: () => electron.Notification.isSupported(),
    create: (options) => new electron.Notification({ ...options, icon: nativeImage.createFromPath(path.join(iconDir, 'icon.png')) }),
    showWindow,
  });

  const hotkeys = createHotkeyService({
    globalShortcut: electron.globalShortcut,
    onTrigger: (action) => {
      sendEvent('hotkey', action === 'callSelection' ? { action, text: readSelectionText(platform, electron.clipboard) } : { action });
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
    openExternal: (url) => electron.shell.openExternal(url),
  });

  return { attention, tray, badge, power, shellService, notifications, hotkeys, autostart, popupUrl };
}
