import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, DEFAULT_SETTINGS, eventChannel, MAIN_EVENT_NAMES, type MainEventName, type OffhookBridge } from '../../../src-preload/contract';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
    listeners,
    /** What main's webContents.send does: the listener gets an IPC event, then the payload. */
    emit(channel: string, ...args: unknown[]) {
      const ipcEvent = { sender: { invoke: 'the real ipcRenderer' }, senderId: 0 };
      for (const listener of listeners.get(channel) ?? []) listener(ipcEvent, ...args);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, listener: IpcListener) => {
      if (!electron.listeners.has(channel)) electron.listeners.set(channel, new Set());
      electron.listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: IpcListener) => {
      electron.listeners.get(channel)?.delete(listener);
    },
  },
}));

let bridge: OffhookBridge;
const CHUNK = new Uint8Array([1, 2, 3]);

beforeAll(async () => {
  await import('../../../src-preload/index');
  bridge = electron.exposed.get('offhook') as OffhookBridge;
});

beforeEach(() => {
  electron.invoke.mockReset();
  electron.invoke.mockResolvedValue(undefined);
});

/** Every function reachable from an object, by dotted path. */
function members(value: unknown, prefix = ''): string[] {
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
    typeof item === 'function' ? [`${prefix}${key}`] : members(item, `${prefix}${key}.`),
  );
}

