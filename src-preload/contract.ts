/**
 * The one door between Electron main and the renderer.
 *
 * Everything that crosses it is declared here: the channel names, the zod schemas that main uses to
 * validate what the renderer sends, and the TypeScript shape of `window.offhook`. The preload, the
 * web implementation (src-renderer/platform/web-bridge.ts) and main's handlers are all checked
 * against this file by the compiler, so a channel cannot drift on one side only.
 */
import { z } from 'zod';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export const DTMF_MODES = ['rfc4733', 'info'] as const;

const deviceId = z.string().max(256);
const shortText = z.string().max(256);

/** A server URL the SIP stack can dial: SIP over WebSocket, plain or TLS. */
export const serverUrlSchema = z
  .string()
  .max(512)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be a ws:// or wss:// URL');

export const iceServerSchema = z.object({
  urls: z.string().max(512).regex(/^(stun|stuns|turn|turns):/),
  username: shortText.optional(),
  credential: shortText.optional(),
});

export const accountSettingsSchema = z.object({
  server: z.union([serverUrlSchema, z.literal('')]),
  extension: z.string().max(128),
  authName: z.string().max(128),
  displayName: z.string().max(128),
  /** SIP domain; empty means "the server's host name". */
  domain: z.string().max(253),
  rememberMe: z.boolean(),
  dtmfMode: z.enum(DTMF_MODES),
  iceServers: z.array(iceServerSchema).max(8),
});

export const audioSettingsSchema = z.object({
  microphoneId: deviceId,
  speakerId: deviceId,
  ringerId: deviceId,
});

export const settingsSchema = z.object({
  schemaVersion: z.number().int().min(1),
  language: z.enum(LANGUAGES),
  theme: z.enum(THEMES),
  account: accountSettingsSchema,
  audio: audioSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;
export type AccountSettings = z.infer<typeof accountSettingsSchema>;
export type AudioSettings = z.infer<typeof audioSettingsSchema>;
export type IceServerSetting = z.infer<typeof iceServerSchema>;
export type Language = (typeof LANGUAGES)[number];
export type Theme = (typeof THEMES)[number];
export type DtmfMode = (typeof DTMF_MODES)[number];

/** A partial update: top-level sections are merged, not replaced. */
export const settingsPatchSchema = z
  .object({
    language: z.enum(LANGUAGES),
    theme: z.enum(THEMES),
    account: accountSettingsSchema.partial(),
    audio: audioSettingsSchema.partial(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const CURRENT_SETTINGS_VERSION = 1;

export const DEFAULT_SETTINGS: Settings = {
  schemaVersion: CURRENT_SETTINGS_VERSION,
  language: 'en',
  theme: 'system',
  account: {
    server: '',
    extension: '',
    authName: '',
    displayName: '',
    domain: '',
    rememberMe: true,
    dtmfMode: 'rfc4733',
    iceServers: [],
  },
  audio: { microphoneId: 'default', speakerId: 'default', ringerId: 'default' },
};

/** Names of the secrets the renderer may keep. Nothing else can be stored as a secret. */
export const SECRET_KEYS = ['sip-password'] as const;
export const secretKeySchema = z.enum(SECRET_KEYS);
export type SecretKey = (typeof SECRET_KEYS)[number];
/** A secret value, or null to forget it. */
export const secretValueSchema = z.string().max(1024).nullable();

export const attentionSchema = z.object({
  /** true while a call rings; false stops the flashing/bouncing. */
  ringing: z.boolean(),
  caller: z.string().max(256).optional(),
});
export type AttentionRequest = z.infer<typeof attentionSchema>;

export interface AppInfo {
  name: string;
  version: string;
  /** 'desktop' inside Electron, 'web' in a plain browser. */
  platform: 'desktop' | 'web';
  os: string;
  /** True where secrets are encrypted at rest (safeStorage, or WebCrypto in the web build). */
  secretsEncrypted: boolean;
}

/** Result of storing a secret: refused when the OS offers no encryption (never stored in clear). */
export type SecretSetResult = { ok: true } | { ok: false; reason: 'encryption-unavailable' };

/** IPC channel names, one per request. */
export const CHANNELS = {
  settingsGet: 'offhook:settings:get',
  settingsSet: 'offhook:settings:set',
  secretGet: 'offhook:secret:get',
  secretSet: 'offhook:secret:set',
  appInfo: 'offhook:app:info',
  attention: 'offhook:attention',
} as const;

/** The shape of `window.offhook`. */
export interface OffhookBridge {
  settings: {
    get(): Promise<Settings>;
    set(patch: SettingsPatch): Promise<Settings>;
  };
  secrets: {
    get(key: SecretKey): Promise<string | null>;
    set(key: SecretKey, value: string | null): Promise<SecretSetResult>;
  };
  app: {
    info(): Promise<AppInfo>;
  };
  /** Flash the taskbar / bounce the dock / raise the window for a ringing call. */
  drawAttention(request: AttentionRequest): Promise<void>;
}
