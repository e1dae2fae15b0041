/**
 * The preload: exposes `window.offhook`, one method per contract channel and nothing else. The
 * page never sees ipcRenderer, so it can only send what main has a validated handler for.
 *
 * Runs sandboxed: bundled to one file where only 'electron' is required at run time.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { CHANNELS as ContractChannels, OffhookBridge } from './contract';

/**
 * The contract's channel names. Importing the value would drag all of zod (~700 KiB) into every
 * page load, so they are restated here; typing them as the contract's literal types makes any
 * drift a compile error (and the preload test compares them at run time).
 */
const CHANNELS: typeof ContractChannels = {
  settingsGet: 'offhook:settings:get',
  settingsSet: 'offhook:settings:set',
  secretGet: 'offhook:secret:get',
  secretSet: 'offhook:secret:set',
  appInfo: 'offhook:app:info',
  attention: 'offhook:attention',
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
  drawAttention: async (request) => {
    await ipcRenderer.invoke(CHANNELS.attention, request);
  },
};

contextBridge.exposeInMainWorld('offhook', bridge);
