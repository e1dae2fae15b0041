import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  IpcRejection,
  registerIpcHandlers,
  type IpcInvokeEvent,
  type IpcListener,
  type IpcMainPort,
  type IpcServices,
} from '../../../../src-main/ipc/handlers';
import { createSenderCheck } from '../../../../src-main/ipc/sender-check';
import { CHANNELS, DEFAULT_SETTINGS, type AppInfo } from '../../../../src-preload/contract';

class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, IpcListener>();
  handle(channel: string, listener: IpcListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a channel the way Electron does: event first, then the renderer's arguments. */
  invoke(channel: string, event: IpcInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return Promise.resolve().then(() => handler(event, ...args));
  }
}

const OWN: IpcInvokeEvent = { senderFrame: { url: 'offhook-app://app/index.html' } };
const FOREIGN: IpcInvokeEvent = { senderFrame: { url: 'https://evil.example/phish' } };
const PASSWORD = 's3cr3t-sip-pass';
const APP_INFO: AppInfo = { name: 'Offhook', version: '1.2.3', platform: 'desktop', os: 'linux', secretsEncrypted: true };

function setup() {
  const services = {
    settings: { get: vi.fn(() => DEFAULT_SETTINGS), set: vi.fn(() => ({ ...DEFAULT_SETTINGS, theme: 'dark' as const })) },
    secrets: { get: vi.fn(() => PASSWORD), set: vi.fn(() => ({ ok: true as const })) },
    appInfo: vi.fn(() => APP_INFO),
    attention: { drawAttention: vi.fn() },
  } satisfies IpcServices;
  const ipcMain = new FakeIpcMain();
  const onServiceError = vi.fn();
  const dispose = registerIpcHandlers({ ipcMain, services, isAllowedSender: createSenderCheck('offhook-app://app'), onServiceError });
  return { ipcMain, services, dispose, onServiceError };
}

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

describe('registerIpcHandlers: registration', () => {
  it('registers exactly the contract channels, and removes them all on dispose', () => {
    expect([...ctx.ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    ctx.dispose();
    expect(ctx.ipcMain.handlers.size).toBe(0);
  });
});

describe('registerIpcHandlers: happy paths', () => {
  it('settings get/set', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.settingsGet, OWN)).resolves.toEqual(DEFAULT_SETTINGS);
    await expect(ctx.ipcMain.invoke(CHANNELS.settingsSet, OWN, { theme: 'dark', account: { extension: '1001' } })).resolves.toMatchObject({
      theme: 'dark',
    });
    expect(ctx.services.settings.set).toHaveBeenCalledWith({ theme: 'dark', account: { extension: '1001' } });
  });

  it('secrets get/set/forget', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.secretGet, OWN, 'sip-password')).resolves.toBe(PASSWORD);
    await expect(ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, 'sip-password', 'new')).resolves.toEqual({ ok: true });
    await ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, 'sip-password', null);
    expect(ctx.services.secrets.set.mock.calls).toEqual([
      ['sip-password', 'new'],
      ['sip-password', null],
    ]);
  });

  it('app info', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.appInfo, OWN)).resolves.toEqual(APP_INFO);
  });

  it('attention resolves to undefined and passes the request on', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.attention, OWN, { ringing: true, caller: 'Bob' })).resolves.toBeUndefined();
    await ctx.ipcMain.invoke(CHANNELS.attention, OWN, { ringing: false });
    expect(ctx.services.attention.drawAttention.mock.calls).toEqual([[{ ringing: true, caller: 'Bob' }], [{ ringing: false }]]);
  });

  it('accepts the dev origin when that is the app origin', async () => {
    const ipcMain = new FakeIpcMain();
    registerIpcHandlers({ ipcMain, services: ctx.services, isAllowedSender: createSenderCheck('http://127.0.0.1:5173') });
    await expect(ipcMain.invoke(CHANNELS.appInfo, { senderFrame: { url: 'http://127.0.0.1:5173/' } })).resolves.toEqual(APP_INFO);
    await expect(ipcMain.invoke(CHANNELS.appInfo, OWN)).rejects.toThrow(/sender not allowed/);
  });
});

