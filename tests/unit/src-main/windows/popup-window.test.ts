import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  createPopupManager,
  MAX_POPUP_CALLS,
  popupBounds,
  popupWindowOptions,
  POPUP_ROW_HEIGHT,
  type PopupWindowHandle,
  type Rect,
} from '../../../../src-main/windows/popup-window';
import { POPUP_CHANNELS, type Language, type PopupAction, type PopupCall } from '../../../../src-preload/contract';
import { FakeEmitter } from '../support/fakes';

const WORK_AREA: Rect = { x: 0, y: 0, width: 1920, height: 1040 };

class FakePopupWindow extends FakeEmitter implements PopupWindowHandle {
  readonly calls: string[] = [];
  destroyed = false;
  bounds: Rect;
  loadedUrl: string | null = null;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly webContents = Object.assign(new FakeEmitter(), {
    send: (channel: string, ...args: unknown[]) => {
      this.sent.push({ channel, args });
    },
  });
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: options.x!, y: options.y!, width: options.width!, height: options.height! };
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  showInactive() {
    this.calls.push('showInactive');
  }
  show() {
    this.calls.push('show');
  }
  focus() {
    this.calls.push('focus');
  }
  setAlwaysOnTop(flag: boolean, level?: string) {
    this.calls.push(`setAlwaysOnTop(${flag},${level})`);
  }
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }) {
    this.calls.push(`setVisibleOnAllWorkspaces(${visible},${JSON.stringify(options)})`);
  }
  setBounds(bounds: Rect) {
    this.bounds = bounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
  /** What Electron does once the page loaded and painted. */
  load() {
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
  lastList(): { calls: PopupCall[]; language: Language } | undefined {
    const last = this.sent.filter((s) => s.channel === POPUP_CHANNELS.calls).at(-1);
    return last ? { calls: last.args[0] as PopupCall[], language: last.args[1] as Language } : undefined;
  }
}

const call = (id: string, name = `Caller ${id}`, waiting = false): PopupCall => ({ callId: id, name, number: `10${id}`, waiting });

function setup(platform: NodeJS.Platform = 'linux') {
  const windows: FakePopupWindow[] = [];
  const actions: Array<[string, PopupAction]> = [];
  let language: Language = 'en';
  const manager = createPopupManager({
    createWindow: (options) => {
      const w = new FakePopupWindow(options);
      windows.push(w);
      return w;
    },
    preloadPath: '/app/out/preload/popup.cjs',
    url: 'offhook-app://app/popup/popup.html',
    platform,
    getWorkArea: () => WORK_AREA,
    getLanguage: () => language,
    isDark: () => false,
    onAction: (callId, action) => actions.push([callId, action]),
  });
  return { manager, windows, actions, setLanguage: (l: Language) => (language = l) };
}

describe('popupWindowOptions', () => {
  const options = popupWindowOptions({ preloadPath: '/app/out/preload/popup.cjs', platform: 'linux', bounds: { x: 1, y: 2, width: 3, height: 4 }, dark: false });

  it('is a small frameless window above everything that never takes focus', () => {
    expect(options).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, focusable: false, show: false, resizable: false, x: 1, y: 2 });
  });

  it('is locked down like the main window, with its own preload', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/popup.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('is a non-activating panel on macOS', () => {
    expect(popupWindowOptions({ preloadPath: 'p', platform: 'darwin', bounds: WORK_AREA, dark: true }).type).toBe('panel');
    expect(options.type).toBeUndefined();
  });
});

describe('popupBounds', () => {
  it('sits in the bottom-right corner, top-right on macOS', () => {
    const one = popupBounds(WORK_AREA, 1, 'win32');
    expect(one.x + one.width).toBe(1920 - 12);
    expect(one.y + one.height).toBe(1040 - 12);
    expect(popupBounds(WORK_AREA, 1, 'darwin').y).toBe(12);
  });

  it('grows with the calls up to three rows, then the page scrolls', () => {
    const h = (n: number) => popupBounds(WORK_AREA, n, 'linux').height;
    expect(h(2) - h(1)).toBe(POPUP_ROW_HEIGHT);
    expect(h(3) - h(2)).toBe(POPUP_ROW_HEIGHT);
    expect(h(5)).toBe(h(3));
  });

  it('respects a work area that does not start at 0,0 and a tiny screen', () => {
    const b = popupBounds({ x: 1920, y: 30, width: 300, height: 100 }, 3, 'linux');
    expect(b.x).toBeGreaterThanOrEqual(1920);
    expect(b.width).toBe(300 - 24);
    expect(b.height).toBe(100 - 24);
  });
});

