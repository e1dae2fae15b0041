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
import { FakeIpcMain } from '../support/fakes';
import { CHANNELS, DEFAULT_SETTINGS, RECORDING_LIMITS, type AppInfo, type HeadsetDeviceInfo, type HotkeyStatus } from '../../../../src-preload/contract';


const OWN: IpcInvokeEvent = { senderFrame: { url: 'offhook-app://app/index.html' } };
const FOREIGN: IpcInvokeEvent = { senderFrame: { url: 'https://evil.example/phish' } };
const PASSWORD = 's3cr3t-sip-pass';
const APP_INFO: AppInfo = { name: 'Offhook', version: '1.2.3', platform: 'desktop', os: 'linux', secretsEncrypted: true };

const HOTKEYS: HotkeyStatus[] = [{ action: 'answer', accelerator: 'CommandOrControl+Shift+A', state: 'registered' }];
const HEADSETS: HeadsetDeviceInfo[] = [
  { key: '2830:775:ABC', name: 'Jabra EVOLVE LINK MS', vendorId: 0x0b0e, productId: 0x0307, active: true, inputs: ['hookSwitch'], outputs: ['offHook'] },
];
/** A minimal WebHID view of a headset: Telephony:Headset with Hook Switch in and Off-Hook LED out. */
const DESCRIPTION = {
  vendorId: 0x0b0e,
  productId: 0x0307,
  productName: 'Jabra EVOLVE LINK MS',
  collections: [
    {
      usagePage: 0x0b,
      usage: 0x05,
      type: 1,
      children: [],
      inputReports: [{ reportId: 2, items: [{ usages: [0x000b0020], reportSize: 1, reportCount: 1, isAbsolute: true }, { reportSize: 7, reportCount: 1, isConstant: true }] }],
      outputReports: [{ reportId: 2, items: [{ usages: [0x00080017], reportSize: 1, reportCount: 1 }, { reportSize: 7, reportCount: 1, isConstant: true }] }],
      featureReports: [],
    },
  ],
};
const CALL_STATE = { ringing: true, active: 1, held: 0, muted: false };
const REC = '2024-05-01_14-03-09_1002.webm';

function fakeServices() {
  return {
    settings: { get: vi.fn(() => DEFAULT_SETTINGS), set: vi.fn(() => ({ ...DEFAULT_SETTINGS, theme: 'dark' as const })) },
    secrets: { get: vi.fn(() => PASSWORD), set: vi.fn(() => ({ ok: true as const })) },
    appInfo: vi.fn(() => APP_INFO),
    attention: { drawAttention: vi.fn() },
    shell: {
      setState: vi.fn(),
      showWindow: vi.fn(),
      openLogFolder: vi.fn(async () => undefined),
      openExternal: vi.fn(async (url: string) => ({ ok: true as const, url })),
    },
    popup: { show: vi.fn(), close: vi.fn() },
    notify: vi.fn(),
    hotkeys: { status: vi.fn(() => HOTKEYS) },
    popupUrl: {
      open: vi.fn(async () => ({ ok: false as const, reason: 'not-configured' as const })),
      test: vi.fn(async () => ({ ok: true as const, url: 'https://crm.example/?n=1' })),
    },
    rendererReady: vi.fn(),
    headset: {
      setCallState: vi.fn(),
      devices: vi.fn(async () => HEADSETS),
      connect: vi.fn(async () => HEADSETS),
      describe: vi.fn(async () => undefined),
    },
    recordings: {
      begin: vi.fn(async () => ({ ok: true as const, id: '2024-05-01_14-03-09_1002.webm' })),
      append: vi.fn(async (_id: string, _seq: number, chunk: Uint8Array) => ({ ok: true as const, size: chunk.byteLength })),
      finish: vi.fn(async () => ({ ok: true as const, size: 3 })),
      read: vi.fn(async () => new Uint8Array([1, 2, 3])),
      saveAs: vi.fn(async () => ({ ok: false as const, reason: 'cancelled' as const })),
      remove: vi.fn(async (ids: readonly string[]) => ({ removed: [...ids], failed: [] })),
    },
    directory: {
      search: vi.fn(async ({ page }: { page: number }) => ({ ok: true as const, people: [], page, hasMore: false })),
      test: vi.fn(async () => ({ ok: false as const, reason: 'bad-credentials' as const, message: 'the server refused the bind DN or password' })),
    },
  } satisfies IpcServices;
}

