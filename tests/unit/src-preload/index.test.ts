import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, DEFAULT_SETTINGS, type OffhookBridge } from '../../../src-preload/contract';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
  ipcRenderer: { invoke: electron.invoke },
}));

let bridge: OffhookBridge;

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
    expect(members(bridge).sort()).toEqual(['app.info', 'drawAttention', 'secrets.get', 'secrets.set', 'settings.get', 'settings.set']);
    expect(Object.keys(bridge).sort()).toEqual(['app', 'drawAttention', 'secrets', 'settings']);
    expect(Object.keys(bridge.settings).sort()).toEqual(['get', 'set']);
    expect(Object.keys(bridge.secrets).sort()).toEqual(['get', 'set']);
    expect(Object.keys(bridge.app)).toEqual(['info']);
  });

  it.each([
    ['settings.get', () => bridge.settings.get(), CHANNELS.settingsGet, []],
    ['settings.set', () => bridge.settings.set({ theme: 'dark' }), CHANNELS.settingsSet, [{ theme: 'dark' }]],
    ['secrets.get', () => bridge.secrets.get('sip-password'), CHANNELS.secretGet, ['sip-password']],
    ['secrets.set', () => bridge.secrets.set('sip-password', 'pw'), CHANNELS.secretSet, ['sip-password', 'pw']],
    ['secrets.set(null)', () => bridge.secrets.set('sip-password', null), CHANNELS.secretSet, ['sip-password', null]],
    ['app.info', () => bridge.app.info(), CHANNELS.appInfo, []],
    ['drawAttention', () => bridge.drawAttention({ ringing: true, caller: 'Bob' }), CHANNELS.attention, [{ ringing: true, caller: 'Bob' }]],
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
    ]);
    expect(electron.invoke.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('returns what main answers', async () => {
    electron.invoke.mockResolvedValueOnce(DEFAULT_SETTINGS);
    await expect(bridge.settings.get()).resolves.toEqual(DEFAULT_SETTINGS);
    electron.invoke.mockResolvedValueOnce({ ok: false, reason: 'encryption-unavailable' });
    await expect(bridge.secrets.set('sip-password', 'pw')).resolves.toEqual({ ok: false, reason: 'encryption-unavailable' });
  });

  it('resolves drawAttention to undefined', async () => {
    electron.invoke.mockResolvedValueOnce('ignored');
    await expect(bridge.drawAttention({ ringing: true })).resolves.toBeUndefined();
  });

  it('passes main’s rejections through', async () => {
    electron.invoke.mockRejectedValueOnce(new Error('offhook:settings:set: invalid arguments'));
    await expect(bridge.settings.set({ theme: 'dark' })).rejects.toThrow(/invalid arguments/);
  });
});
