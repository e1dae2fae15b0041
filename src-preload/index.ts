/**
 * The preload: exposes `window.offhook`, one method per contract channel and nothing else. The
 * page never sees ipcRenderer, so it can only send what main has a validated handler for, and
 * only hears the events named in the contract.
 *
 * Runs sandboxed: bundled to one file where only 'electron' is required at run time.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, MAIN_EVENT_NAMES, eventChannel, type MainEventName } from './channels';
import type { MainEvents, OffhookBridge } from './contract';

// Channel names come from channels.ts, not contract.ts: importing the contract's values would
// bundle zod (~700 KiB) into a preload that validates nothing (main does).
const EVENTS: ReadonlySet<string> = new Set(MAIN_EVENT_NAMES);

const invokeVoid = async (channel: string, ...args: unknown[]): Promise<void> => {
  await ipcRenderer.invoke(channel, ...args);
};

const bridge: OffhookBridge = {
  settings: {
    get: () => ipcRenderer.invoke(CHANNELS.settingsGet),
    set: (patch) => ipcRenderer.invoke(CHANNELS.settingsSet, patch),
  },
  secrets: {
    get: (key) => ipcRenderer.invoke(CHANNELS.secretGet, key),
    set: (key, value) => ipcRenderer.invoke(CHANNELS.secretSet, key, value),
  },
  app: {
    info: () => ipcRenderer.invoke(CHANNELS.appInfo),
  },
  drawAttention: (request) => invokeVoid(CHANNELS.attention, request),
  shell: {
    setState: (state) => invokeVoid(CHANNELS.shellState, state),
    showWindow: (request) => invokeVoid(CHANNELS.showWindow, request),
    openLogFolder: () => invokeVoid(CHANNELS.openLogFolder),
    openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url),
  },
  popup: {
    show: (call) => invokeVoid(CHANNELS.popupShow, call),
    close: (callId) => invokeVoid(CHANNELS.popupClose, callId),
  },
  notify: (request) => invokeVoid(CHANNELS.notify, request),
  hotkeys: {
    status: () => ipcRenderer.invoke(CHANNELS.hotkeysStatus),
  },
  popupUrl: {
    open: (request) => ipcRenderer.invoke(CHANNELS.popupUrlOpen, request),
    test: (template) => ipcRenderer.invoke(CHANNELS.popupUrlTest, template),
  },
  headset: {
    setCallState: (state) => invokeVoid(CHANNELS.headsetCallState, state),
    devices: () => ipcRenderer.invoke(CHANNELS.headsetDevices),
    connect: () => ipcRenderer.invoke(CHANNELS.headsetConnect),
    describe: (description) => invokeVoid(CHANNELS.headsetDescribe, description),
  },
  recordings: {
    begin: (meta) => ipcRenderer.invoke(CHANNELS.recordingBegin, meta),
    append: (id, seq, chunk) => ipcRenderer.invoke(CHANNELS.recordingAppend, id, seq, chunk),
    finish: (id) => ipcRenderer.invoke(CHANNELS.recordingFinish, id),
    read: (id) => ipcRenderer.invoke(CHANNELS.recordingRead, id),
    saveAs: (id) => ipcRenderer.invoke(CHANNELS.recordingSaveAs, id),
    remove: (ids) => ipcRenderer.invoke(CHANNELS.recordingRemove, ids),
  },
  directory: {
    search: (request) => ipcRenderer.invoke(CHANNELS.directorySearch, request),
    test: (settings) => ipcRenderer.invoke(CHANNELS.directoryTest, settings),
  },
  on<K extends MainEventName>(event: K, listener: (payload: MainEvents[K]) => void): () => void {
    if (!EVENTS.has(event)) throw new TypeError(`offhook.on: unknown event "${String(event).slice(0, 40)}"`);
    if (typeof listener !== 'function') throw new TypeError('offhook.on: listener must be a function');
    const channel = eventChannel(event);
    // The IPC event object (it carries `sender`, an ipcRenderer) never reaches the page.
    const forward = (_event: IpcRendererEvent, payload: MainEvents[K]) => listener(payload);
    ipcRenderer.on(channel, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(channel, forward);
    };
  },
  rendererReady: () => invokeVoid(CHANNELS.rendererReady),
};

contextBridge.exposeInMainWorld('offhook', bridge);
