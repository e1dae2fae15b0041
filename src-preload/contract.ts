/**
 * The one door between Electron main and the renderer.
 *
 * Everything that crosses it is declared here: the channel names, the zod schemas that main uses to
 * validate what the renderer sends, and the TypeScript shape of `window.offhook`. The preload, the
 * web implementation (src-renderer/platform/web-bridge.ts) and main's handlers are all checked
 * against this file by the compiler, so a channel cannot drift on one side only.
 */
import { z } from 'zod';
import type { MainEventName } from './channels';
import type { HeadsetRequest } from '../src-main/headset/core/state-machine';

export * from './channels';

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
  /** The camera for video calls ('default' = the system's first camera). */
  cameraId: deviceId,
});

export const HOTKEY_ACTIONS = ['answer', 'hangUp', 'muteToggle', 'callSelection'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];
/** An Electron accelerator ("CommandOrControl+Shift+A"), or '' for none. Checked for real in main. */
const acceleratorSchema = z.string().max(64).regex(/^[A-Za-z0-9+]*$/);

export const POPUP_URL_EVENTS = ['ringing', 'answered', 'hung-up'] as const;
export type PopupUrlEvent = (typeof POPUP_URL_EVENTS)[number];

export const desktopSettingsSchema = z.object({
  launchAtLogin: z.boolean(),
  startHidden: z.boolean(),
  /** Set once the "on by default after the first sign-in" rule has been applied, so a later "off" sticks. */
  autostartDecided: z.boolean(),
  /** The incoming-call popup window; when off, a notification is shown instead. */
  incomingPopup: z.boolean(),
  /** What a sip:/tel:/callto: link does: call at once, or put the number in the dial box. */
  linkAction: z.enum(['call', 'dial']),
  hotkeys: z.object({
    answer: acceleratorSchema,
    hangUp: acceleratorSchema,
    muteToggle: acceleratorSchema,
    callSelection: acceleratorSchema,
  }),
  /** J12: a CRM page opened for calls. `$CallerNumber` and `$CallerDisplayName` are filled in. */
  popupUrl: z.object({
    template: z.string().max(2048),
    event: z.enum(POPUP_URL_EVENTS),
    internal: z.boolean(),
    external: z.boolean(),
  }),
});
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

export const headsetSettingsSchema = z.object({
  /** Use the headset's buttons and lights at all. */
  enabled: z.boolean(),
  /** The chosen device (`HeadsetDeviceInfo.key`); '' means the first telephony headset found. */
  deviceKey: z.string().max(256),
});
export type HeadsetSettings = z.infer<typeof headsetSettingsSchema>;