/** Every service function, for "nothing ran" checks. */
function allServiceFns(services: ReturnType<typeof fakeServices>): Array<ReturnType<typeof vi.fn>> {
  const out: Array<ReturnType<typeof vi.fn>> = [];
  const walk = (value: unknown) => {
    if (typeof value === 'function') out.push(value as ReturnType<typeof vi.fn>);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(services);
  return out;
}

function setup() {
  const services = fakeServices();
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

  it('takes the LDAP bind password as a secret (set/forget) but never gives it back to the page', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.secretGet, OWN, 'ldap-password')).rejects.toThrow();
    await expect(ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, 'ldap-password', 'bind-pw')).resolves.toEqual({ ok: true });
    await ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, 'ldap-password', null);
    expect(ctx.services.secrets.get.mock.calls).toEqual([]);
    expect(ctx.services.secrets.set.mock.calls).toEqual([
      ['ldap-password', 'bind-pw'],
      ['ldap-password', null],
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
    [CHANNELS.shellState, [{ registration: 'registered', missedCalls: 0, ringing: false, inCall: false }]],
    [CHANNELS.popupShow, [{ callId: 'c1', name: 'Alice', number: '1002', waiting: false }]],
    [CHANNELS.popupClose, ['c1']],
    [CHANNELS.notify, [{ kind: 'missed-call', title: 'Missed call', body: 'Alice' }]],
    [CHANNELS.hotkeysStatus, []],
    [CHANNELS.popupUrlOpen, [{ event: 'ringing', callerNumber: '1002', callerName: 'Alice', internal: true }]],
    [CHANNELS.popupUrlTest, ['https://crm.example/?n=$CallerNumber']],
    [CHANNELS.openExternal, ['https://offhook.example/help']],
    [CHANNELS.openLogFolder, []],
    [CHANNELS.showWindow, [{ view: 'history' }]],
    [CHANNELS.rendererReady, []],
    [CHANNELS.headsetCallState, [CALL_STATE]],
    [CHANNELS.headsetDevices, []],
    [CHANNELS.headsetConnect, []],
    [CHANNELS.headsetDescribe, [DESCRIPTION]],
    [CHANNELS.recordingBegin, [{ party: '1002', startedAt: 1 }]],
    [CHANNELS.recordingAppend, [REC, 0, new Uint8Array([1])]],
    [CHANNELS.recordingFinish, [REC]],
    [CHANNELS.recordingRead, [REC]],
    [CHANNELS.recordingSaveAs, [REC]],
    [CHANNELS.recordingRemove, [[REC]]],
    [CHANNELS.directorySearch, [{ query: 'zs', page: 0 }]],
    [CHANNELS.directoryTest, [DEFAULT_SETTINGS.directory]],
  ];

  it.each(allCalls)('%s refuses a foreign sender before touching a service', async (channel, args) => {
    const call = ctx.ipcMain.invoke(channel, FOREIGN, ...args);
    await expect(call).rejects.toBeInstanceOf(IpcRejection);
    await expect(call).rejects.toThrow(`${channel}: sender not allowed (origin https://evil.example)`);
    for (const fn of allServiceFns(ctx.services)) expect(fn).not.toHaveBeenCalled();
  });

  it('covers every channel in these tables', () => {
    expect(allCalls.map(([channel]) => channel).sort()).toEqual(Object.values(CHANNELS).sort());
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

  it.each([['aws-key'], ['ldap_password'], ['LDAP-password'], ['ldap-password ']])(
    'refuses the unknown secret key %j on get and set, before touching the secret store',
    async (key) => {
      await expect(ctx.ipcMain.invoke(CHANNELS.secretGet, OWN, key)).rejects.toThrow(/arg 1/);
      await expect(ctx.ipcMain.invoke(CHANNELS.secretSet, OWN, key, 'x')).rejects.toThrow(/arg 1/);
      expect(ctx.services.secrets.get).not.toHaveBeenCalled();
      expect(ctx.services.secrets.set).not.toHaveBeenCalled();
    },
  );

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

describe('registerIpcHandlers: recording channels', () => {
  it('passes names, sequence numbers and bytes to the service and returns its answers', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.recordingBegin, OWN, { party: '张三 1002', startedAt: 5 })).resolves.toEqual({ ok: true, id: REC });
    await expect(ctx.ipcMain.invoke(CHANNELS.recordingAppend, OWN, REC, 0, new Uint8Array([1, 2]))).resolves.toEqual({ ok: true, size: 2 });
    expect(ctx.services.recordings.append).toHaveBeenCalledWith(REC, 0, new Uint8Array([1, 2]));
    await expect(ctx.ipcMain.invoke(CHANNELS.recordingRead, OWN, REC)).resolves.toEqual(new Uint8Array([1, 2, 3]));
    await expect(ctx.ipcMain.invoke(CHANNELS.recordingRemove, OWN, [REC, 'b.webm'])).resolves.toEqual({ removed: [REC, 'b.webm'], failed: [] });
  });

  it.each([
    ['a path', CHANNELS.recordingRead, ['../../etc/passwd'], /arg 1: must be a recording file name/],
    ['a Windows path', CHANNELS.recordingRead, ['..\\x.webm'], /arg 1/],
    ['an absolute path', CHANNELS.recordingSaveAs, ['/home/u/x.webm'], /arg 1/],
    ['a hidden file', CHANNELS.recordingFinish, ['.x.webm'], /arg 1/],
    ['another file type', CHANNELS.recordingRead, ['settings.json'], /arg 1/],
    ['a path among many', CHANNELS.recordingRemove, [[REC, '../x.webm']], /arg 1\.1/],
    ['no names at all', CHANNELS.recordingRemove, [[]], /arg 1/],
    ['a string for bytes', CHANNELS.recordingAppend, [REC, 0, 'AAAA'], /arg 3: must be bytes/],
    ['a plain array for bytes', CHANNELS.recordingAppend, [REC, 0, [1, 2]], /arg 3/],
    ['an oversized chunk', CHANNELS.recordingAppend, [REC, 0, new Uint8Array(RECORDING_LIMITS.chunkBytes + 1)], /arg 3: must be bytes, at most 1048576/],
    ['a negative sequence number', CHANNELS.recordingAppend, [REC, -1, new Uint8Array(1)], /arg 2/],
    ['a meta with a path field', CHANNELS.recordingBegin, [{ party: '1', startedAt: 1, folder: '/tmp' }], /unknown fields: arg 1\.folder/],
  ])('refuses %s', async (_label, channel, args, message) => {
    await expect(ctx.ipcMain.invoke(channel, OWN, ...args)).rejects.toThrow(message);
    for (const fn of Object.values(ctx.services.recordings)) expect(fn).not.toHaveBeenCalled();
  });
});

