import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, mainWindowOptions, type MainWindowHandle } from '../../../../src-main/windows/main-window';

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
