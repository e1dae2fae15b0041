/**
 * The main window (the phone: it runs the SIP stack, so it exists even while hidden in the tray)
 * and the incoming-call popup.
 */
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import type { View } from '../../src-preload/contract';
import type { SendEvent } from '../ipc/events';
import type { LinkRouter } from '../links/link-router';
import type { SettingsService } from '../settings/settings-service';
import { createMainWindow, createMainWindowController, type MainWindowController } from '../windows/main-window';
import { createPopupManager, type PopupManager } from '../windows/popup-window';
import { popupPageUrl, type AppLocation } from './app-origin';
import type { Logger } from './logger';

export interface WindowsInput {
  electron: Pick<typeof import('electron'), 'BrowserWindow' | 'nativeTheme' | 'screen'>;
  appPath: string;
  platform: NodeJS.Platform;
  location: AppLocation;
  links: LinkRouter;
  sendEvent: SendEvent;
  settings: Pick<SettingsService, 'get'>;
  log: Logger;
  isQuitting(): boolean;
  /** After every (re-)creation of the main window. */
  onMainWindowCreated(): void;
  onMainWindowClosed(): void;
}

export interface WindowsWiring {
  controller: MainWindowController<BrowserWindow>;
  popup: PopupManager<BrowserWindow>;
  /** Brings the main window forward, on `view` if given. */
  showWindow(view?: View): void;
}

export function wireWindows(input: WindowsInput): WindowsWiring {
  const { electron, appPath, platform, location, links, sendEvent, settings, log } = input;
  const { nativeTheme, screen } = electron;

  const controller = createMainWindowController<BrowserWindow>({
    create: (show) =>
      createMainWindow({
        createWindow: (options) => new electron.BrowserWindow(options),
        preloadPath: path.join(appPath, 'out', 'preload', 'index.cjs'),
        startUrl: location.startUrl,
        dark: nativeTheme.shouldUseDarkColors,
        showWhenReady: show,
        onLoadFailed: (error) => log.error('renderer failed to load', error),
      }),
    isQuitting: input.isQuitting,
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
      input.onMainWindowCreated();
    },
    onClosed: () => {
      input.onMainWindowClosed();
      links.notReady();
    },
  });

  const showWindow = (view?: View): void => {
    controller.show();
    if (view) sendEvent('navigate', { view });
  };

  const popup = createPopupManager({
    createWindow: (options) => new electron.BrowserWindow(options),
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

  return { controller, popup, showWindow };
}
