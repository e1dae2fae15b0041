/**
 * The tray icon: created once, then updated from the shell state and the language. Only what
 * changed is handed to Electron (rebuilding a Linux tray menu on every state message flickers).
 */
import type { Language } from '../../src-preload/contract';
import { trayIconFile, trayMenuTemplate, trayTitle, trayTooltip, type TrayCommand, type TrayMenuItem, type TrayState } from './tray-menu';

/** The part of Electron's Tray used here. */
export interface TrayPort {
  setImage(iconPath: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: unknown): void;
  /** macOS only. */
  setTitle(title: string): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** A menu item ready for Menu.buildFromTemplate. */
export type TrayMenuEntry = (TrayMenuItem & { click?: () => void }) | { type: 'separator' };

export interface TrayServiceOptions {
  createTray(iconPath: string): TrayPort;
  buildMenu(template: TrayMenuEntry[]): unknown;
  /** Absolute path of the folder holding the tray-<state>.png files. */
  iconDir: string;
  joinPath(...parts: string[]): string;
  platform: NodeJS.Platform;
  onCommand(command: TrayCommand): void;
}

export interface TrayService {
  update(state: TrayState, language: Language): void;
  destroy(): void;
}

export function createTrayService(options: TrayServiceOptions): TrayService {
  const { platform, onCommand } = options;
  let tray: TrayPort | null = null;
  let shown = { icon: '', tooltip: '', title: '', menu: '' };

  function ensureTray(iconPath: string): TrayPort {
    if (tray) return tray;
    tray = options.createTray(iconPath);
    shown = { ...shown, icon: iconPath };
    // On macOS a click opens the menu; elsewhere a click on the icon means "show me the phone".
    // (Linux AppIndicator trays send no clicks at all: the menu's "Show Offhook" covers them.)
    if (platform !== 'darwin') tray.on('click', () => onCommand('show'));
    return tray;
  }

  return {
    update(state, language) {
      const icon = options.joinPath(options.iconDir, trayIconFile(state));
      const t = ensureTray(icon);
      if (shown.icon !== icon) t.setImage(icon);
      const tooltip = trayTooltip(state, language);
      if (shown.tooltip !== tooltip) t.setToolTip(tooltip);
      const title = trayTitle(state);
      if (platform === 'darwin' && shown.title !== title) t.setTitle(title);
      const template = trayMenuTemplate(state, language);
      const menuKey = JSON.stringify(template);
      if (shown.menu !== menuKey) {
        t.setContextMenu(
          options.buildMenu(
            template.map((item): TrayMenuEntry => {
              if (item.type === 'separator' || item.id === undefined) return item;
              const command = item.id;
              return { ...item, click: () => onCommand(command) };
            }),
          ),
        );
      }
      shown = { icon, tooltip, title, menu: menuKey };
    },
    destroy() {
      tray?.destroy();
      tray = null;
      shown = { icon: '', tooltip: '', title: '', menu: '' };
    },
  };
}
