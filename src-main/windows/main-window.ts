/**
 * The main window: the options that lock the renderer down, and its creation.
 * Guards against navigation and new windows are attached to every WebContents in main.ts.
 */
import { secureWebPreferences } from './security';
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
      ...secureWebPreferences(preloadPath),
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
  /** False for a login launch into the tray: the window loads (it runs the SIP stack) but stays hidden. */
  showWhenReady?: boolean;
  onLoadFailed?(error: unknown): void;
}

export function createMainWindow<W extends MainWindowHandle>(input: CreateMainWindowInput<W>): W {
  const win = input.createWindow(mainWindowOptions(input));
  if (input.showWhenReady !== false) win.once('ready-to-show', () => win.show());
  win.loadURL(input.startUrl).catch((error: unknown) => input.onLoadFailed?.(error));
  return win;
}

// ---------------------------------------------------------------------------------------------
// Living in the tray

/** The part of BrowserWindow the controller drives. */
export interface ControlledWindow extends MainWindowHandle {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  focus(): void;
  hide(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

/** Closing the window hides it (the phone keeps running in the tray); only quitting really closes it. */
export function shouldHideOnClose({ quitting }: { quitting: boolean }): boolean {
  return !quitting;
}

export interface MainWindowControllerOptions<W extends ControlledWindow> {
  /** Creates and loads the window; `show` says whether it appears once painted. */
  create(show: boolean): W;
  isQuitting(): boolean;
  onCreated?(win: W): void;
  onClosed?(): void;
}

export interface MainWindowController<W extends ControlledWindow> {
  /** The live window, if any. */
  window(): W | null;
  /** Creates the window if there is none (hidden when `show` is false). */
  open(options: { show: boolean }): W;
  /** Creates, restores, shows and focuses the window. */
  show(): W;
}

export function createMainWindowController<W extends ControlledWindow>(options: MainWindowControllerOptions<W>): MainWindowController<W> {
  let win: W | null = null;

  const live = (): W | null => (win && !win.isDestroyed() ? win : null);

  function open({ show }: { show: boolean }): W {
    const existing = live();
    if (existing) return existing;
    const created = options.create(show);
    win = created;
    created.on('close', (event) => {
      if (!shouldHideOnClose({ quitting: options.isQuitting() })) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (win !== created) return;
      win = null;
      options.onClosed?.();
    });
    options.onCreated?.(created);
    return created;
  }

  return {
    window: live,
    open,
    show() {
      const existing = live();
      if (!existing) {
        // Created visible: it shows itself once painted (no white flash), then takes focus.
        return open({ show: true });
      }
      if (existing.isMinimized()) existing.restore();
      if (!existing.isVisible()) existing.show();
      existing.focus();
      return existing;
    },
  };
}