describe('registerIpcHandlers: directory channels', () => {
  it('passes a search and a test to the service and returns its answers', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.directorySearch, OWN, { query: '张', page: 2 })).resolves.toEqual({ ok: true, people: [], page: 2, hasMore: false });
    expect(ctx.services.directory.search).toHaveBeenCalledWith({ query: '张', page: 2 });
    await expect(ctx.ipcMain.invoke(CHANNELS.directoryTest, OWN, DEFAULT_SETTINGS.directory)).resolves.toMatchObject({ ok: false, reason: 'bad-credentials' });
  });

  it.each([
    ['a page that is not a number', CHANNELS.directorySearch, [{ query: 'a', page: '1' }], /arg 1\.page/],
    ['an over-long query', CHANNELS.directorySearch, [{ query: 'x'.repeat(257), page: 0 }], /arg 1\.query/],
    ['an extra field', CHANNELS.directorySearch, [{ query: 'a', page: 0, base: 'dc=evil' }], /arg 1/],
    ['a password smuggled into the settings', CHANNELS.directoryTest, [{ ...DEFAULT_SETTINGS.directory, password: 'x' }], /arg 1/],
    ['a URL that is not LDAP', CHANNELS.directoryTest, [{ ...DEFAULT_SETTINGS.directory, url: 'http://x' }], /arg 1\.url/],
  ])('refuses %s', async (_label, channel, args, message) => {
    await expect(ctx.ipcMain.invoke(channel, OWN, ...args)).rejects.toThrow(message);
    for (const fn of Object.values(ctx.services.directory)) expect(fn).not.toHaveBeenCalled();
  });
});

