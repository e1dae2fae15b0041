import { describe, expect, it } from 'vitest';
import { isEncryptionTrustworthy } from '../../../../src-main/settings/encryption-policy';

describe('isEncryptionTrustworthy', () => {
  it.each([
    ['darwin', true, undefined, true],
    ['win32', true, undefined, true],
    ['darwin', false, undefined, false],
    ['win32', false, undefined, false],
    // elsewhere the backend name is meaningless and ignored
    ['darwin', true, 'unknown', true],
    ['linux', true, 'gnome_libsecret', true],
    ['linux', true, 'kwallet5', true],
    ['linux', true, 'kwallet6', true],
    ['linux', true, 'basic_text', false],
    ['linux', true, 'unknown', false],
    ['linux', true, undefined, false],
    ['linux', false, 'gnome_libsecret', false],
  ] as const)('%s, available=%s, backend=%s → %s', (platform, available, backend, expected) => {
    expect(isEncryptionTrustworthy({ platform, available, backend })).toBe(expected);
  });
});