describe('popup manager', () => {
  it('opens one window for the first call, above everything, and shows it without focus', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    expect(windows).toHaveLength(1);
    const [w] = windows;
    expect(w!.loadedUrl).toBe('offhook-app://app/popup/popup.html');
    expect(w!.calls).toEqual(['setAlwaysOnTop(true,screen-saver)', 'setVisibleOnAllWorkspaces(true,{"visibleOnFullScreen":true})']);
    w!.load();
    expect(w!.calls).toContain('showInactive');
    expect(w!.calls).not.toContain('show');
    expect(w!.calls).not.toContain('focus');
  });

  it('sends the list once the page loaded, and whenever it changes', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    expect(windows[0]!.sent).toEqual([]);
    windows[0]!.load();
    expect(windows[0]!.lastList()).toEqual({ calls: [call('1')], language: 'en' });
    manager.show(call('2', 'Bob', true));
    expect(windows[0]!.lastList()!.calls.map((c) => c.callId)).toEqual(['1', '2']);
  });

  it('stacks several calls in the same window, which grows', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    windows[0]!.load();
    const oneRow = windows[0]!.bounds.height;
    manager.show(call('2'));
    manager.show(call('3'));
    expect(windows).toHaveLength(1);
    expect(windows[0]!.bounds.height).toBe(oneRow + 2 * POPUP_ROW_HEIGHT);
    expect(manager.calls().map((c) => c.callId)).toEqual(['1', '2', '3']);
  });

  it('updates a call shown again (its name resolved) in place', () => {
    const { manager, windows } = setup();
    manager.show(call('1', ''));
    windows[0]!.load();
    manager.show(call('1', 'Alice'));
    expect(manager.calls()).toEqual([call('1', 'Alice')]);
    expect(windows[0]!.lastList()!.calls).toEqual([call('1', 'Alice')]);
  });

  it('removes a cancelled call and closes the window after the last one', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    manager.show(call('2'));
    windows[0]!.load();
    manager.close('1');
    expect(windows[0]!.destroyed).toBe(false);
    expect(windows[0]!.lastList()!.calls.map((c) => c.callId)).toEqual(['2']);
    manager.close('unknown');
    manager.close('2');
    expect(windows[0]!.destroyed).toBe(true);
    expect(manager.window()).toBeNull();
  });

  it.each(['answer', 'answer-video', 'decline'] as const)('on %s: forwards it, drops the call and closes when empty', (action) => {
    const { manager, windows, actions } = setup();
    manager.show(call('1'));
    windows[0]!.load();
    expect(manager.act('1', action)).toBe(true);
    expect(actions).toEqual([['1', action]]);
    expect(windows[0]!.destroyed).toBe(true);
  });

  it('ignores an action for a call it does not show (double click, already gone)', () => {
    const { manager, windows, actions } = setup();
    manager.show(call('1'));
    windows[0]!.load();
    expect(manager.act('1', 'decline')).toBe(true);
    expect(manager.act('1', 'answer')).toBe(false);
    expect(manager.act('nope', 'answer')).toBe(false);
    expect(actions).toEqual([['1', 'decline']]);
  });

  it('opens a fresh window for a call after the last one closed', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    manager.close('1');
    manager.show(call('2'));
    expect(windows).toHaveLength(2);
    expect(windows[1]!.destroyed).toBe(false);
  });

  it('does not show a window whose calls ended before it painted', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    manager.close('1');
    windows[0]!.emit('ready-to-show');
    expect(windows[0]!.calls).not.toContain('showInactive');
  });

  it('forgets its calls when the window is closed from outside', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    windows[0]!.destroy();
    expect(manager.calls()).toEqual([]);
    expect(manager.window()).toBeNull();
  });

  it('keeps at most the newest calls', () => {
    const { manager } = setup();
    for (let i = 0; i < MAX_POPUP_CALLS + 3; i += 1) manager.show(call(String(i)));
    expect(manager.calls()).toHaveLength(MAX_POPUP_CALLS);
    expect(manager.calls()[0]!.callId).toBe('3');
  });

  it('re-sends the list in the new language on refresh', () => {
    const { manager, windows, setLanguage } = setup();
    manager.show(call('1'));
    windows[0]!.load();
    setLanguage('zh-CN');
    manager.refresh();
    expect(windows[0]!.lastList()!.language).toBe('zh-CN');
  });

  it('does not ask Windows for workspaces', () => {
    const { manager, windows } = setup('win32');
    manager.show(call('1'));
    expect(windows[0]!.calls.some((c) => c.startsWith('setVisibleOnAllWorkspaces'))).toBe(false);
  });

  it('closeAll closes the window', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    manager.show(call('2'));
    manager.closeAll();
    expect(windows[0]!.destroyed).toBe(true);
    expect(manager.calls()).toEqual([]);
  });

  it('hands out copies', () => {
    const { manager } = setup();
    manager.show(call('1'));
    manager.calls()[0]!.name = 'changed';
    expect(manager.calls()[0]!.name).toBe('Caller 1');
  });
});

describe('popup manager: showing', () => {
  it('shows once, at whichever of first paint and load comes first', () => {
    const { manager, windows } = setup();
    manager.show(call('1'));
    windows[0]!.webContents.emit('did-finish-load');
    windows[0]!.emit('ready-to-show');
    expect(windows[0]!.calls.filter((c) => c === 'showInactive')).toHaveLength(1);
    manager.show(call('2'));
    expect(windows[0]!.calls.filter((c) => c === 'showInactive')).toHaveLength(1);
  });
});