describe('registerIpcHandlers: desktop shell channels', () => {
  it('passes each request to its service and returns its answer', async () => {
    const state = { registration: 'connecting', missedCalls: 3, ringing: true, inCall: false };
    await expect(ctx.ipcMain.invoke(CHANNELS.shellState, OWN, state)).resolves.toBeUndefined();
    expect(ctx.services.shell.setState).toHaveBeenCalledWith(state);

    const call = { callId: 'c1', name: '张三', number: '+861012345678', waiting: true };
    await ctx.ipcMain.invoke(CHANNELS.popupShow, OWN, call);
    expect(ctx.services.popup.show).toHaveBeenCalledWith(call);
    await ctx.ipcMain.invoke(CHANNELS.popupClose, OWN, 'c1');
    expect(ctx.services.popup.close).toHaveBeenCalledWith('c1');

    const note = { kind: 'incoming-call', title: 'Incoming call', body: 'Alice', callId: 'c2' };
    await ctx.ipcMain.invoke(CHANNELS.notify, OWN, note);
    expect(ctx.services.notify).toHaveBeenCalledWith(note);

    await expect(ctx.ipcMain.invoke(CHANNELS.hotkeysStatus, OWN)).resolves.toEqual(HOTKEYS);

    const request = { event: 'answered', callerNumber: '1002', callerName: 'Bob', internal: false };
    await expect(ctx.ipcMain.invoke(CHANNELS.popupUrlOpen, OWN, request)).resolves.toEqual({ ok: false, reason: 'not-configured' });
    expect(ctx.services.popupUrl.open).toHaveBeenCalledWith(request);
    await expect(ctx.ipcMain.invoke(CHANNELS.popupUrlTest, OWN, 'https://crm.example/?n=$CallerNumber')).resolves.toMatchObject({ ok: true });
    expect(ctx.services.popupUrl.test).toHaveBeenCalledWith('https://crm.example/?n=$CallerNumber');

    await expect(ctx.ipcMain.invoke(CHANNELS.openExternal, OWN, 'https://offhook.example/')).resolves.toEqual({ ok: true, url: 'https://offhook.example/' });
    await expect(ctx.ipcMain.invoke(CHANNELS.openLogFolder, OWN)).resolves.toBeUndefined();
    expect(ctx.services.shell.openLogFolder).toHaveBeenCalledOnce();

    await ctx.ipcMain.invoke(CHANNELS.showWindow, OWN, {});
    await ctx.ipcMain.invoke(CHANNELS.showWindow, OWN, { view: 'settings' });
    expect(ctx.services.shell.showWindow.mock.calls).toEqual([[{}], [{ view: 'settings' }]]);

    await expect(ctx.ipcMain.invoke(CHANNELS.rendererReady, OWN)).resolves.toBeUndefined();
    expect(ctx.services.rendererReady).toHaveBeenCalledOnce();
  });

  const validCall = { callId: 'c1', name: 'Alice', number: '1002', waiting: false };
  const validState = { registration: 'registered', missedCalls: 0, ringing: false, inCall: false };

  it.each([
    ['shell state without fields', CHANNELS.shellState, [{}], /arg 1\.registration/],
    ['shell state with an unknown registration', CHANNELS.shellState, [{ ...validState, registration: 'online' }], /arg 1\.registration/],
    ['shell state with a negative count', CHANNELS.shellState, [{ ...validState, missedCalls: -1 }], /arg 1\.missedCalls/],
    ['shell state with a fractional count', CHANNELS.shellState, [{ ...validState, missedCalls: 1.5 }], /arg 1\.missedCalls/],
    ['shell state with a huge count', CHANNELS.shellState, [{ ...validState, missedCalls: 1e9 }], /arg 1\.missedCalls/],
    ['shell state as a string', CHANNELS.shellState, ['registered'], /invalid arguments/],
    ['popup show without a call id', CHANNELS.popupShow, [{ ...validCall, callId: '' }], /arg 1\.callId/],
    ['popup show with a huge name', CHANNELS.popupShow, [{ ...validCall, name: 'x'.repeat(200) }], /arg 1\.name/],
    ['popup show with a numeric number', CHANNELS.popupShow, [{ ...validCall, number: 1002 }], /arg 1\.number/],
    ['popup show without waiting', CHANNELS.popupShow, [{ callId: 'c1', name: 'A', number: '1' }], /arg 1\.waiting/],
    ['popup show with two calls', CHANNELS.popupShow, [validCall, validCall], /invalid arguments/],
    ['popup close with an object', CHANNELS.popupClose, [{ callId: 'c1' }], /arg 1/],
    ['popup close with an empty id', CHANNELS.popupClose, [''], /arg 1/],
    ['popup close with a huge id', CHANNELS.popupClose, ['x'.repeat(300)], /arg 1/],
    ['notify of an unknown kind', CHANNELS.notify, [{ kind: 'voicemail', title: 'x', body: 'y' }], /arg 1\.kind/],
    ['notify without a title', CHANNELS.notify, [{ kind: 'missed-call', title: '', body: 'y' }], /arg 1\.title/],
    ['notify with a huge body', CHANNELS.notify, [{ kind: 'missed-call', title: 't', body: 'y'.repeat(2000) }], /arg 1\.body/],
    ['hotkeys status with an argument', CHANNELS.hotkeysStatus, ['answer'], /invalid arguments/],
    ['popup URL open with an unknown event', CHANNELS.popupUrlOpen, [{ event: 'ring', callerNumber: '1', callerName: '', internal: false }], /arg 1\.event/],
    ['popup URL open without internal', CHANNELS.popupUrlOpen, [{ event: 'ringing', callerNumber: '1', callerName: '' }], /arg 1\.internal/],
    ['popup URL open with a template', CHANNELS.popupUrlOpen, ['https://evil.example/'], /invalid arguments/],
    ['popup URL test with a huge template', CHANNELS.popupUrlTest, ['h'.repeat(3000)], /arg 1: Too big/],
    ['popup URL test with an object', CHANNELS.popupUrlTest, [{ template: 'https://crm.example/' }], /arg 1/],
    ['open external with a number', CHANNELS.openExternal, [42], /arg 1/],
    ['open external with a huge URL', CHANNELS.openExternal, [`https://x.example/${'a'.repeat(5000)}`], /arg 1: Too big/],
    ['open log folder with a path', CHANNELS.openLogFolder, ['/etc'], /invalid arguments/],
    ['show window with an unknown view', CHANNELS.showWindow, [{ view: 'devtools' }], /arg 1\.view/],
    ['show window without an argument', CHANNELS.showWindow, [], /invalid arguments/],
    ['renderer ready with an argument', CHANNELS.rendererReady, [true], /invalid arguments/],
  ])('refuses %s', async (_label, channel, args, message) => {
    const call = ctx.ipcMain.invoke(channel, OWN, ...args);
    await expect(call).rejects.toBeInstanceOf(IpcRejection);
    await expect(call).rejects.toThrow(message);
    for (const fn of allServiceFns(ctx.services)) expect(fn).not.toHaveBeenCalled();
  });

  it.each([
    ['shell state', CHANNELS.shellState, [{ ...validState, presence: 'dnd' }], 'arg 1.presence'],
    ['popup call', CHANNELS.popupShow, [{ ...validCall, avatarUrl: 'https://evil.example/x.png' }], 'arg 1.avatarUrl'],
    ['notification', CHANNELS.notify, [{ kind: 'missed-call', title: 't', body: 'b', actions: [] }], 'arg 1.actions'],
    ['popup URL request', CHANNELS.popupUrlOpen, [{ event: 'ringing', callerNumber: '1', callerName: '', internal: false, url: 'x' }], 'arg 1.url'],
    ['show window request', CHANNELS.showWindow, [{ view: 'phone', focus: false }], 'arg 1.focus'],
  ])('refuses an extra field in the %s', async (_label, channel, args, path) => {
    await expect(ctx.ipcMain.invoke(channel, OWN, ...args)).rejects.toThrow(`unknown fields: ${path}`);
    for (const fn of allServiceFns(ctx.services)) expect(fn).not.toHaveBeenCalled();
  });

  it('hides an openExternal failure from the renderer', async () => {
    ctx.services.shell.openExternal.mockRejectedValueOnce(new Error('no browser'));
    await expect(ctx.ipcMain.invoke(CHANNELS.openExternal, OWN, 'https://x.example/')).rejects.toThrow(`${CHANNELS.openExternal}: request failed`);
    expect(ctx.onServiceError).toHaveBeenCalledWith(CHANNELS.openExternal, expect.any(Error));
  });
});