/** I4: voicemail is a PBX feature reached by dialling; the codes differ per PBX. */
export const voicemailSettingsSchema = z.object({
  /** "Call voicemail" dials this (Asterisk/FreePBX and Yeastar use *2 or *97). */
  number: z.string().max(64).regex(/^[0-9*#+]*$/),
  /** "Leave voicemail" for a colleague dials this prefix followed by their extension. */
  leavePrefix: z.string().max(64).regex(/^[0-9*#+]*$/),
});
export type VoicemailSettings = z.infer<typeof voicemailSettingsSchema>;

/** F4/I3: call recordings. */
export const recordingSettingsSchema = z.object({
  /** Where main writes recordings; '' means the OS's Music (or Documents) folder / "Offhook Recordings". */
  folder: z.string().max(1024),
});
export type RecordingSettings = z.infer<typeof recordingSettingsSchema>;

/** B1: the company directory over LDAP. Attribute names default to OpenLDAP inetOrgPerson. */
export const directorySettingsSchema = z.object({
  enabled: z.boolean(),
  /** ldap://host:389 or ldaps://host:636; '' = none. */
  url: z.union([z.literal(''), z.string().max(512).regex(/^ldaps?:\/\/[^\s/]+(\/.*)?$/i)]),
  bindDn: z.string().max(512),
  baseDn: z.string().max(512),
  filter: z.string().max(1024),
  /** Verify the server certificate for ldaps:// (off only for self-signed test servers). */
  verifyCertificate: z.boolean(),
  attributes: z.object({
    name: z.string().max(64),
    firstName: z.string().max(64),
    lastName: z.string().max(64),
    extension: z.string().max(64),
    mobile: z.string().max(64),
    email: z.string().max(64),
    department: z.string().max(64),
    title: z.string().max(64),
    company: z.string().max(64),
  }),
});
export type DirectorySettings = z.infer<typeof directorySettingsSchema>;

/** C2–C5: personal contacts; numbers are normalised to E.164 in this region when they have no country code. */
export const contactSettingsSchema = z.object({
  defaultRegion: z.string().regex(/^[A-Z]{2}$/),
});

const extensionList = z.array(z.string().max(64)).max(500);
/** B1–B4: which colleagues are favourites, and whether colleagues who are not signed in are shown. */
export const colleagueSettingsSchema = z.object({
  favourites: extensionList,
  showUnregistered: z.boolean(),
});

export const MY_STATUSES = ['available', 'away', 'dnd', 'lunch', 'trip', 'off-work'] as const;
export type MyStatus = (typeof MY_STATUSES)[number];
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
/** J3–J5: my status, a temporary one, and the schedule that switches it (holiday > break > office hours > outside). */
export const statusSettingsSchema = z.object({
  status: z.enum(MY_STATUSES),
  text: z.string().max(128),
  /** A temporary status that reverts to `status` at `until` (epoch ms). */
  temporary: z.object({ status: z.enum(MY_STATUSES), text: z.string().max(128), until: z.number().int().min(0) }).nullable(),
  schedule: z.object({
    enabled: z.boolean(),
    /** 0 = Sunday … 6 = Saturday. */
    officeDays: z.array(z.number().int().min(0).max(6)).max(7),
    officeStart: clock,
    officeEnd: clock,
    officeStatus: z.enum(MY_STATUSES),
    outsideStatus: z.enum(MY_STATUSES),
    breaks: z.array(z.object({ start: clock, end: clock, status: z.enum(MY_STATUSES) })).max(8),
    holidays: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), name: z.string().max(64) })).max(200),
    holidayStatus: z.enum(MY_STATUSES),
  }),
});
export type StatusSettings = z.infer<typeof statusSettingsSchema>;

export const FUNCTION_KEY_TYPES = [
  'none',
  'blf',
  'speed-dial',
  'dtmf',
  'voicemail',
  'park',
  'retrieve',
  'intercom',
  'agent-login',
  'agent-logout',
  'agent-pause',
  'agent-unpause',
] as const;
export type FunctionKeyType = (typeof FUNCTION_KEY_TYPES)[number];
/** J13: up to 120 programmable keys, and the PBX's feature codes they dial (FreePBX defaults). */
export const functionKeySettingsSchema = z.object({
  keys: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        type: z.enum(FUNCTION_KEY_TYPES),
        label: z.string().max(64),
        /** Extension, number or DTMF digits, per type. */
        value: z.string().max(128),
      }),
    )
    .max(120),
  codes: z.object({
    pickup: z.string().max(32),
    park: z.string().max(32),
    retrieve: z.string().max(32),
    intercom: z.string().max(32),
    agentLogin: z.string().max(32),
    agentLogout: z.string().max(32),
    agentPause: z.string().max(32),
    agentUnpause: z.string().max(32),
  }),
});
export type FunctionKeySettings = z.infer<typeof functionKeySettingsSchema>;

