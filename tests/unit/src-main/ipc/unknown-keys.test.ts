import { describe, expect, it } from 'vitest';
import { findUnknownKeys } from '../../../../src-main/ipc/unknown-keys';

describe('findUnknownKeys', () => {
  it('finds keys the parser dropped, at any depth, with their path', () => {
    const input = [{ account: { extension: '1', extra: 1, iceServers: [{ urls: 'stun:x', evil: true }] }, top: 1 }];
    const parsed = [{ account: { extension: '1', iceServers: [{ urls: 'stun:x' }] } }];
    expect(findUnknownKeys(input, parsed)).toEqual(['[0].account.extra', '[0].account.iceServers[0].evil', '[0].top']);
  });

  it('finds nothing when everything was kept (including explicit undefined)', () => {
    expect(findUnknownKeys([{ ringing: true, caller: undefined }], [{ ringing: true, caller: undefined }])).toEqual([]);
    expect(findUnknownKeys(['sip-password', null], ['sip-password', null])).toEqual([]);
  });
});
