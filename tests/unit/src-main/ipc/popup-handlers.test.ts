import { describe, expect, it, vi } from 'vitest';
import { IpcRejection } from '../../../../src-main/ipc/handlers';
import { registerPopupIpcHandlers } from '../../../../src-main/ipc/popup-handlers';
import { createSenderCheck } from '../../../../src-main/ipc/sender-check';
import { POPUP_CHANNELS } from '../../../../src-preload/contract';
import { FakeIpcMain } from '../support/fakes';

const popupContents = { id: 2 };
const mainContents = { id: 1 };
const FROM_POPUP = { senderFrame: { url: 'offhook-app://app/popup/popup.html' }, sender: popupContents };

function setup() {
  const ipcMain = new FakeIpcMain();
  const act = vi.fn(() => true);
  const dispose = registerPopupIpcHandlers({
    ipcMain,
    act,
    isAllowedSender: createSenderCheck('offhook-app://app'),
    isAllowedContents: (sender) => sender === popupContents,
  });
  return { ipcMain, act, dispose };
}

describe('popup window channel', () => {
  it('registers only the act channel (the list goes out with webContents.send)', () => {
    const { ipcMain, dispose } = setup();
    expect([...ipcMain.handlers.keys()]).toEqual([POPUP_CHANNELS.act]);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it.each(['answer', 'answer-video', 'decline'] as const)('passes %s on', async (action) => {
    const { ipcMain, act } = setup();
    await expect(ipcMain.invoke(POPUP_CHANNELS.act, FROM_POPUP, { callId: 'c1', action })).resolves.toBeUndefined();
    expect(act).toHaveBeenCalledWith('c1', action);
  });

  it('resolves quietly for a call the popup no longer shows', async () => {
    const { ipcMain, act } = setup();
    act.mockReturnValueOnce(false);
    await expect(ipcMain.invoke(POPUP_CHANNELS.act, FROM_POPUP, { callId: 'gone', action: 'answer' })).resolves.toBeUndefined();
  });

  it.each([
    ['the main window', { ...FROM_POPUP, sender: mainContents }, /not the window/],
    ['no sender', { senderFrame: FROM_POPUP.senderFrame }, /not the window/],
    ['a foreign page', { senderFrame: { url: 'https://evil.example/' }, sender: popupContents }, /origin https:\/\/evil\.example/],
  ])('refuses %s', async (_label, event, message) => {
    const { ipcMain, act } = setup();
    const call = ipcMain.invoke(POPUP_CHANNELS.act, event, { callId: 'c1', action: 'answer' });
    await expect(call).rejects.toBeInstanceOf(IpcRejection);
    await expect(call).rejects.toThrow(message);
    expect(act).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown action', [{ callId: 'c1', action: 'transfer' }], /arg 1\.action/],
    ['an empty call id', [{ callId: '', action: 'answer' }], /arg 1\.callId/],
    ['positional arguments', ['c1', 'answer'], /invalid arguments/],
    ['nothing', [], /invalid arguments/],
    ['an extra field', [{ callId: 'c1', action: 'answer', video: true }], /unknown fields: arg 1\.video/],
  ])('refuses %s', async (_label, args, message) => {
    const { ipcMain, act } = setup();
    await expect(ipcMain.invoke(POPUP_CHANNELS.act, FROM_POPUP, ...args)).rejects.toThrow(message);
    expect(act).not.toHaveBeenCalled();
  });
});
