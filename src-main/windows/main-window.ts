/**
 * The main window: the options that lock the renderer down, and its creation.
 * Guards against navigation and new windows are attached to every WebContents in main.ts.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface MainWindowOptionsInput {
  preloadPath: string;
  /** Paint the first frame in the theme's colour instead of a white flash. */
  dark: boolean;
}

export function mainWindowOptions({ preloadPath, dark }: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 360,
    minHeight: 540,
    title: 'Offhook',
    show: false,
    backgroundColor: dark ? '#1f1f23' : '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // The SIP stack lives in this renderer: a hidden or minimised window must keep answering
      // REGISTER refreshes, OPTIONS pings and incoming INVITEs on time.
      backgroundThrottling: false,
    },
  };
}

/** The part of BrowserWindow this module drives. */
export interface MainWindowHandle {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

export interface CreateMainWindowInput<W extends MainWindowHandle> extends MainWindowOptionsInput {
  createWindow(options: BrowserWindowConstructorOptions): W;
  startUrl: string;
  onLoadFailed?(error: unknown): void;
}

export function createMainWindow<W extends MainWindowHandle>(input: CreateMainWindowInput<W>): W {
  const win = input.createWindow(mainWindowOptions(input));
  win.once('ready-to-show', () => win.show());
  win.loadURL(input.startUrl).catch((error: unknown) => input.onLoadFailed?.(error));
  return win;
}