describe('registerIpcHandlers: headset channels', () => {
  it('passes call states, listings, rescans and descriptions to the headset service', async () => {
    await expect(ctx.ipcMain.invoke(CHANNELS.headsetCallState, OWN, CALL_STATE)).resolves.toBeUndefined();
    await ctx.ipcMain.invoke(CHANNELS.headsetCallState, OWN, { ringing: false, active: 2, held: 2, muted: true });
    expect(ctx.services.headset.setCallState.mock.calls).toEqual([[CALL_STATE], [{ ringing: false, active: 2, held: 2, muted: true }]]);

    await expect(ctx.ipcMain.invoke(CHANNELS.headsetDevices, OWN)).resolves.toEqual(HEADSETS);
    await expect(ctx.ipcMain.invoke(CHANNELS.headsetConnect, OWN)).resolves.toEqual(HEADSETS);
    expect(ctx.services.headset.connect).toHaveBeenCalledOnce();

    await expect(ctx.ipcMain.invoke(CHANNELS.headsetDescribe, OWN, DESCRIPTION)).resolves.toBeUndefined();
    expect(ctx.services.headset.describe).toHaveBeenCalledWith(DESCRIPTION);
  });

  it('accepts a description as the renderer copies it from WebHID, with absent fields left undefined', async () => {
    const copied = structuredClone(DESCRIPTION);
    const item = copied.collections[0]!.inputReports[0]!.items[0]! as Record<string, unknown>;
    Object.assign(item, { usageMinimum: undefined, usageMaximum: undefined, isRange: undefined, hasNull: undefined });
    await expect(ctx.ipcMain.invoke(CHANNELS.headsetDescribe, OWN, copied)).resolves.toBeUndefined();
  });

  const item = { usages: [0x000b0020], reportSize: 1, reportCount: 1 };
  const withItem = (extra: Record<string, unknown>) => ({
    ...DESCRIPTION,
    collections: [{ usagePage: 0x0b, usage: 0x05, inputReports: [{ reportId: 2, items: [{ ...item, ...extra }] }] }],
  });

  it.each([
    ['a call state without muted', CHANNELS.headsetCallState, [{ ringing: true, active: 0, held: 0 }], /arg 1\.muted/],
    ['a call state with three active calls', CHANNELS.headsetCallState, [{ ...CALL_STATE, active: 3 }], /arg 1\.active/],
    ['a call state with a negative held count', CHANNELS.headsetCallState, [{ ...CALL_STATE, held: -1 }], /arg 1\.held/],
    ['a call state with a fractional count', CHANNELS.headsetCallState, [{ ...CALL_STATE, active: 0.5 }], /arg 1\.active/],
    ['a call state with ringing as a string', CHANNELS.headsetCallState, [{ ...CALL_STATE, ringing: 'yes' }], /arg 1\.ringing/],
    ['a call state with an extra field', CHANNELS.headsetCallState, [{ ...CALL_STATE, callId: 'c1' }], /arg 1.*callId/],
    ['a call state as an array', CHANNELS.headsetCallState, [[true, 1, 0, false]], /invalid arguments/],
    ['two call states', CHANNELS.headsetCallState, [CALL_STATE, CALL_STATE], /invalid arguments/],
    ['devices with an argument', CHANNELS.headsetDevices, ['all'], /invalid arguments/],
    ['connect with an argument', CHANNELS.headsetConnect, [{ filters: [] }], /invalid arguments/],
    ['a description without collections', CHANNELS.headsetDescribe, [{ vendorId: 1, productId: 2, productName: 'x' }], /arg 1\.collections/],
    ['a description with a vendor ID beyond 16 bits', CHANNELS.headsetDescribe, [{ ...DESCRIPTION, vendorId: 0x10000 }], /arg 1\.vendorId/],
    ['a description with a huge product name', CHANNELS.headsetDescribe, [{ ...DESCRIPTION, productName: 'x'.repeat(300) }], /arg 1\.productName/],
    ['a description with collections as an object', CHANNELS.headsetDescribe, [{ ...DESCRIPTION, collections: { 0: {} } }], /arg 1\.collections/],
    ['a description with 33 collections', CHANNELS.headsetDescribe, [{ ...DESCRIPTION, collections: Array(33).fill(DESCRIPTION.collections[0]) }], /arg 1\.collections/],
    ['a collection with a usage page as text', CHANNELS.headsetDescribe, [{ ...DESCRIPTION, collections: [{ usagePage: '0x0B', usage: 5 }] }], /arg 1\.collections\.0\.usagePage/],
    ['a report ID beyond 255', CHANNELS.headsetDescribe, [{ ...DESCRIPTION, collections: [{ usagePage: 11, usage: 5, inputReports: [{ reportId: 256, items: [] }] }] }], /reportId/],
    ['an item with a negative report size', CHANNELS.headsetDescribe, [withItem({ reportSize: -1 })], /reportSize/],
    ['an item with a huge report count', CHANNELS.headsetDescribe, [withItem({ reportCount: 1e6 })], /reportCount/],
    ['an item with a usage beyond 32 bits', CHANNELS.headsetDescribe, [withItem({ usages: [2 ** 32] })], /usages/],
    ['a description as a string', CHANNELS.headsetDescribe, [JSON.stringify(DESCRIPTION)], /invalid arguments/],
  ])('refuses %s', async (_label, channel, args, message) => {
    const call = ctx.ipcMain.invoke(channel, OWN, ...args);
    await expect(call).rejects.toBeInstanceOf(IpcRejection);
    await expect(call).rejects.toThrow(message);
    for (const fn of allServiceFns(ctx.services)) expect(fn).not.toHaveBeenCalled();
  });

  it.each([
    ['description', [{ ...DESCRIPTION, path: '/dev/hidraw0' }], 'arg 1.path'],
    ['collection', [{ ...DESCRIPTION, collections: [{ ...DESCRIPTION.collections[0], open: true }] }], 'arg 1.collections[0].open'],
    ['report item', [withItem({ isLinear: true })], 'arg 1.collections[0].inputReports[0].items[0].isLinear'],
  ])('refuses an extra field in a headset %s, naming it', async (_label, args, path) => {
    await expect(ctx.ipcMain.invoke(CHANNELS.headsetDescribe, OWN, ...args)).rejects.toThrow(`unknown fields: ${path}`);
    expect(ctx.services.headset.describe).not.toHaveBeenCalled();
  });

  it('hides a failing headset service from the renderer and reports it to main', async () => {
    ctx.services.headset.connect.mockRejectedValueOnce(new Error('hid gone'));
    await expect(ctx.ipcMain.invoke(CHANNELS.headsetConnect, OWN)).rejects.toThrow(`${CHANNELS.headsetConnect}: request failed`);
    expect(ctx.onServiceError).toHaveBeenCalledWith(CHANNELS.headsetConnect, expect.any(Error));
  });
});