describe('registerIpcHandlers: rejections', () => {
  const allCalls: Array<[string, unknown[]]> = [
    [CHANNELS.settingsGet, []],
    [CHANNELS.settingsSet, [{ theme: 'dark' }]],
    [CHANNELS.secretGet, ['sip-password']],
    [CHANNELS.secretSet, ['sip-password', PASSWORD]],
    [CHANNELS.appInfo, []],
    [CHANNELS.attention, [{ ringing: true }]],
  ];

  it.each(allCalls)('%s refuses a foreign sender before touching a service', async (channel, args) => {
    const call = ctx.ipcMain.invoke(channel, FOREIGN, ...args);
    await expect(call).rejects.toBeInstanceOf(IpcRejection);
    await expect(call).rejects.toThrow(`${channel}: sender not allowed (origin https://evil.example)`);
    for (const service of [ctx.services.settings, ctx.services.secrets, ctx.services.attention]) {
      for (const fn of Object.values(service)) expect(fn).not.toHaveBeenCalled();
    }
    expect(ctx.services.appInfo).not.toHaveBeenCalled();
  });

  it.each([
    ['no frame', { senderFrame: null }],
    ['a frame without URL', { senderFrame: { url: '' } }],
    ['an iframe on about:blank', { senderFrame: { url: 'about:blank' } }],
    ['a file: page', { senderFrame: { url: 'file:///etc/passwd' } }],
  ])('refuses %s', async (_label, event) => {
    await expect(ctx.ipcMain.invoke(CHANNELS.secretGet, event as IpcInvokeEvent, 'sip-password')).rejects.toThrow(
      /sender not allowed \(origin unknown\)/,
    );
    expect(ctx.services.secrets.get).not.toHaveBeenCalled();
  });

  it.each([
    ['settings get with an argument', CHANNELS.settingsGet, [1], /invalid arguments: arguments: Too big/],
    ['settings set without a patch', CHANNELS.settingsSet, [], /invalid arguments/],
    ['settings set with a bad theme', CHANNELS.settingsSet, [{ theme: 'neon' }], /arg 1\.theme/],
    ['settings set with a non-WebSocket server', CHANNELS.settingsSet, [{ account: { server: 'https://pbx' } }], /arg 1\.account\.server/],
    ['settings set with an unknown section', CHANNELS.settingsSet, [{ hacks: {} }], /invalid arguments.*hacks/],
    ['settings set with a string', CHANNELS.settingsSet, ['{"theme":"dark"}'], /invalid arguments/],
    ['secret get for an unknown key', CHANNELS.secretGet, ['aws-key'], /arg 1/],
    ['secret set without a value', CHANNELS.secretSet, ['sip-password'], /invalid arguments/],
    ['secret set with a number', CHANNELS.secretSet, ['sip-password', 1234], /arg 2/],
    ['secret set with a huge value', CHANNELS.secretSet, ['sip-password', 'x'.repeat(5000)], /arg 2: Too big/],
    ['secret set with an extra argument', CHANNELS.secretSet, ['sip-password', 'x', 'y'], /invalid arguments/],
    ['attention without ringing', CHANNELS.attention, [{ caller: 'Bob' }], /arg 1\.ringing/],
    ['attention with a string', CHANNELS.attention, ['ring'], /invalid arguments/],
  ])('refuses %s', async (_label, channel, args, message) => {
    const call = ctx.ipcMain.invoke(channel, OWN, ...args);
    await expect(call).rejects.toBeInstanceOf(IpcRejection);
    await expect(call).rejects.toThrow(message);
    await expect(call).rejects.toThrow(new RegExp(`^${channel}: `));
  });

  it.each([
    ['an extra field in a settings section', CHANNELS.settingsSet, [{ account: { extension: '1', outboundProxy: 'x' } }], 'arg 1.account.outboundProxy'],
    ['an extra field in an ICE server', CHANNELS.settingsSet, [{ account: { iceServers: [{ urls: 'stun:a', evil: 1 }] } }], 'arg 1.account.iceServers[0].evil'],
    ['an extra field in the attention request', CHANNELS.attention, [{ ringing: true, steal: 'focus' }], 'arg 1.steal'],
  ])('refuses %s, naming it', async (_label, channel, args, path) => {
    await expect(ctx.ipcMain.invoke(channel, OWN, ...args)).rejects.toThrow(`unknown fields: ${path}`);
    expect(ctx.services.settings.set).not.toHaveBeenCalled();
    expect(ctx.services.attention.drawAttention).not.toHaveBeenCalled();
  });

  it('never puts a secret value in a rejection message', async () => {
    const attempts: unknown[][] = [
      ['sip-password', { value: PASSWORD }],
      ['sip-password', [PASSWORD]],
      ['sip-password', PASSWORD.repeat(100)],
      [PASSWORD, PASSWORD],
      ['sip-password', PASSWORD, PASSWORD],
    ];
    for (const args of attempts) {
      const error = await ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, ...args).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain(PASSWORD);
    }
    const foreign = await ctx.ipcMain.invoke(CHANNELS.secretSet, { senderFrame: { url: `https://evil.example/?p=${PASSWORD}` } }, 'sip-password', PASSWORD).catch((e: unknown) => e);
    expect((foreign as Error).message).not.toContain(PASSWORD);
  });

  it('hides a failing service’s error from the renderer and reports it to main', async () => {
    ctx.services.secrets.set.mockImplementation(() => {
      throw new Error(`disk full while writing ${PASSWORD}`);
    });
    const error = (await ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, 'sip-password', PASSWORD).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(`${CHANNELS.secretSet}: request failed`);
    expect(ctx.onServiceError).toHaveBeenCalledWith(CHANNELS.secretSet, expect.any(Error));
  });
});
