/**
 * The main side of every channel in the contract. Each call is checked in this order:
 * sender origin, argument schema, no unknown fields; only then does a service run.
 * Rejections throw an Error whose message names the channel and the problem, never a value.
 */
import { z } from 'zod';
import {
  attentionSchema,
  CHANNELS,
  secretKeySchema,
  secretValueSchema,
  settingsPatchSchema,
  type AppInfo,
  type OffhookBridge,
} from '../../src-preload/contract';
import { originOf } from '../app/app-origin';
import type { AttentionService } from '../attention/attention-service';
import type { SecretService } from '../settings/secret-service';
import type { SettingsService } from '../settings/settings-service';
import type { SenderCheck } from './sender-check';
import { findUnknownKeys } from './unknown-keys';

/** The part of an invoke event we read; Electron's IpcMainInvokeEvent fits. */
export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string } | null | undefined;
}

export type IpcListener = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;

/** The part of ipcMain we use. */
export interface IpcMainPort {
  handle(channel: string, listener: IpcListener): void;
  removeHandler(channel: string): void;
}

export interface IpcServices {
  settings: Pick<SettingsService, 'get' | 'set'>;
  secrets: Pick<SecretService, 'get' | 'set'>;
  appInfo(): AppInfo;
  attention: Pick<AttentionService, 'drawAttention'>;
}

export interface RegisterIpcOptions {
  ipcMain: IpcMainPort;
  services: IpcServices;
  isAllowedSender: SenderCheck;
  /** Told when a service fails unexpectedly (the renderer only sees "request failed"). */
  onServiceError?: (channel: string, error: unknown) => void;
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
}

type Signature<K extends ChannelKey> = ChannelSignatures[K];

interface Route<K extends ChannelKey> {
  args: z.ZodType<Parameters<Signature<K>>>;
  run(args: Parameters<Signature<K>>): Awaited<ReturnType<Signature<K>>> | ReturnType<Signature<K>>;
}

type Routes = { [K in ChannelKey]: Route<K> };

function buildRoutes(services: IpcServices): Routes {
  return {
    settingsGet: { args: z.tuple([]), run: () => services.settings.get() },
    settingsSet: { args: z.tuple([settingsPatchSchema]), run: ([patch]) => services.settings.set(patch) },
    secretGet: { args: z.tuple([secretKeySchema]), run: ([key]) => services.secrets.get(key) },
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

function listenerFor<K extends ChannelKey>(
  channel: string,
  route: Route<K>,
  { isAllowedSender, onServiceError }: RegisterIpcOptions,
): IpcListener {
  return async (event, ...args) => {
    const frameUrl = event?.senderFrame?.url;
    if (!isAllowedSender(frameUrl)) {
      throw new IpcRejection(channel, `sender not allowed (origin ${originOf(frameUrl) ?? 'unknown'})`);
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
    options.ipcMain.handle(channel, listenerFor(channel, routes[key] as Route<ChannelKey>, options));
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}
