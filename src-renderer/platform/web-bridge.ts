/**
 * The bridge for the plain web build (and the end-to-end tests), with browser APIs only.
 *
 * Settings live in localStorage, with a per-tab copy in sessionStorage so that two tabs signed in as
 * two extensions each come back as themselves after a reload. Secrets are encrypted with AES-GCM
 * under a non-extractable WebCrypto key kept in IndexedDB: the password never reaches disk in clear
 * text, and the key cannot be read out by script.
 */
import { openDB } from 'idb';
import {
  DEFAULT_SETTINGS,
  secretKeySchema,
  secretValueSchema,
  settingsPatchSchema,
  settingsSchema,
  HOTKEY_ACTIONS,
  type AppInfo,
  type HeadsetCallState,
  type HotkeyStatus,
  type MainEventName,
  type MainEvents,
  type NotificationRequest,
  type OffhookBridge,
  type OpenResult,
  type PopupCall,
  type PopupUrlRequest,
  type ShellState,
  type SecretKey,
  type SecretSetResult,
  type Settings,
  type SettingsPatch,
} from '../../src-preload/contract';
import { mergeSettings } from './merge-settings';
import { Emitter } from '../telephony/emitter';
import { WebHidHeadsets, type HidLike } from './webhid-headsets';
import { createWebRecordings } from './web-recordings';
import { toValidSettings } from '../../src-preload/settings-recovery';
import { parseLink } from '../../src-preload/links';
import { buildPopupUrl, isPopupUrlForCall, SAMPLE_CALLER } from '../../src-preload/popup-url';

const SETTINGS_KEY = 'offhook.settings';
const SECRET_PREFIX = 'offhook.secret.';

function readStored(key: string): string | null {
  return sessionStorage.getItem(key) ?? localStorage.getItem(key);
}

function writeStored(key: string, value: string | null): void {
  for (const storage of [sessionStorage, localStorage]) {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  }
}

export function loadSettings(raw: string | null): Settings {
  if (!raw) return structuredClone(DEFAULT_SETTINGS);
  try {
    // A damaged or older value keeps every field that is still valid.
    return toValidSettings(JSON.parse(raw));
  } catch {
    return structuredClone(DEFAULT_SETTINGS);
  }
}

async function secretKey(): Promise<CryptoKey> {
  const db = await openDB('offhook-keys', 1, {
    upgrade(d) {
      d.createObjectStore('keys');
    },
  });
  let key = (await db.get('keys', 'secrets')) as CryptoKey | undefined;
  if (!key) {
    key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await db.put('keys', key, 'secrets');
  }
  db.close();
  return key;
}

function openHttpUrl(url: string): OpenResult {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: 'unsafe-scheme' };
  window.open(parsed.href, '_blank', 'noopener,noreferrer');
  return { ok: true, url: parsed.href };
}

