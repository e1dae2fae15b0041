/**
 * The incoming-call popup window's preload: exposes `window.offhookPopup` (PopupBridge) and
 * nothing else — the list of ringing calls coming in, one button press going out. The main
 * window's bridge is not available here.
 *
 * Main may send the list before the page subscribes, so the last list is kept and handed to
 * each new listener at once.
 *
 * Runs sandboxed: bundled to one file where only 'electron' is required at run time.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { POPUP_CHANNELS } from './channels';
import type { Language, PopupBridge, PopupCall } from './contract';


type CallsListener = (calls: PopupCall[], language: Language) => void;

const listeners = new Set<CallsListener>();
let last: { calls: PopupCall[]; language: Language } | null = null;

const deliver = (listener: CallsListener, calls: PopupCall[], language: Language) => {
  try {
    listener(calls, language);
  } catch {
    // One broken listener must not keep the list from the others.
  }
};

ipcRenderer.on(POPUP_CHANNELS.calls, (_event: IpcRendererEvent, calls: PopupCall[], language: Language) => {
  last = { calls, language };
  for (const listener of listeners) deliver(listener, calls, language);
});

const bridge: PopupBridge = {
  onCalls(listener) {
    if (typeof listener !== 'function') throw new TypeError('offhookPopup.onCalls: listener must be a function');
    listeners.add(listener);
    if (last) deliver(listener, last.calls, last.language);
    return () => {
      listeners.delete(listener);
    };
  },
  act: async (callId, action) => {
    await ipcRenderer.invoke(POPUP_CHANNELS.act, { callId, action });
  },
};

contextBridge.exposeInMainWorld('offhookPopup', bridge);
