/**
 * The main side of every channel in the contract. Each call is checked in this order:
 * sender origin, sending window, argument schema, no unknown fields; only then does a service run.
 * Rejections throw an Error whose message names the channel and the problem, never a value.
 */
import { z } from 'zod';
import {
  attentionSchema,
  callIdSchema,
  CHANNELS,
  directorySearchSchema,
  directorySettingsSchema,
  externalUrlSchema,
  headsetCallStateSchema,
  headsetDescriptionSchema,
  notificationSchema,
  popupCallSchema,
  popupUrlRequestSchema,
  popupUrlTestSchema,
  recordingChunkSchema,
  recordingIdSchema,
  recordingIdsSchema,
  recordingMetaSchema,
  recordingSeqSchema,
  secretKeySchema,
  readableSecretKeySchema,
  secretValueSchema,
  settingsPatchSchema,
  shellStateSchema,
  showWindowSchema,
  type AppInfo,
  type HeadsetCallState,
  type HeadsetDescription,
  type HeadsetDeviceInfo,
  type HotkeyStatus,
  type NotificationRequest,
  type OffhookBridge,
  type OpenResult,
  type PopupCall,
  type PopupUrlRequest,
  type ShellState,
  type View,
} from '../../src-preload/contract';
import { originOf } from '../app/app-origin';
import type { AttentionService } from '../attention/attention-service';
import type { DirectoryService } from '../directory/directory-service';
import type { RecordingsService } from '../recordings/recordings-service';
import type { SecretService } from '../settings/secret-service';
import type { SettingsService } from '../settings/settings-service';
import type { SenderCheck } from './sender-check';
import { findUnknownKeys } from './unknown-keys';

/** The part of an invoke event we read; Electron's IpcMainInvokeEvent fits. */
export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string } | null | undefined;
  /** The sending WebContents, compared by identity with the window that may use the channel. */
  readonly sender?: unknown;
}

export type IpcListener = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;

/** The part of ipcMain we use. */
export interface IpcMainPort {
  handle(channel: string, listener: IpcListener): void;
  removeHandler(channel: string): void;
}

type MaybePromise<T> = T | Promise<T>;

export interface IpcServices {
  settings: Pick<SettingsService, 'get' | 'set'>;
  secrets: Pick<SecretService, 'get' | 'set'>;
  appInfo(): AppInfo;
  attention: Pick<AttentionService, 'drawAttention'>;
  shell: {
    setState(state: ShellState): void;
    showWindow(request: { view?: View }): void;
    openLogFolder(): MaybePromise<void>;
    openExternal(url: string): MaybePromise<OpenResult>;
  };
  popup: {
    show(call: PopupCall): void;
    close(callId: string): void;
  };
  notify(request: NotificationRequest): void;
  hotkeys: { status(): HotkeyStatus[] };
  popupUrl: {
    open(request: PopupUrlRequest): MaybePromise<OpenResult>;
    test(template: string): MaybePromise<OpenResult>;
  };
  rendererReady(): void;
  /** J8. Device problems are logged by the service, never thrown back to the renderer. */
  headset: {
    setCallState(state: HeadsetCallState): void;
    devices(): MaybePromise<HeadsetDeviceInfo[]>;
    /** Rescans first. */
    connect(): MaybePromise<HeadsetDeviceInfo[]>;
    describe(description: HeadsetDescription): MaybePromise<void>;
  };
  /** F4/I3. Ids are checked again by the service against the recordings folder. */
  recordings: Pick<RecordingsService, 'begin' | 'append' | 'finish' | 'read' | 'saveAs' | 'remove'>;
  /** B1/C1. Failures come back as a reason, never thrown. */
  directory: DirectoryService;
}

/** Checks shared by every validated channel. */
export interface SenderChecks {
  isAllowedSender: SenderCheck;
  /**
   * The one WebContents allowed on these channels (the main window's for the bridge, the popup's
   * for the popup's channel). The popup page has the app's origin too; this keeps it, or any
   * other window of ours, off channels that are not its own. Omitted: origin check only.
   */
  isAllowedContents?: (sender: unknown) => boolean;
  /** Told when a service fails unexpectedly (the renderer only sees "request failed"). */
  onServiceError?: (channel: string, error: unknown) => void;
}

export interface RegisterIpcOptions extends SenderChecks {
  ipcMain: IpcMainPort;
  services: IpcServices;
}

type ChannelKey = keyof typeof CHANNELS;