function notifyBrowser(title: string, body: string, onClick: () => void): void {
  if (typeof Notification === 'undefined') return;
  const show = (): void => {
    const n = new Notification(title, { body });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}

const toB64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function createWebBridge(): OffhookBridge {
  let titleTimer: ReturnType<typeof setInterval> | null = null;
  const baseTitle = document.title;
  const events = new Emitter<{ [K in MainEventName]: MainEvents[K] }>();
  /** Events raised before the app subscribed (a link in the page's address), delivered at ready. */
  const early: Array<() => void> = [];
  const startLink = new URLSearchParams(location.search).get('link');
  if (startLink) early.push(() => events.emit('link', parseLink(startLink)));
  const hid = (navigator as unknown as { hid?: HidLike }).hid;
  const headsets = hid
    ? new WebHidHeadsets({
        hid,
        onRequest: (request) => events.emit('headset', { request }),
        onDevices: (devices) => events.emit('headset-devices', { devices }),
        getSettings: () => loadSettings(readStored(SETTINGS_KEY)).headset,
      })
    : null;
  return {
    settings: {
      async get() {
        return loadSettings(readStored(SETTINGS_KEY));
      },
      async set(patch: SettingsPatch) {
        const valid = settingsPatchSchema.parse(patch);
        const next = settingsSchema.parse(mergeSettings(loadSettings(readStored(SETTINGS_KEY)), valid));
        writeStored(SETTINGS_KEY, JSON.stringify(next));
        return next;
      },
    },
    secrets: {
      async get(key: SecretKey) {
        const stored = readStored(SECRET_PREFIX + secretKeySchema.parse(key));
        if (!stored) return null;
        try {
          const [iv, data] = stored.split('.');
          const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64(iv!) }, await secretKey(), fromB64(data!));
          return new TextDecoder().decode(plain);
        } catch {
          return null; // a key from another browser profile, or tampered data
        }
      },
      async set(key: SecretKey, value: string | null): Promise<SecretSetResult> {
        const name = SECRET_PREFIX + secretKeySchema.parse(key);
        secretValueSchema.parse(value);
        if (value === null) {
          writeStored(name, null);
          return { ok: true };
        }
        if (!crypto?.subtle) return { ok: false, reason: 'encryption-unavailable' };
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await secretKey(), new TextEncoder().encode(value));
        writeStored(name, `${toB64(iv)}.${toB64(new Uint8Array(data))}`);
        return { ok: true };
      },
    },
    app: {
      async info(): Promise<AppInfo> {
        return {
          name: 'Offhook',
          version: __APP_VERSION__,
          platform: 'web',
          os: navigator.platform || 'web',
          secretsEncrypted: Boolean(crypto?.subtle),
        };
      },
    },
    shell: {
      async setState(state: ShellState) {
        // A tab shows missed calls in its title; the tray and dock are the desktop app's.
        const missed = state.missedCalls > 0 ? `(${state.missedCalls}) ` : '';
        if (!titleTimer) document.title = `${missed}${baseTitle}`;
      },
      async showWindow({ view }) {
        window.focus();
        if (view) events.emit('navigate', { view });
      },
      async openLogFolder() {
        // The web build keeps no log files.
      },
      async openExternal(url: string): Promise<OpenResult> {
        return openHttpUrl(url);
      },
    },
    popup: {
      // In a tab the incoming-call panel is the popup; a notification covers a hidden tab.
      async show(call: PopupCall) {
        if (document.visibilityState === 'hidden') notifyBrowser(call.name || call.number, '', () => events.emit('navigate', { view: 'phone' }));
      },
      async close() {},
    },
    async notify(request: NotificationRequest) {
      notifyBrowser(request.title, request.body, () =>
        events.emit('navigate', { view: request.kind === 'missed-call' ? 'history' : request.kind === 'chat-message' ? 'chat' : 'phone' }),
      );
    },
    hotkeys: {
      // A web page cannot register global shortcuts.
      async status(): Promise<HotkeyStatus[]> {
        return HOTKEY_ACTIONS.map((action) => ({ action, accelerator: '', state: 'off' }));
      },
    },
    popupUrl: {
      async open(request: PopupUrlRequest): Promise<OpenResult> {
        const { popupUrl } = loadSettings(readStored(SETTINGS_KEY)).desktop;
        if (!popupUrl.template) return { ok: false, reason: 'not-configured' };
        if (!isPopupUrlForCall(popupUrl, request)) return { ok: false, reason: 'not-for-this-call' };
        const built = buildPopupUrl(popupUrl.template, { number: request.callerNumber, name: request.callerName });
        return built.ok ? openHttpUrl(built.url) : built;
      },
      async test(template: string): Promise<OpenResult> {
        const built = buildPopupUrl(template, SAMPLE_CALLER);
        return built.ok ? openHttpUrl(built.url) : built;
      },
    },
    headset: {
      async setCallState(state: HeadsetCallState) {
        headsets?.setCallState(state);
      },
      async devices() {
        return headsets ? headsets.refresh() : [];
      },
      async connect() {
        return headsets ? headsets.connect() : [];
      },
      async describe() {
        // Only the desktop app needs this (main has no descriptor on Windows and macOS).
      },
    },
    recordings: createWebRecordings(),
    // A page has no TCP: LDAP needs the desktop app. Colleagues can still be added by extension.
    directory: {
      async search() {
        return { ok: false, reason: 'desktop-only', message: 'the company directory (LDAP) needs the desktop app' };
      },
      async test() {
        return { ok: false, reason: 'desktop-only', message: 'the company directory (LDAP) needs the desktop app' };
      },
    },
    on(event, listener) {
      return events.on(event, listener);
    },
    async rendererReady() {
      for (const deliver of early.splice(0)) deliver();
    },
    async drawAttention({ ringing, caller }) {
      // A tab cannot flash the taskbar; a blinking title is what a browser allows.
      if (titleTimer) clearInterval(titleTimer);
      titleTimer = null;
      document.title = baseTitle;
      if (!ringing) return;
      let on = false;
      titleTimer = setInterval(() => {
        on = !on;
        document.title = on ? `☎ ${caller ?? ''}`.trim() : baseTitle;
      }, 800);
    },
  };
}
