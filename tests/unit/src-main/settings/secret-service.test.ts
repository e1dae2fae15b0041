import { describe, expect, it, vi } from 'vitest';
import { createSecretService, SECRETS_STORE_KEY, type SafeStoragePort } from '../../../../src-main/settings/secret-service';
import { MemoryStore } from '../support/fakes';

const PASSWORD = 'correct horse battery staple';

/** Reversible "encryption" that visibly differs from the plain text. */
function fakeSafeStorage(overrides: Partial<SafeStoragePort> = {}): SafeStoragePort {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(`enc:${[...s].reverse().join('')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(4)].reverse().join('');
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  };
}

describe('secret service', () => {
  it('stores base64 ciphertext, never the plain text, and reads it back', () => {
    const store = new MemoryStore();
    const secrets = createSecretService({ store, safeStorage: fakeSafeStorage(), platform: 'linux' });
    expect(secrets.set('sip-password', PASSWORD)).toEqual({ ok: true });
    expect(store.dump()).not.toContain(PASSWORD);
    const saved = store.get(SECRETS_STORE_KEY) as Record<string, string>;
    expect(Buffer.from(saved['sip-password']!, 'base64').toString()).toMatch(/^enc:/);
    expect(secrets.get('sip-password')).toBe(PASSWORD);
  });

  it('returns null for a secret never set', () => {
    expect(createSecretService({ store: new MemoryStore(), safeStorage: fakeSafeStorage(), platform: 'darwin' }).get('sip-password')).toBeNull();
  });

  it('forgets a secret when set to null, even without encryption', () => {
    const store = new MemoryStore();
    createSecretService({ store, safeStorage: fakeSafeStorage(), platform: 'win32' }).set('sip-password', PASSWORD);
    const noCrypto = createSecretService({ store, safeStorage: fakeSafeStorage({ isEncryptionAvailable: () => false }), platform: 'win32' });
    expect(noCrypto.set('sip-password', null)).toEqual({ ok: true });
    expect(store.get(SECRETS_STORE_KEY)).toEqual({});
    expect(noCrypto.get('sip-password')).toBeNull();
  });

  it('refuses to store when encryption is unavailable, and writes nothing', () => {
    const store = new MemoryStore();
    const encryptString = vi.fn();
    const secrets = createSecretService({
      store,
      safeStorage: fakeSafeStorage({ isEncryptionAvailable: () => false, encryptString }),
      platform: 'darwin',
    });
    expect(secrets.set('sip-password', PASSWORD)).toEqual({ ok: false, reason: 'encryption-unavailable' });
    expect(secrets.canEncrypt()).toBe(false);
    expect(encryptString).not.toHaveBeenCalled();
    expect(store.writes).toBe(0);
  });

  it("refuses Linux's basic_text backend (a hard-coded key) like no encryption at all", () => {
    const store = new MemoryStore();
    const secrets = createSecretService({
      store,
      safeStorage: fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      platform: 'linux',
    });
    expect(secrets.canEncrypt()).toBe(false);
    expect(secrets.set('sip-password', PASSWORD)).toEqual({ ok: false, reason: 'encryption-unavailable' });
    expect(store.dump()).not.toContain(PASSWORD);
  });

  it('turns an encryption error into a refusal and reports only the error name', () => {
    const onFailure = vi.fn();
    const store = new MemoryStore();
    const secrets = createSecretService({
      store,
      safeStorage: fakeSafeStorage({
        encryptString: () => {
          throw new Error(`cannot encrypt ${PASSWORD}`);
        },
      }),
      platform: 'darwin',
      onFailure,
    });
    expect(secrets.set('sip-password', PASSWORD)).toEqual({ ok: false, reason: 'encryption-unavailable' });
    expect(onFailure).toHaveBeenCalledWith({ operation: 'encrypt', key: 'sip-password', errorName: 'Error' });
    expect(JSON.stringify(onFailure.mock.calls)).not.toContain(PASSWORD);
    expect(store.writes).toBe(0);
  });

  it.each([
    ['ciphertext from another machine', Buffer.from('garbage').toString('base64')],
    ['text that is not base64', 'not base64!'],
  ])('returns null for %s and reports a decrypt failure', (_label, ciphertext) => {
    const onFailure = vi.fn();
    const store = new MemoryStore({ [SECRETS_STORE_KEY]: { 'sip-password': ciphertext } });
    const secrets = createSecretService({ store, safeStorage: fakeSafeStorage(), platform: 'darwin', onFailure });
    expect(secrets.get('sip-password')).toBeNull();
    expect(onFailure).toHaveBeenCalledWith(expect.objectContaining({ operation: 'decrypt', key: 'sip-password' }));
  });

  it('treats a garbled secrets entry as empty and keeps only known keys on write', () => {
    const store = new MemoryStore({ [SECRETS_STORE_KEY]: ['junk'] });
    const secrets = createSecretService({ store, safeStorage: fakeSafeStorage(), platform: 'darwin' });
    expect(secrets.get('sip-password')).toBeNull();

    const withStray = new MemoryStore({ [SECRETS_STORE_KEY]: { other: 'x', 'sip-password': 42 } });
    const secrets2 = createSecretService({ store: withStray, safeStorage: fakeSafeStorage(), platform: 'darwin' });
    expect(secrets2.get('sip-password')).toBeNull();
    secrets2.set('sip-password', PASSWORD);
    expect(Object.keys(withStray.get(SECRETS_STORE_KEY) as object)).toEqual(['sip-password']);
  });
});

describe('secret service: backend query', () => {
  it('asks for the storage backend on Linux only', () => {
    const getSelectedStorageBackend = vi.fn(() => {
      throw new Error('not available on this platform');
    });
    const mac = createSecretService({ store: new MemoryStore(), safeStorage: fakeSafeStorage({ getSelectedStorageBackend }), platform: 'darwin' });
    expect(mac.canEncrypt()).toBe(true);
    expect(getSelectedStorageBackend).not.toHaveBeenCalled();
  });
});