export const settingsSchema = z.object({
  schemaVersion: z.number().int().min(1),
  language: z.enum(LANGUAGES),
  theme: z.enum(THEMES),
  account: accountSettingsSchema,
  audio: audioSettingsSchema,
  desktop: desktopSettingsSchema,
  headset: headsetSettingsSchema,
  voicemail: voicemailSettingsSchema,
  recordings: recordingSettingsSchema,
  directory: directorySettingsSchema,
  contacts: contactSettingsSchema,
  colleagues: colleagueSettingsSchema,
  status: statusSettingsSchema,
  functionKeys: functionKeySettingsSchema,
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
    desktop: desktopSettingsSchema.partial(),
    headset: headsetSettingsSchema.partial(),
    voicemail: voicemailSettingsSchema.partial(),
    recordings: recordingSettingsSchema.partial(),
    directory: directorySettingsSchema.partial(),
    contacts: contactSettingsSchema.partial(),
    colleagues: colleagueSettingsSchema.partial(),
    status: statusSettingsSchema.partial(),
    functionKeys: functionKeySettingsSchema.partial(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const CURRENT_SETTINGS_VERSION = 5;

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
  audio: { microphoneId: 'default', speakerId: 'default', ringerId: 'default', cameraId: 'default' },
  desktop: {
    launchAtLogin: false,
    startHidden: false,
    autostartDecided: false,
    incomingPopup: true,
    linkAction: 'dial',
    hotkeys: {
      answer: 'CommandOrControl+Shift+A',
      hangUp: 'CommandOrControl+Shift+H',
      muteToggle: 'CommandOrControl+Shift+M',
      callSelection: 'CommandOrControl+Shift+D',
    },
    popupUrl: { template: '', event: 'ringing', internal: false, external: true },
  },
  headset: { enabled: true, deviceKey: '' },
  voicemail: { number: '*2', leavePrefix: '*' },
  recordings: { folder: '' },
  directory: {
    enabled: false,
    url: '',
    bindDn: '',
    baseDn: '',
    filter: '(objectClass=inetOrgPerson)',
    verifyCertificate: true,
    attributes: {
      name: 'cn',
      firstName: 'givenName',
      lastName: 'sn',
      extension: 'telephoneNumber',
      mobile: 'mobile',
      email: 'mail',
      department: 'ou',
      title: 'title',
      company: 'o',
    },
  },
  contacts: { defaultRegion: 'CN' },
  colleagues: { favourites: [], showUnregistered: true },
  status: {
    status: 'available',
    text: '',
    temporary: null,
    schedule: {
      enabled: false,
      officeDays: [1, 2, 3, 4, 5],
      officeStart: '09:00',
      officeEnd: '18:00',
      officeStatus: 'available',
      outsideStatus: 'off-work',
      breaks: [{ start: '12:00', end: '13:00', status: 'lunch' }],
      holidays: [],
      holidayStatus: 'off-work',
    },
  },
  functionKeys: {
    keys: [],
    codes: {
      pickup: '**',
      park: '70',
      retrieve: '70',
      intercom: '*80',
      agentLogin: '*45',
      agentLogout: '*45',
      agentPause: '*46',
      agentUnpause: '*46',
    },
  },
};

/** Names of the secrets the renderer may keep. Nothing else can be stored as a secret. */
export const SECRET_KEYS = ['sip-password', 'ldap-password'] as const;
export const secretKeySchema = z.enum(SECRET_KEYS);
/**
 * The secrets the renderer may read back. The LDAP bind password is write-only from the renderer:
 * main uses it to bind and nothing on the page needs it, so a compromised page cannot take it.
 */
export const READABLE_SECRET_KEYS = ['sip-password'] as const;
export const readableSecretKeySchema = z.enum(READABLE_SECRET_KEYS);
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

/** What the tray, dock badge and power blocker show; the renderer sends it whenever it changes. */
export const shellStateSchema = z.object({
  registration: z.enum(['signed-out', 'connecting', 'registered', 'failed']),
  missedCalls: z.number().int().min(0).max(99_999),
  /** Unread chat messages in chats that are not muted (D5). */
  unreadChats: z.number().int().min(0).max(999_999).optional(),
  ringing: z.boolean(),
  inCall: z.boolean(),
  /** J3: my status, shown in the tray (absent before the presence store runs). */
  status: z.enum(MY_STATUSES).optional(),
});
export type ShellState = z.infer<typeof shellStateSchema>;

/** One ringing call as the popup window shows it. */
export const popupCallSchema = z.object({
  callId: z.string().min(1).max(256),
  name: z.string().max(128),
  number: z.string().max(128),
  /** Another call is already going on (call waiting). */
  waiting: z.boolean(),
});
export type PopupCall = z.infer<typeof popupCallSchema>;
export const callIdSchema = z.string().min(1).max(256);

export const POPUP_ACTIONS = ['answer', 'answer-video', 'decline'] as const;
export type PopupAction = (typeof POPUP_ACTIONS)[number];

export const notificationSchema = z.object({
  kind: z.enum(['missed-call', 'incoming-call', 'chat-message']),
  title: z.string().min(1).max(256),
  body: z.string().max(1024),
  callId: z.string().max(256).optional(),
  /** chat-message: the conversation it is about. */
  chatId: z.string().max(512).optional(),
});
export type NotificationRequest = z.infer<typeof notificationSchema>;

export const popupUrlRequestSchema = z.object({
  event: z.enum(POPUP_URL_EVENTS),
  callerNumber: z.string().max(128),
  callerName: z.string().max(128),
  internal: z.boolean(),
});
export type PopupUrlRequest = z.infer<typeof popupUrlRequestSchema>;
export const popupUrlTestSchema = z.object({ template: z.string().max(2048) });
export const externalUrlSchema = z.object({ url: z.string().max(4096) });
export const VIEWS = ['phone', 'history', 'recordings', 'settings', 'chat'] as const;
export type View = (typeof VIEWS)[number];
export const showWindowSchema = z.object({ view: z.enum(VIEWS).optional() });

/** A click-to-call or provisioning link, parsed and checked in main. */
export type IncomingLink =
  | { kind: 'dial'; number: string; source: 'sip' | 'sips' | 'tel' | 'callto' | 'offhook' }
  | {
      kind: 'provision';
      server?: string;
      extension?: string;
      authName?: string;
      displayName?: string;
      /** A password in the link is only ever used after the user presses Sign in. */
      password?: string;
    }
  | { kind: 'refused'; reason: 'malformed' | 'too-long' | 'unsupported' | 'unsafe' | 'expired'; detail?: string };

export interface HotkeyStatus {
  action: HotkeyAction;
  accelerator: string;
  /** registered · off (no accelerator) · clash (another application holds it) · invalid (not an accelerator). */
  state: 'registered' | 'off' | 'clash' | 'invalid';
}

/** Result of a URL request to main: opened, or why not. */
export type OpenResult = { ok: true; url?: string } | { ok: false; reason: 'not-configured' | 'not-for-this-call' | 'invalid-url' | 'unsafe-scheme' };

/** The calls as a headset sees them (J8); the renderer reports this whenever it changes. */
export const headsetCallStateSchema = z
  .object({
    ringing: z.boolean(),
    active: z.number().int().min(0).max(2),
    held: z.number().int().min(0).max(2),
    muted: z.boolean(),
  })
  .strict();
export type HeadsetCallState = z.infer<typeof headsetCallStateSchema>;

/** What a headset button asks of the phone: the shared headset core's own type. */
export type { HeadsetRequest };

/** A HID device as Settings → Audio → Headset lists it. */
export interface HeadsetDeviceInfo {
  /** Stable across re-plugs: vendor, product and (where known) serial number. */
  key: string;
  name: string;
  vendorId: number;
  productId: number;
  /** In use for calls right now. */
  active: boolean;
  /** What it can do: input and output roles from the capability map. */
  inputs: string[];
  outputs: string[];
}

/** Chromium's parsed HID collections (WebHID `HIDCollectionInfo`), bounded, for main to map. */
const hidReportItemSchema = z.object({
  usages: z.array(z.number().int().min(0).max(0xffffffff)).max(256).optional(),
  usageMinimum: z.number().int().min(0).max(0xffffffff).optional(),
  usageMaximum: z.number().int().min(0).max(0xffffffff).optional(),
  reportSize: z.number().int().min(0).max(256),
  reportCount: z.number().int().min(0).max(4096),
  logicalMinimum: z.number().int().optional(),
  logicalMaximum: z.number().int().optional(),
  isArray: z.boolean().optional(),
  isConstant: z.boolean().optional(),
  isAbsolute: z.boolean().optional(),
  hasNull: z.boolean().optional(),
  hasPreferredState: z.boolean().optional(),
  isRange: z.boolean().optional(),
});
const hidReportInfoSchema = z.object({ reportId: z.number().int().min(0).max(255), items: z.array(hidReportItemSchema).max(512) });
export interface HidCollectionLike {
  usagePage: number;
  usage: number;
  type?: number;
  children?: HidCollectionLike[];
  inputReports?: Array<z.infer<typeof hidReportInfoSchema>>;
  outputReports?: Array<z.infer<typeof hidReportInfoSchema>>;
  featureReports?: Array<z.infer<typeof hidReportInfoSchema>>;
}
export const hidCollectionSchema: z.ZodType<HidCollectionLike> = z.lazy(() =>
  z.object({
    usagePage: z.number().int().min(0).max(0xffff),
    usage: z.number().int().min(0).max(0xffff),
    type: z.number().int().min(0).max(255).optional(),
    children: z.array(hidCollectionSchema).max(64).optional(),
    inputReports: z.array(hidReportInfoSchema).max(256).optional(),
    outputReports: z.array(hidReportInfoSchema).max(256).optional(),
    featureReports: z.array(hidReportInfoSchema).max(256).optional(),
  }),
);
/** Windows and macOS: the renderer's WebHID view of a device, so main can map it (node-hid has no descriptor there). */
export const headsetDescriptionSchema = z.object({
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  productName: z.string().max(256),
  collections: z.array(hidCollectionSchema).max(32),
});
export type HeadsetDescription = z.infer<typeof headsetDescriptionSchema>;

/**
 * F4/I3: call recordings. The renderer names a recording only by the file name main gave it
 * (`2024-05-01_14-03-09_1002.webm`); main maps it inside the recordings folder, so no path ever
 * crosses the bridge.
 */
export const RECORDING_LIMITS = {
  /** One MediaRecorder chunk (1 s of Opus is a few KiB). */
  chunkBytes: 1024 * 1024,
  /** One recording: about 12 hours at the 48 kbit/s the recorder asks for. */
  recordingBytes: 256 * 1024 * 1024,
} as const;
export const recordingIdSchema = z
  .string()
  .max(200)
  .regex(/^[\p{L}\p{N}+@_-][\p{L}\p{N}+@_.-]*\.webm$/u, 'must be a recording file name');
export const recordingMetaSchema = z.object({
  /** Who the call was with (number or name); becomes part of the file name. */
  party: z.string().max(256),
  /** Epoch ms; the file name's date and time. */
  startedAt: z.number().int().min(0),
});
export type RecordingMeta = z.infer<typeof recordingMetaSchema>;
export const recordingChunkSchema = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array && value.byteLength <= RECORDING_LIMITS.chunkBytes,
  `must be bytes, at most ${RECORDING_LIMITS.chunkBytes} of them`,
);
export const recordingSeqSchema = z.number().int().min(0).max(10_000_000);
export const recordingIdsSchema = z.array(recordingIdSchema).min(1).max(1000);

export type RecordingFailureReason = 'too-large' | 'chunk-too-large' | 'unknown-recording' | 'out-of-order' | 'invalid-name' | 'io';
/** Why a recording request failed; `message` is English for the log, the UI shows `reason`. */
export interface RecordingFailure {
  ok: false;
  reason: RecordingFailureReason;
  message: string;
}
export type RecordingBeginResult = { ok: true; id: string } | RecordingFailure;
export type RecordingWriteResult = { ok: true; size: number } | RecordingFailure;
export type RecordingSaveResult = { ok: true } | { ok: false; reason: 'cancelled' | 'missing' | 'invalid-name' | 'io' };
export interface RecordingRemoveResult {
  removed: string[];
  failed: string[];
}

/**
 * B1/C1: the company directory over LDAP. Main binds with the settings' bind DN and the
 * 'ldap-password' secret (never sent across), searches and maps entries; errors come back as a
 * reason the UI can word, and an English message for the log without any value.
 */
export const directorySearchSchema = z
  .object({
    /** What was typed; '' lists everyone. Matched against name, number and mail on the server. */
    query: z.string().max(256),
    /** 0-based. */
    page: z.number().int().min(0).max(1000),
    pageSize: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type DirectorySearchRequest = z.infer<typeof directorySearchSchema>;
/** One person as main maps an LDAP entry through the settings' attribute names. */
export interface DirectoryPerson {
  /** The entry's DN. */
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  extension: string;
  mobile: string;
  email: string;
  /** The department attribute, or else the entry's nearest organisational unit (ou=…) in its DN. */
  department: string;
  title: string;
  company: string;
}
export type DirectoryFailureReason =
  | 'not-configured'
  | 'desktop-only'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'bad-credentials'
  | 'no-such-base'
  | 'bad-filter'
  | 'failed';
export interface DirectoryFailure {
  ok: false;
  reason: DirectoryFailureReason;
  message: string;
}
export type DirectorySearchResult = { ok: true; people: DirectoryPerson[]; page: number; hasMore: boolean } | DirectoryFailure;
/** "Test connection": binds and reads one page with these (unsaved) settings and the stored password. */
export type DirectoryTestResult = { ok: true; count: number; hasMore: boolean } | DirectoryFailure;

/** Things main tells the renderer. */
export interface MainEvents {
  link: IncomingLink;
  'popup-action': { callId: string; action: PopupAction };
  hotkey: { action: HotkeyAction; text?: string };
  /** The machine woke, was unlocked, or its network changed: re-register and ICE-restart now. */
  power: { reason: 'resume' | 'unlock' | 'network' };
  navigate: { view: View };
  'tray-action': { action: 'sign-out' } | { action: 'set-status'; status: MyStatus };
  /** A headset button asked for something. */
  headset: { request: HeadsetRequest };
  /** Headsets were plugged in or out. */
  'headset-devices': { devices: HeadsetDeviceInfo[] };
}
// The event names are declared in channels.ts (zod-free); this fails to compile if they drift.
const sameEventNames: [MainEventName, keyof MainEvents] extends [keyof MainEvents, MainEventName] ? true : never = true;
void sameEventNames;


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
  shell: {
    /** Tray icon and menu, dock badge / taskbar overlay, keeping the display awake during calls. */
    setState(state: ShellState): Promise<void>;
    showWindow(request: { view?: View }): Promise<void>;
    openLogFolder(): Promise<void>;
    /** Opens an http(s) URL in the default browser; anything else is refused. */
    openExternal(url: string): Promise<OpenResult>;
  };
  popup: {
    /** Shows (or updates) the incoming-call popup for this call; several calls stack. */
    show(call: PopupCall): Promise<void>;
    close(callId: string): Promise<void>;
  };
  notify(request: NotificationRequest): Promise<void>;
  hotkeys: {
    status(): Promise<HotkeyStatus[]>;
  };
  popupUrl: {
    /** Main decides from the settings whether this call and event open the CRM page. */
    open(request: PopupUrlRequest): Promise<OpenResult>;
    test(template: string): Promise<OpenResult>;
  };
  headset: {
    /** Report the calls; the headset's lights follow and its buttons are read against it. */
    setCallState(state: HeadsetCallState): Promise<void>;
    devices(): Promise<HeadsetDeviceInfo[]>;
    /**
     * Look for headsets now. In a browser this shows the permission prompt (call it from a click);
     * on the desktop it rescans.
     */
    connect(): Promise<HeadsetDeviceInfo[]>;
    /** Desktop on Windows/macOS: hand main the WebHID view of a device it cannot read itself. */
    describe(description: HeadsetDescription): Promise<void>;
  };
  /** F4/I3: recording files. Main writes them; the index of recordings is the renderer's (IndexedDB). */
  recordings: {
    /** Creates the file; the id is its name inside the recordings folder. */
    begin(meta: RecordingMeta): Promise<RecordingBeginResult>;
    /** Appends chunk `seq` (0, 1, 2, … in order) and flushes it to disk. */
    append(id: string, seq: number, chunk: Uint8Array): Promise<RecordingWriteResult>;
    finish(id: string): Promise<RecordingWriteResult>;
    /** The file's bytes for playback, or null when it is gone. */
    read(id: string): Promise<Uint8Array | null>;
    /** Asks where to save a copy (a download in the browser). */
    saveAs(id: string): Promise<RecordingSaveResult>;
    remove(ids: string[]): Promise<RecordingRemoveResult>;
  };
  /** B1/C1: the company directory (LDAP, desktop only; the web build says so). */
  directory: {
    search(request: DirectorySearchRequest): Promise<DirectorySearchResult>;
    test(settings: DirectorySettings): Promise<DirectoryTestResult>;
  };
  /** Subscribe to an event from main; returns the unsubscribe function. */
  on<K extends MainEventName>(event: K, listener: (payload: MainEvents[K]) => void): () => void;
  /** Call once the UI can handle events: links that arrived earlier are delivered now. */
  rendererReady(): Promise<void>;
}

/** The incoming-call popup window's own bridge (`window.offhookPopup`), and nothing else. */
export interface PopupBridge {
  /** The calls to show; called again whenever they change. */
  onCalls(listener: (calls: PopupCall[], language: Language) => void): () => void;
  act(callId: string, action: PopupAction): Promise<void>;
}
export const popupActSchema = z.object({ callId: callIdSchema, action: z.enum(POPUP_ACTIONS) });
