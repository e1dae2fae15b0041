/**
 * The incoming-call popup (K3): a small frameless window in the corner of the screen, above
 * everything (other workspaces and full-screen apps included where the OS allows), that never
 * takes keyboard focus from what the user is typing.
 *
 * One window lists every ringing call, stacked, newest last; it grows with the list (up to
 * MAX_VISIBLE_CALLS rows, then its page scrolls). One window rather than one per call: a single
 * always-on-top surface to place, one renderer process instead of several, no overlapping
 * windows fighting over the corner, and one sender to trust for the popup's IPC. It is created
 * for the first ringing call and destroyed when the last one leaves (answered, declined, or
 * cancelled through close(callId)), so no hidden always-on-top window lingers between calls.
 */
import { secureWebPreferences } from './security';
import type { BrowserWindowConstructorOptions } from 'electron';
import { POPUP_CHANNELS, type Language, type PopupAction, type PopupCall } from '../../src-preload/contract';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const POPUP_WIDTH = 360;
/** One call's card, in CSS pixels; popup.css uses the same numbers. */
export const POPUP_ROW_HEIGHT = 116;
export const POPUP_PADDING = 8;
export const MAX_VISIBLE_CALLS = 3;
/** More ringing calls than this is not a phone any more; the oldest are dropped from the popup. */
export const MAX_POPUP_CALLS = 8;
const SCREEN_MARGIN = 12;

/** Where the popup goes: the bottom-right of the work area (top-right on macOS, under the menu bar, where notifications appear). */
export function popupBounds(workArea: Rect, count: number, platform: NodeJS.Platform): Rect {
  const rows = Math.min(Math.max(count, 1), MAX_VISIBLE_CALLS);
  const width = Math.min(POPUP_WIDTH, workArea.width - 2 * SCREEN_MARGIN);
  const height = Math.min(rows * POPUP_ROW_HEIGHT + 2 * POPUP_PADDING, workArea.height - 2 * SCREEN_MARGIN);
  const x = workArea.x + workArea.width - width - SCREEN_MARGIN;
  const y = platform === 'darwin' ? workArea.y + SCREEN_MARGIN : workArea.y + workArea.height - height - SCREEN_MARGIN;
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

export function popupWindowOptions(input: { preloadPath: string; platform: NodeJS.Platform; bounds: Rect; dark: boolean }): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    title: 'Offhook',
    show: false,
    frame: false,
    transparent: false,
    resizable: false,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    closable: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    // Never the key window: typing elsewhere goes on while the call rings. Buttons still click.
    focusable: false,
    // macOS: the first click on the inactive panel presses the button instead of just activating it.
    acceptFirstMouse: true,
    hiddenInMissionControl: true,
    // macOS: a non-activating panel can float over other apps' full-screen spaces.
    ...(input.platform === 'darwin' ? { type: 'panel' } : {}),
    backgroundColor: input.dark ? '#26262b' : '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      ...secureWebPreferences(input.preloadPath),
      spellcheck: false,
      // The popup must paint at once even though it never has focus.
      backgroundThrottling: false,
    },
  };
}

/** The part of a BrowserWindow the popup manager drives. */
export interface PopupWindowHandle {
  loadURL(url: string): Promise<void>;
  showInactive(): void;
  setAlwaysOnTop(flag: boolean, level?: 'screen-saver'): void;
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }): void;
  setBounds(bounds: Rect): void;
  isDestroyed(): boolean;
  destroy(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  readonly webContents: {
    send(channel: string, ...args: unknown[]): void;
    on(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export interface PopupManagerOptions<W extends PopupWindowHandle> {
  createWindow(options: BrowserWindowConstructorOptions): W;
  preloadPath: string;
  /** offhook-app://app/popup/popup.html, or the dev server's. */
  url: string;
  platform: NodeJS.Platform;
  getWorkArea(): Rect;
  getLanguage(): Language;
  isDark(): boolean;
  /** A button in the popup was pressed for a call it shows. */
  onAction(callId: string, action: PopupAction): void;
  onLoadFailed?(error: unknown): void;
}

export interface PopupManager<W extends PopupWindowHandle = PopupWindowHandle> {
  /** Adds the call, or updates it if already shown. */
  show(call: PopupCall): void;
  /** Removes the call (cancelled, answered elsewhere); closes the window after the last one. */
  close(callId: string): void;
  closeAll(): void;
  /** From the popup page: returns false (and does nothing) for a call it does not show. */
  act(callId: string, action: PopupAction): boolean;
  calls(): PopupCall[];
  window(): W | null;
  /** The language changed: re-send the list so the page re-renders. */
  refresh(): void;
}

export function createPopupManager<W extends PopupWindowHandle>(options: PopupManagerOptions<W>): PopupManager<W> {
  const { platform } = options;
  let calls: PopupCall[] = [];
  let win: W | null = null;
  let loaded = false;

  const live = (): W | null => (win && !win.isDestroyed() ? win : null);

  function push(): void {
    const w = live();
    if (!w || !loaded) return;
    w.webContents.send(POPUP_CHANNELS.calls, calls, options.getLanguage());
  }

  function open(): W {
    const existing = live();
    if (existing) return existing;
    const bounds = popupBounds(options.getWorkArea(), calls.length, platform);
    const created = options.createWindow(popupWindowOptions({ preloadPath: options.preloadPath, platform, bounds, dark: options.isDark() }));
    win = created;
    loaded = false;
    created.setAlwaysOnTop(true, 'screen-saver');
    // Windows has no workspaces API here; macOS and Linux keep the popup on every desktop.
    if (platform !== 'win32') created.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    // showInactive, never show(): show() would activate the window and take keyboard focus.
    // Shown at the first paint, or once loaded if the platform never reports a paint for a
    // window that cannot be focused, whichever comes first; only while calls still ring.
    let revealed = false;
    const reveal = () => {
      if (revealed || win !== created || created.isDestroyed() || calls.length === 0) return;
      revealed = true;
      created.showInactive();
    };
    created.webContents.on('did-finish-load', () => {
      if (win !== created) return;
      loaded = true;
      push();
      reveal();
    });
    created.once('ready-to-show', reveal);
    created.on('closed', () => {
      if (win !== created) return;
      win = null;
      loaded = false;
      calls = [];
    });
    created.loadURL(options.url).catch((error: unknown) => options.onLoadFailed?.(error));
    return created;
  }

  function resize(): void {
    live()?.setBounds(popupBounds(options.getWorkArea(), calls.length, platform));
  }

  function shut(): void {
    const w = live();
    win = null;
    loaded = false;
    w?.destroy();
  }

  function remove(callId: string): boolean {
    const before = calls.length;
    calls = calls.filter((c) => c.callId !== callId);
    if (calls.length === before) return false;
    if (calls.length === 0) shut();
    else {
      resize();
      push();
    }
    return true;
  }

  return {
    show(call) {
      const index = calls.findIndex((c) => c.callId === call.callId);
      if (index >= 0) calls[index] = { ...call };
      else {
        calls.push({ ...call });
        if (calls.length > MAX_POPUP_CALLS) calls.splice(0, calls.length - MAX_POPUP_CALLS);
      }
      const existed = live() !== null;
      open();
      if (existed) resize();
      push();
    },
    close(callId) {
      remove(callId);
    },
    closeAll() {
      calls = [];
      shut();
    },
    act(callId, action) {
      if (!calls.some((c) => c.callId === callId)) return false;
      remove(callId);
      options.onAction(callId, action);
      return true;
    },
    calls: () => calls.map((c) => ({ ...c })),
    window: live,
    refresh: push,
  };
}