/** Each channel's signature, taken from the bridge so a contract change breaks the build here. */
interface ChannelSignatures {
  settingsGet: OffhookBridge['settings']['get'];
  settingsSet: OffhookBridge['settings']['set'];
  secretGet: OffhookBridge['secrets']['get'];
  secretSet: OffhookBridge['secrets']['set'];
  appInfo: OffhookBridge['app']['info'];
  attention: OffhookBridge['drawAttention'];
  shellState: OffhookBridge['shell']['setState'];
  popupShow: OffhookBridge['popup']['show'];
  popupClose: OffhookBridge['popup']['close'];
  notify: OffhookBridge['notify'];
  hotkeysStatus: OffhookBridge['hotkeys']['status'];
  popupUrlOpen: OffhookBridge['popupUrl']['open'];
  popupUrlTest: OffhookBridge['popupUrl']['test'];
  openExternal: OffhookBridge['shell']['openExternal'];
  openLogFolder: OffhookBridge['shell']['openLogFolder'];
  showWindow: OffhookBridge['shell']['showWindow'];
  rendererReady: OffhookBridge['rendererReady'];
  headsetCallState: OffhookBridge['headset']['setCallState'];
  headsetDevices: OffhookBridge['headset']['devices'];
  headsetConnect: OffhookBridge['headset']['connect'];
  headsetDescribe: OffhookBridge['headset']['describe'];
  recordingBegin: OffhookBridge['recordings']['begin'];
  recordingAppend: OffhookBridge['recordings']['append'];
  recordingFinish: OffhookBridge['recordings']['finish'];
  recordingRead: OffhookBridge['recordings']['read'];
  recordingSaveAs: OffhookBridge['recordings']['saveAs'];
  recordingRemove: OffhookBridge['recordings']['remove'];
  directorySearch: OffhookBridge['directory']['search'];
  directoryTest: OffhookBridge['directory']['test'];
}

type Signature<K extends ChannelKey> = ChannelSignatures[K];

/** A channel's argument schema and the service call it makes. */
export interface Route<Args extends unknown[], Result> {
  args: z.ZodType<Args>;
  run(args: Args): Result | Promise<Result>;
}

type ChannelRoute<K extends ChannelKey> = Route<Parameters<Signature<K>>, Awaited<ReturnType<Signature<K>>>>;

type Routes = { [K in ChannelKey]: ChannelRoute<K> };

function buildRoutes(services: IpcServices): Routes {
  return {
    settingsGet: { args: z.tuple([]), run: () => services.settings.get() },
    settingsSet: { args: z.tuple([settingsPatchSchema]), run: ([patch]) => services.settings.set(patch) },
    secretGet: { args: z.tuple([readableSecretKeySchema]), run: ([key]) => services.secrets.get(key) },
    secretSet: {
      args: z.tuple([secretKeySchema, secretValueSchema]),
      run: ([key, value]) => services.secrets.set(key, value),
    },
    appInfo: { args: z.tuple([]), run: () => services.appInfo() },
    attention: {
      args: z.tuple([attentionSchema]),
      run: ([request]) => {
        services.attention.drawAttention(request);
      },
    },
    shellState: {
      args: z.tuple([shellStateSchema]),
      run: ([state]) => {
        services.shell.setState(state);
      },
    },
    popupShow: {
      args: z.tuple([popupCallSchema]),
      run: ([call]) => {
        services.popup.show(call);
      },
    },
    popupClose: {
      args: z.tuple([callIdSchema]),
      run: ([callId]) => {
        services.popup.close(callId);
      },
    },
    notify: {
      args: z.tuple([notificationSchema]),
      run: ([request]) => {
        services.notify(request);
      },
    },
    hotkeysStatus: { args: z.tuple([]), run: () => services.hotkeys.status() },
    popupUrlOpen: { args: z.tuple([popupUrlRequestSchema]), run: ([request]) => services.popupUrl.open(request) },
    // The bridge passes the template itself; the contract's object schema describes its one field.
    popupUrlTest: { args: z.tuple([popupUrlTestSchema.shape.template]), run: ([template]) => services.popupUrl.test(template) },
    openExternal: { args: z.tuple([externalUrlSchema.shape.url]), run: ([url]) => services.shell.openExternal(url) },
    openLogFolder: {
      args: z.tuple([]),
      run: async () => {
        await services.shell.openLogFolder();
      },
    },
    showWindow: {
      args: z.tuple([showWindowSchema]),
      run: ([request]) => {
        services.shell.showWindow(request);
      },
    },
    rendererReady: {
      args: z.tuple([]),
      run: () => {
        services.rendererReady();
      },
    },
    headsetCallState: {
      args: z.tuple([headsetCallStateSchema]),
      run: ([state]) => {
        services.headset.setCallState(state);
      },
    },
    headsetDevices: { args: z.tuple([]), run: () => services.headset.devices() },
    headsetConnect: { args: z.tuple([]), run: () => services.headset.connect() },
    headsetDescribe: {
      args: z.tuple([headsetDescriptionSchema]),
      run: async ([description]) => {
        await services.headset.describe(description);
      },
    },
    recordingBegin: { args: z.tuple([recordingMetaSchema]), run: ([meta]) => services.recordings.begin(meta) },
    recordingAppend: {
      args: z.tuple([recordingIdSchema, recordingSeqSchema, recordingChunkSchema]),
      run: ([id, seq, chunk]) => services.recordings.append(id, seq, chunk),
    },
    recordingFinish: { args: z.tuple([recordingIdSchema]), run: ([id]) => services.recordings.finish(id) },
    recordingRead: { args: z.tuple([recordingIdSchema]), run: ([id]) => services.recordings.read(id) },
    recordingSaveAs: { args: z.tuple([recordingIdSchema]), run: ([id]) => services.recordings.saveAs(id) },
    recordingRemove: { args: z.tuple([recordingIdsSchema]), run: ([ids]) => services.recordings.remove(ids) },
    directorySearch: { args: z.tuple([directorySearchSchema]), run: ([request]) => services.directory.search(request) },
    directoryTest: { args: z.tuple([directorySettingsSchema.strict()]), run: ([settings]) => services.directory.test(settings) },
  };
}