describe('registerIpcHandlers: the sending window', () => {
  const mainContents = { id: 1 };
  const popupContents = { id: 2 };

  function withContentsCheck() {
    const services = fakeServices();
    const ipcMain = new FakeIpcMain();
    registerIpcHandlers({
      ipcMain,
      services,
      isAllowedSender: createSenderCheck('offhook-app://app'),
      isAllowedContents: (sender) => sender === mainContents,
    });
    return { ipcMain, services };
  }

  it('answers the main window', async () => {
    const { ipcMain, services } = withContentsCheck();
    await ipcMain.invoke(CHANNELS.showWindow, { ...OWN, sender: mainContents }, { view: 'phone' });
    expect(services.shell.showWindow).toHaveBeenCalledOnce();
  });

  it.each([
    ['the popup window (same origin, other window)', popupContents],
    ['an event without a sender', undefined],
  ])('refuses %s before touching a service', async (_label, sender) => {
    const { ipcMain, services } = withContentsCheck();
    await expect(ipcMain.invoke(CHANNELS.settingsGet, { ...OWN, sender })).rejects.toThrow(
      `${CHANNELS.settingsGet}: sender not allowed (not the window this channel belongs to)`,
    );
    await expect(ipcMain.invoke(CHANNELS.popupShow, { ...OWN, sender }, { callId: 'c', name: '', number: '1', waiting: false })).rejects.toThrow(
      /not the window/,
    );
    await expect(ipcMain.invoke(CHANNELS.headsetCallState, { ...OWN, sender }, CALL_STATE)).rejects.toThrow(/not the window/);
    await expect(ipcMain.invoke(CHANNELS.headsetDescribe, { ...OWN, sender }, DESCRIPTION)).rejects.toThrow(/not the window/);
    for (const fn of allServiceFns(services)) expect(fn).not.toHaveBeenCalled();
  });

  it('checks the origin first', async () => {
    const { ipcMain } = withContentsCheck();
    await expect(ipcMain.invoke(CHANNELS.settingsGet, { ...FOREIGN, sender: mainContents })).rejects.toThrow(/origin https:\/\/evil\.example/);
  });
});
