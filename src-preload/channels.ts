/**
 * The names that cross the door, kept apart from the schemas so the sandboxed preloads can import
 * them without bundling zod. contract.ts re-exports everything here.
 */
export type MainEventName = 'link' | 'popup-action' | 'hotkey' | 'power' | 'navigate' | 'tray-action' | 'headset' | 'headset-devices';
export const MAIN_EVENT_NAMES: readonly MainEventName[] = ['link', 'popup-action', 'hotkey', 'power', 'navigate', 'tray-action', 'headset', 'headset-devices'];

/** IPC channel names, one per request. */
export const CHANNELS = {
  settingsGet: 'offhook:settings:get',
  settingsSet: 'offhook:settings:set',
  secretGet: 'offhook:secret:get',
  secretSet: 'offhook:secret:set',
  appInfo: 'offhook:app:info',
  attention: 'offhook:attention',
  shellState: 'offhook:shell:state',
  popupShow: 'offhook:popup:show',
  popupClose: 'offhook:popup:close',
  notify: 'offhook:notify',
  hotkeysStatus: 'offhook:hotkeys:status',
  popupUrlOpen: 'offhook:popup-url:open',
  popupUrlTest: 'offhook:popup-url:test',
  openExternal: 'offhook:open-external',
  openLogFolder: 'offhook:log:open-folder',
  showWindow: 'offhook:window:show',
  /** The renderer is ready for main's events; links queued before now are delivered. */
  rendererReady: 'offhook:renderer:ready',
  headsetCallState: 'offhook:headset:call-state',
  headsetDevices: 'offhook:headset:devices',
  headsetConnect: 'offhook:headset:connect',
  headsetDescribe: 'offhook:headset:describe',
  recordingBegin: 'offhook:recording:begin',
  recordingAppend: 'offhook:recording:append',
  recordingFinish: 'offhook:recording:finish',
  recordingRead: 'offhook:recording:read',
  recordingSaveAs: 'offhook:recording:save-as',
  recordingRemove: 'offhook:recording:remove',
  directorySearch: 'offhook:directory:search',
  directoryTest: 'offhook:directory:test',
} as const;

/** Main → renderer event channel prefix: `offhook:event:<name>`. */
export const eventChannel = (name: MainEventName): string => `offhook:event:${name}`;

export const POPUP_CHANNELS = {
  calls: 'offhook:popup-window:calls',
  act: 'offhook:popup-window:act',
} as const;
