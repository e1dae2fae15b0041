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
  type AppInfo,
  type OffhookBridge,
  type SecretKey,
  type SecretSetResult,
  type Settings,
  type SettingsPatch,
} from '../../src-preload/contract';
import { mergeSettings } from './merge-settings';
import { toValidSettings } from '../../src-preload/settings-recovery';

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

const toB64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function createWebBridge(): OffhookBridge {
  let titleTimer: ReturnType<typeof setInterval> | null = null;
  const baseTitle = document.title;
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
