import { describe, expect, it, vi } from 'vitest';
import { createAttentionService, type AttentionWindow, type DockPort } from '../../../../src-main/attention/attention-service';

function fakeWindow(state: Partial<{ minimized: boolean; visible: boolean; focused: boolean; destroyed: boolean }> = {}) {
  const s = { minimized: false, visible: true, focused: false, destroyed: false, ...state };
  const win = {
    state: s,
    isDestroyed: () => s.destroyed,
    isMinimized: () => s.minimized,
    isVisible: () => s.visible,
    isFocused: () => s.focused,
    showInactive: vi.fn(() => {
      s.minimized = false;
      s.visible = true;
    }),
    flashFrame: vi.fn(),
    // Taking focus is exactly what this service must never do.
    focus: vi.fn(),
    show: vi.fn(),
  } satisfies AttentionWindow & Record<string, unknown>;
  return win;
}

function fakeDock() {
  let next = 40;
  return { bounce: vi.fn(() => ++next), cancelBounce: vi.fn() } satisfies DockPort;
}

describe('attention service', () => {
  it('flashes an unfocused window and stops when ringing ends', () => {
    const win = fakeWindow();
    const service = createAttentionService({ getWindow: () => win });
    service.drawAttention({ ringing: true, caller: 'Bob' });
    expect(win.flashFrame).toHaveBeenLastCalledWith(true);
    expect(win.showInactive).not.toHaveBeenCalled();
    service.drawAttention({ ringing: false });
    expect(win.flashFrame).toHaveBeenLastCalledWith(false);
  });

  it('brings a minimised window back without stealing focus', () => {
    const win = fakeWindow({ minimized: true });
    createAttentionService({ getWindow: () => win }).drawAttention({ ringing: true });
    expect(win.showInactive).toHaveBeenCalledOnce();
    expect(win.focus).not.toHaveBeenCalled();
    expect(win.show).not.toHaveBeenCalled();
    expect(win.flashFrame).toHaveBeenCalledWith(true);
  });

  it('shows a hidden window inactive as well', () => {
    const win = fakeWindow({ visible: false });
    createAttentionService({ getWindow: () => win }).drawAttention({ ringing: true });
    expect(win.showInactive).toHaveBeenCalledOnce();
  });

  it('does not flash a window the user is already looking at', () => {
    const win = fakeWindow({ focused: true });
    const service = createAttentionService({ getWindow: () => win });
    service.drawAttention({ ringing: true });
    service.drawAttention({ ringing: false });
    expect(win.flashFrame).not.toHaveBeenCalled();
  });

  it('bounces the dock critically on macOS and cancels that bounce', () => {
    const win = fakeWindow();
    const dock = fakeDock();
    const service = createAttentionService({ getWindow: () => win, dock });
    service.drawAttention({ ringing: true });
    expect(dock.bounce).toHaveBeenCalledWith('critical');
    const id = dock.bounce.mock.results[0]!.value as number;
    service.drawAttention({ ringing: false });
    expect(dock.cancelBounce).toHaveBeenCalledWith(id);
  });

  it('does not stack flashes or bounces while already ringing', () => {
    const win = fakeWindow({ minimized: true });
    const dock = fakeDock();
    const service = createAttentionService({ getWindow: () => win, dock });
    service.drawAttention({ ringing: true });
    win.state.minimized = true;
    service.drawAttention({ ringing: true });
    expect(dock.bounce).toHaveBeenCalledOnce();
    expect(win.flashFrame).toHaveBeenCalledOnce();
    expect(win.showInactive).toHaveBeenCalledOnce();
  });

  it('rings again after a stop', () => {
    const win = fakeWindow();
    const dock = fakeDock();
    const service = createAttentionService({ getWindow: () => win, dock });
    service.drawAttention({ ringing: true });
    service.drawAttention({ ringing: false });
    service.drawAttention({ ringing: true });
    expect(dock.bounce).toHaveBeenCalledTimes(2);
    expect(win.flashFrame.mock.calls).toEqual([[true], [false], [true]]);
  });

  it('treats a stop with nothing ringing as a no-op', () => {
    const win = fakeWindow();
    const dock = fakeDock();
    createAttentionService({ getWindow: () => win, dock }).drawAttention({ ringing: false });
    expect(win.flashFrame).not.toHaveBeenCalled();
    expect(dock.cancelBounce).not.toHaveBeenCalled();
  });

  it('copes with no window or a destroyed one', () => {
    const dock = fakeDock();
    const none = createAttentionService({ getWindow: () => null, dock });
    expect(() => none.drawAttention({ ringing: true })).not.toThrow();
    expect(dock.bounce).toHaveBeenCalledOnce();
    expect(() => none.stop()).not.toThrow();

    const win = fakeWindow();
    const service = createAttentionService({ getWindow: () => win });
    service.drawAttention({ ringing: true });
    win.state.destroyed = true;
    expect(() => service.drawAttention({ ringing: false })).not.toThrow();
    expect(win.flashFrame).toHaveBeenCalledTimes(1);
  });
});

describe('attention service with the incoming-call popup', () => {
  it('leaves a hidden or minimised window in the tray when the popup is the surface, and still flashes', () => {
    for (const state of [{ visible: false }, { minimized: true }]) {
      const win = fakeWindow(state);
      createAttentionService({ getWindow: () => win, raiseHiddenWindow: () => false }).drawAttention({ ringing: true });
      expect(win.showInactive).not.toHaveBeenCalled();
      expect(win.flashFrame).toHaveBeenCalledWith(true);
    }
  });

  it('raises it when the popup is off', () => {
    const win = fakeWindow({ visible: false });
    createAttentionService({ getWindow: () => win, raiseHiddenWindow: () => true }).drawAttention({ ringing: true });
    expect(win.showInactive).toHaveBeenCalledOnce();
  });
});
