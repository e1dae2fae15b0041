import { describe, expect, it, vi } from 'vitest';
import {
  createMainWindow,
  createMainWindowController,
  mainWindowOptions,
  shouldHideOnClose,
  type ControlledWindow,
  type MainWindowHandle,
} from '../../../../src-main/windows/main-window';
import { FakeEmitter } from '../support/fakes';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', dark: false });

  it('locks the renderer down', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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

  it('keeps the SIP stack running in the background', () => {
    expect(options.webPreferences?.backgroundThrottling).toBe(false);
  });

  it('stays hidden until the first paint, in the theme’s colour', () => {
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe('#ffffff');
    expect(mainWindowOptions({ preloadPath: 'p', dark: true }).backgroundColor).not.toBe('#ffffff');
  });
});

describe('createMainWindow', () => {
  function fakeWindow() {
    const listeners = new Map<string, () => void>();
    return {
      listeners,
      loadURL: vi.fn(() => Promise.resolve()),
      once: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
      show: vi.fn(),
    } satisfies MainWindowHandle & Record<string, unknown>;
  }

  it('creates the window with the locked-down options, loads the start URL and shows it when ready', () => {
    const win = fakeWindow();
    const createWindow = vi.fn(() => win);
    const result = createMainWindow({ createWindow, preloadPath: '/p.cjs', dark: false, startUrl: 'offhook-app://app/' });
    expect(result).toBe(win);
    expect(createWindow).toHaveBeenCalledWith(mainWindowOptions({ preloadPath: '/p.cjs', dark: false }));
    expect(win.loadURL).toHaveBeenCalledWith('offhook-app://app/');
    expect(win.show).not.toHaveBeenCalled();
    win.listeners.get('ready-to-show')!();
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('reports a failed load', async () => {
    const win = fakeWindow();
    const failure = new Error('ERR_CONNECTION_REFUSED');
    win.loadURL.mockReturnValueOnce(Promise.reject(failure));
    const onLoadFailed = vi.fn();
    createMainWindow({ createWindow: () => win, preloadPath: 'p', dark: false, startUrl: 'http://127.0.0.1:5173/', onLoadFailed });
    await vi.waitFor(() => expect(onLoadFailed).toHaveBeenCalledWith(failure));
  });
});

describe('createMainWindow: login launch into the tray', () => {
  it('loads but does not show the window', () => {
    const listeners = new Map<string, () => void>();
    const win = {
      loadURL: vi.fn(() => Promise.resolve()),
      once: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
      show: vi.fn(),
    };
    createMainWindow({ createWindow: () => win, preloadPath: 'p', dark: false, startUrl: 'offhook-app://app/', showWhenReady: false });
    expect(win.loadURL).toHaveBeenCalledOnce();
    expect(listeners.has('ready-to-show')).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
  });
});

describe('shouldHideOnClose', () => {
  it('hides unless quitting', () => {
    expect(shouldHideOnClose({ quitting: false })).toBe(true);
    expect(shouldHideOnClose({ quitting: true })).toBe(false);
  });
});

describe('main window controller', () => {
  class FakeMainWindow extends FakeEmitter implements ControlledWindow {
    readonly calls: string[] = [];
    minimized = false;
    visible = false;
    destroyed = false;
    loadURL = vi.fn(() => Promise.resolve());
    constructor(readonly showOnReady: boolean) {
      super();
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return this.minimized;
    }
    isVisible() {
      return this.visible;
    }
    restore() {
      this.minimized = false;
      this.calls.push('restore');
    }
    show() {
      this.visible = true;
      this.calls.push('show');
    }
    hide() {
      this.visible = false;
      this.calls.push('hide');
    }
    focus() {
      this.calls.push('focus');
    }
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        this.destroyed = true;
        this.emit('closed');
      }
    }
  }

  function setup() {
    let quitting = false;
    const created: FakeMainWindow[] = [];
    const onClosed = vi.fn();
    const onCreated = vi.fn();
    const controller = createMainWindowController<FakeMainWindow>({
      create: (show) => {
        const w = new FakeMainWindow(show);
        created.push(w);
        return w;
      },
      isQuitting: () => quitting,
      onCreated,
      onClosed,
    });
    return { controller, created, onClosed, onCreated, quit: () => (quitting = true) };
  }

  it('creates one window, hidden for a login launch', () => {
    const { controller, created, onCreated } = setup();
    const w = controller.open({ show: false });
    expect(controller.open({ show: true })).toBe(w);
    expect(created).toHaveLength(1);
    expect(created[0]!.showOnReady).toBe(false);
    expect(onCreated).toHaveBeenCalledWith(w);
  });

  it('hides the window when the user closes it, and keeps it', () => {
    const { controller, created, onClosed } = setup();
    controller.open({ show: true });
    created[0]!.visible = true;
    created[0]!.close();
    expect(created[0]!.calls).toEqual(['hide']);
    expect(controller.window()).toBe(created[0]);
    expect(onClosed).not.toHaveBeenCalled();
  });

  it('really closes it when quitting', () => {
    const { controller, created, onClosed, quit } = setup();
    controller.open({ show: true });
    quit();
    created[0]!.close();
    expect(created[0]!.destroyed).toBe(true);
    expect(controller.window()).toBeNull();
    expect(onClosed).toHaveBeenCalledOnce();
  });

  it('show() restores, shows and focuses the window', () => {
    const { controller, created } = setup();
    controller.open({ show: false });
    created[0]!.minimized = true;
    controller.show();
    expect(created[0]!.calls).toEqual(['restore', 'show', 'focus']);
    controller.show();
    expect(created[0]!.calls.slice(3)).toEqual(['focus']);
  });

  it('show() creates a visible window when there is none', () => {
    const { controller, created } = setup();
    controller.show();
    expect(created).toHaveLength(1);
    expect(created[0]!.showOnReady).toBe(true);
  });
});
