/**
 * Whether safeStorage really encrypts. On Linux, without a keyring, Chromium falls back to the
 * 'basic_text' backend whose key is a hard-coded constant: the ciphertext is obfuscation, not
 * protection. Before `ready` the backend reads 'unknown'. Both count as "no encryption", so a SIP
 * password is refused rather than stored in effectively plain text.
 */
export interface EncryptionFacts {
  platform: NodeJS.Platform;
  available: boolean;
  /** safeStorage.getSelectedStorageBackend(); meaningful on Linux only. */
  backend: string | undefined;
}

const UNTRUSTED_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function isEncryptionTrustworthy({ platform, available, backend }: EncryptionFacts): boolean {
  if (!available) return false;
  if (platform !== 'linux') return true;
  return backend !== undefined && !UNTRUSTED_LINUX_BACKENDS.has(backend);
}