export class IpcRejection extends Error {
  override readonly name = 'IpcRejection';
  constructor(
    readonly channel: string,
    readonly reason: string,
  ) {
    super(`${channel}: ${reason}`);
  }
}

const MAX_DETAIL = 300;

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

/** "arg 1.account.server: message"; zod messages state expectations, not the received value. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return clip(
    issues
      .map((issue) => {
        const [index, ...rest] = issue.path;
        const where = index === undefined ? 'arguments' : [`arg ${Number(index) + 1}`, ...rest.map(String)].join('.');
        return `${where}: ${issue.message}`;
      })
      .join('; '),
  );
}

/** "[0].account.x" → "arg 1.account.x" */
function describeUnknownKeys(paths: string[]): string {
  return clip(paths.map((path) => path.replace(/^\[(\d+)\]/, (_match, i: string) => `arg ${Number(i) + 1}`)).join(', '));
}

/** The validated listener for one channel; also used for the popup window's channel. */
export function validatedListener<Args extends unknown[], Result>(
  channel: string,
  route: Route<Args, Result>,
  { isAllowedSender, isAllowedContents, onServiceError }: SenderChecks,
): IpcListener {
  return async (event, ...args) => {
    const frameUrl = event?.senderFrame?.url;
    if (!isAllowedSender(frameUrl)) {
      throw new IpcRejection(channel, `sender not allowed (origin ${originOf(frameUrl) ?? 'unknown'})`);
    }
    if (isAllowedContents && !isAllowedContents(event.sender)) {
      throw new IpcRejection(channel, 'sender not allowed (not the window this channel belongs to)');
    }
    const parsed = route.args.safeParse(args);
    if (!parsed.success) throw new IpcRejection(channel, `invalid arguments: ${describeIssues(parsed.error.issues)}`);
    const unknownKeys = findUnknownKeys(args, parsed.data);
    if (unknownKeys.length > 0) throw new IpcRejection(channel, `unknown fields: ${describeUnknownKeys(unknownKeys)}`);
    try {
      return await route.run(parsed.data);
    } catch (error) {
      onServiceError?.(channel, error);
      throw new Error(`${channel}: request failed`);
    }
  };
}

/** Registers a handler for every channel; returns a function that removes them all. */
export function registerIpcHandlers(options: RegisterIpcOptions): () => void {
  const routes = buildRoutes(options.services);
  const channels: string[] = [];
  for (const key of Object.keys(CHANNELS) as ChannelKey[]) {
    const channel = CHANNELS[key];
    options.ipcMain.handle(channel, validatedListener(channel, routes[key] as Route<unknown[], unknown>, options));
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}