describe('preload', () => {
  it('exposes only window.offhook', () => {
    expect([...electron.exposed.keys()]).toEqual(['offhook']);
  });

  it('exposes exactly the contract’s members, and no ipcRenderer', () => {
    expect(members(bridge).sort()).toEqual([
      'app.info',
      'directory.search',
      'directory.test',
      'drawAttention',
      'headset.connect',
      'headset.describe',
      'headset.devices',
      'headset.setCallState',
      'hotkeys.status',
      'notify',
      'on',
      'popup.close',
      'popup.show',
      'popupUrl.open',
      'popupUrl.test',
      'recordings.append',
      'recordings.begin',
      'recordings.finish',
      'recordings.read',
      'recordings.remove',
      'recordings.saveAs',
      'rendererReady',
      'secrets.get',
      'secrets.set',
      'settings.get',
      'settings.set',
      'shell.openExternal',
      'shell.openLogFolder',
      'shell.setState',
      'shell.showWindow',
    ]);
    expect(Object.keys(bridge).sort()).toEqual(['app', 'directory', 'drawAttention', 'headset', 'hotkeys', 'notify', 'on', 'popup', 'popupUrl', 'recordings', 'rendererReady', 'secrets', 'settings', 'shell']);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc|invoke|send/i);
  });

  it.each([
    ['settings.get', () => bridge.settings.get(), CHANNELS.settingsGet, []],
    ['settings.set', () => bridge.settings.set({ theme: 'dark' }), CHANNELS.settingsSet, [{ theme: 'dark' }]],
    ['secrets.get', () => bridge.secrets.get('sip-password'), CHANNELS.secretGet, ['sip-password']],
    ['secrets.set', () => bridge.secrets.set('sip-password', 'pw'), CHANNELS.secretSet, ['sip-password', 'pw']],
    ['secrets.set(null)', () => bridge.secrets.set('sip-password', null), CHANNELS.secretSet, ['sip-password', null]],
    ['app.info', () => bridge.app.info(), CHANNELS.appInfo, []],
    ['drawAttention', () => bridge.drawAttention({ ringing: true, caller: 'Bob' }), CHANNELS.attention, [{ ringing: true, caller: 'Bob' }]],
    [
      'shell.setState',
      () => bridge.shell.setState({ registration: 'registered', missedCalls: 1, ringing: false, inCall: false }),
      CHANNELS.shellState,
      [{ registration: 'registered', missedCalls: 1, ringing: false, inCall: false }],
    ],
    ['shell.showWindow', () => bridge.shell.showWindow({ view: 'history' }), CHANNELS.showWindow, [{ view: 'history' }]],
    ['shell.openLogFolder', () => bridge.shell.openLogFolder(), CHANNELS.openLogFolder, []],
    ['shell.openExternal', () => bridge.shell.openExternal('https://x.example/'), CHANNELS.openExternal, ['https://x.example/']],
    ['popup.show', () => bridge.popup.show({ callId: 'c', name: 'A', number: '1', waiting: false }), CHANNELS.popupShow, [{ callId: 'c', name: 'A', number: '1', waiting: false }]],
    ['popup.close', () => bridge.popup.close('c'), CHANNELS.popupClose, ['c']],
    ['notify', () => bridge.notify({ kind: 'missed-call', title: 't', body: 'b' }), CHANNELS.notify, [{ kind: 'missed-call', title: 't', body: 'b' }]],
    ['hotkeys.status', () => bridge.hotkeys.status(), CHANNELS.hotkeysStatus, []],
    [
      'popupUrl.open',
      () => bridge.popupUrl.open({ event: 'ringing', callerNumber: '1', callerName: '', internal: true }),
      CHANNELS.popupUrlOpen,
      [{ event: 'ringing', callerNumber: '1', callerName: '', internal: true }],
    ],
    ['popupUrl.test', () => bridge.popupUrl.test('https://crm/?n=$CallerNumber'), CHANNELS.popupUrlTest, ['https://crm/?n=$CallerNumber']],
    ['rendererReady', () => bridge.rendererReady(), CHANNELS.rendererReady, []],
    [
      'headset.setCallState',
      () => bridge.headset.setCallState({ ringing: true, active: 0, held: 0, muted: false }),
      CHANNELS.headsetCallState,
      [{ ringing: true, active: 0, held: 0, muted: false }],
    ],
    ['headset.devices', () => bridge.headset.devices(), CHANNELS.headsetDevices, []],
    ['headset.connect', () => bridge.headset.connect(), CHANNELS.headsetConnect, []],
    [
      'headset.describe',
      () => bridge.headset.describe({ vendorId: 1, productId: 2, productName: 'H', collections: [] }),
      CHANNELS.headsetDescribe,
      [{ vendorId: 1, productId: 2, productName: 'H', collections: [] }],
    ],
    ['recordings.begin', () => bridge.recordings.begin({ party: '1002', startedAt: 1 }), CHANNELS.recordingBegin, [{ party: '1002', startedAt: 1 }]],
    ['recordings.append', () => bridge.recordings.append('a.webm', 0, CHUNK), CHANNELS.recordingAppend, ['a.webm', 0, CHUNK]],
    ['recordings.finish', () => bridge.recordings.finish('a.webm'), CHANNELS.recordingFinish, ['a.webm']],
    ['recordings.read', () => bridge.recordings.read('a.webm'), CHANNELS.recordingRead, ['a.webm']],
    ['recordings.saveAs', () => bridge.recordings.saveAs('a.webm'), CHANNELS.recordingSaveAs, ['a.webm']],
    ['recordings.remove', () => bridge.recordings.remove(['a.webm', 'b.webm']), CHANNELS.recordingRemove, [['a.webm', 'b.webm']]],
    ['directory.search', () => bridge.directory.search({ query: 'zs', page: 1 }), CHANNELS.directorySearch, [{ query: 'zs', page: 1 }]],
    ['directory.test', () => bridge.directory.test(DEFAULT_SETTINGS.directory), CHANNELS.directoryTest, [DEFAULT_SETTINGS.directory]],
  ] as const)('%s invokes %s with its arguments', async (_name, call, channel, args) => {
    await call();
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args);
  });

  it('uses the contract’s channel names for every channel', async () => {
    await Promise.all([
      bridge.settings.get(),
      bridge.settings.set({}),
      bridge.secrets.get('sip-password'),
      bridge.secrets.set('sip-password', null),
      bridge.app.info(),
      bridge.drawAttention({ ringing: false }),
      bridge.shell.setState({ registration: 'signed-out', missedCalls: 0, ringing: false, inCall: false }),
      bridge.shell.showWindow({}),
      bridge.shell.openLogFolder(),
      bridge.shell.openExternal('https://x.example/'),
      bridge.popup.show({ callId: 'c', name: '', number: '1', waiting: false }),
      bridge.popup.close('c'),
      bridge.notify({ kind: 'incoming-call', title: 't', body: '' }),
      bridge.hotkeys.status(),
      bridge.popupUrl.open({ event: 'ringing', callerNumber: '1', callerName: '', internal: false }),
      bridge.popupUrl.test(''),
      bridge.rendererReady(),
      bridge.headset.setCallState({ ringing: false, active: 0, held: 0, muted: false }),
      bridge.headset.devices(),
      bridge.headset.connect(),
      bridge.headset.describe({ vendorId: 1, productId: 2, productName: '', collections: [] }),
      bridge.recordings.begin({ party: '', startedAt: 0 }),
      bridge.recordings.append('a.webm', 0, CHUNK),
      bridge.recordings.finish('a.webm'),
      bridge.recordings.read('a.webm'),
      bridge.recordings.saveAs('a.webm'),
      bridge.recordings.remove(['a.webm']),
      bridge.directory.search({ query: '', page: 0 }),
      bridge.directory.test(DEFAULT_SETTINGS.directory),
    ]);
    expect(electron.invoke.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('returns what main answers', async () => {
    electron.invoke.mockResolvedValueOnce(DEFAULT_SETTINGS);
    await expect(bridge.settings.get()).resolves.toEqual(DEFAULT_SETTINGS);
    electron.invoke.mockResolvedValueOnce({ ok: false, reason: 'encryption-unavailable' });
    await expect(bridge.secrets.set('sip-password', 'pw')).resolves.toEqual({ ok: false, reason: 'encryption-unavailable' });
  });

  it('resolves drawAttention and the other void methods to undefined', async () => {
    electron.invoke.mockResolvedValue('ignored');
    await expect(bridge.drawAttention({ ringing: true })).resolves.toBeUndefined();
    await expect(bridge.popup.close('c')).resolves.toBeUndefined();
    await expect(bridge.rendererReady()).resolves.toBeUndefined();
    await expect(bridge.shell.openLogFolder()).resolves.toBeUndefined();
    await expect(bridge.headset.setCallState({ ringing: false, active: 0, held: 0, muted: false })).resolves.toBeUndefined();
    await expect(bridge.headset.describe({ vendorId: 1, productId: 2, productName: '', collections: [] })).resolves.toBeUndefined();
  });

  it('returns the headset list main answers', async () => {
    const list = [{ key: '1:2:', name: 'H', vendorId: 1, productId: 2, active: false, inputs: [], outputs: [] }];
    electron.invoke.mockResolvedValueOnce(list).mockResolvedValueOnce(list);
    await expect(bridge.headset.devices()).resolves.toEqual(list);
    await expect(bridge.headset.connect()).resolves.toEqual(list);
  });

  it('passes main’s rejections through', async () => {
    electron.invoke.mockRejectedValueOnce(new Error('offhook:settings:set: invalid arguments'));
    await expect(bridge.settings.set({ theme: 'dark' })).rejects.toThrow(/invalid arguments/);
  });
});

describe('preload: events from main', () => {
  it('delivers each contract event’s payload, without the IPC event', () => {
    const got: unknown[][] = [];
    const dispose = bridge.on('link', (...args) => got.push(args));
    electron.emit(eventChannel('link'), { kind: 'dial', number: '1002', source: 'tel' });
    expect(got).toEqual([[{ kind: 'dial', number: '1002', source: 'tel' }]]);
    dispose();
  });

  it('listens on the contract’s channel for every event name', () => {
    for (const name of MAIN_EVENT_NAMES) {
      const listener = vi.fn();
      const dispose = bridge.on(name, listener);
      electron.emit(eventChannel(name), { probe: name });
      expect(listener).toHaveBeenCalledWith({ probe: name });
      dispose();
    }
  });

  it('returns a disposer that unsubscribes, and is safe to call twice', () => {
    const listener = vi.fn();
    const dispose = bridge.on('power', listener);
    dispose();
    dispose();
    electron.emit(eventChannel('power'), { reason: 'resume' });
    expect(listener).not.toHaveBeenCalled();
    expect(electron.listeners.get(eventChannel('power'))?.size ?? 0).toBe(0);
  });

  it('keeps other subscribers when one unsubscribes', () => {
    const a = vi.fn();
    const b = vi.fn();
    const disposeA = bridge.on('hotkey', a);
    const disposeB = bridge.on('hotkey', b);
    disposeA();
    electron.emit(eventChannel('hotkey'), { action: 'answer' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ action: 'answer' });
    disposeB();
  });

  it.each(['settings:get', '__proto__', 'constructor', 'offhook:event:link', 'LINK', ''])('refuses to subscribe to %j', (name) => {
    expect(() => bridge.on(name as MainEventName, vi.fn())).toThrow(/unknown event/);
    expect([...electron.listeners.keys()].every((channel) => channel.startsWith('offhook:event:'))).toBe(true);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.on('link', 'alert(1)' as never)).toThrow(/listener must be a function/);
  });
});
