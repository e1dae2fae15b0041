/**
 * Secrets (the SIP password) kept as safeStorage ciphertext, base64-encoded, in the store.
 *
 * Never written in clear: when the OS offers no real encryption the write is refused and the
 * renderer told why. Values never appear in errors or reports.
 */
import { SECRET_KEYS, type SecretKey, type SecretSetResult } from '../../src-preload/contract';
import { isEncryptionTrustworthy } from './encryption-policy';
import { isPlainObject, type KeyValueStore } from './store-port';

export const SECRETS_STORE_KEY = 'secrets';

/** The part of Electron's safeStorage we use. */
export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export interface SecretService {
  get(key: SecretKey): string | null;
  set(key: SecretKey, value: string | null): SecretSetResult;
  /** True when a secret written now would be truly encrypted (AppInfo.secretsEncrypted). */
  canEncrypt(): boolean;
}

export type SecretFailure = { operation: 'encrypt' | 'decrypt'; key: SecretKey; errorName: string };

export interface SecretServiceOptions {
  store: KeyValueStore;
  safeStorage: SafeStoragePort;
  platform: NodeJS.Platform;
  /** Told about failures; receives the error's name only, never a value or ciphertext. */
  onFailure?: (failure: SecretFailure) => void;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(SECRET_KEYS);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export function createSecretService({ store, safeStorage, platform, onFailure }: SecretServiceOptions): SecretService {
  function readAll(): Partial<Record<SecretKey, string>> {
    const stored = store.get(SECRETS_STORE_KEY);
    if (!isPlainObject(stored)) return {};
    const out: Partial<Record<SecretKey, string>> = {};
    for (const [key, value] of Object.entries(stored)) {
      if (KNOWN_KEYS.has(key) && typeof value === 'string') out[key as SecretKey] = value;
    }
    return out;
  }

  function canEncrypt(): boolean {
    return isEncryptionTrustworthy({
      platform,
      available: safeStorage.isEncryptionAvailable(),
      // The backend query exists (and means something) on Linux only.
      backend: platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined,
    });
  }

  return {
    canEncrypt,

    get(key) {
      const ciphertext = readAll()[key];
      if (ciphertext === undefined) return null;
      try {
        if (!BASE64.test(ciphertext)) throw new TypeError('stored secret is not base64');
        return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch (error) {
        onFailure?.({ operation: 'decrypt', key, errorName: errorName(error) });
        return null;
      }
    },

    set(key, value) {
      const all = readAll();
      if (value === null) {
        delete all[key];
        store.set(SECRETS_STORE_KEY, all);
        return { ok: true };
      }
      if (!canEncrypt()) return { ok: false, reason: 'encryption-unavailable' };
      let ciphertext: string;
      try {
        ciphertext = safeStorage.encryptString(value).toString('base64');
      } catch (error) {
        onFailure?.({ operation: 'encrypt', key, errorName: errorName(error) });
        return { ok: false, reason: 'encryption-unavailable' };
      }
      store.set(SECRETS_STORE_KEY, { ...all, [key]: ciphertext });
      return { ok: true };
    },
  };
}
