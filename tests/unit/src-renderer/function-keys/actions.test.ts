import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FunctionKeyType } from '../../../../src-preload/contract';
import { actionFor, type CurrentCall, type FunctionKey, type KeyContext } from '../../../../src-renderer/function-keys/actions';
import type { PresenceState } from '../../../../src-renderer/telephony/presence-types';

const key = (type: FunctionKeyType, value = ''): FunctionKey => ({ id: 'k1', type, label: '', value });
function ctx(over: { current?: CurrentCall | null; presence?: Record<string, PresenceState>; codes?: Partial<KeyContext['codes']>; voicemailNumber?: string } = {}): KeyContext {
  return {
    codes: { ...DEFAULT_SETTINGS.functionKeys.codes, ...over.codes },
    voicemailNumber: over.voicemailNumber ?? '*2',
    current: over.current ?? null,
    presence: (ext) => over.presence?.[ext] ?? 'unknown',
  };
}
const active: CurrentCall = { id: 'c1', state: 'active' };

describe('actionFor', () => {
  it('an empty key does nothing', () => {
    expect(actionFor(key('none'), ctx())).toEqual({ kind: 'none', reason: 'empty' });
  });

  it.each<PresenceState>(['available', 'away', 'dnd', 'on-call', 'unregistered', 'unknown'])('BLF while the colleague is %s calls the extension', (state) => {
    expect(actionFor(key('blf', '1002'), ctx({ presence: { '1002': state } }))).toEqual({ kind: 'call', number: '1002' });
  });

  it('BLF while the colleague rings picks up with the pickup code (FreePBX **ext)', () => {
    expect(actionFor(key('blf', ' 1002 '), ctx({ presence: { '1002': 'ringing' } }))).toEqual({ kind: 'call', number: '**1002' });
    expect(actionFor(key('blf', '1002'), ctx({ presence: { '1002': 'ringing' }, codes: { pickup: '*8' } }))).toEqual({ kind: 'call', number: '*81002' });
  });

  it('BLF ringing without a pickup code, or without an extension, does nothing', () => {
    expect(actionFor(key('blf', '1002'), ctx({ presence: { '1002': 'ringing' }, codes: { pickup: ' ' } }))).toEqual({ kind: 'none', reason: 'no-code' });
    expect(actionFor(key('blf', ''), ctx())).toEqual({ kind: 'none', reason: 'no-value' });
  });

  it('speed dial calls its number', () => {
    expect(actionFor(key('speed-dial', '+86 10 1234'), ctx())).toEqual({ kind: 'call', number: '+86 10 1234' });
    expect(actionFor(key('speed-dial', ''), ctx())).toEqual({ kind: 'none', reason: 'no-value' });
  });

  it('DTMF sends its digits into the answered call only', () => {
    expect(actionFor(key('dtmf', '123#'), ctx({ current: active }))).toEqual({ kind: 'dtmf', callId: 'c1', digits: '123#' });
    expect(actionFor(key('dtmf', '123#'), ctx())).toEqual({ kind: 'none', reason: 'no-call' });
    expect(actionFor(key('dtmf', '123#'), ctx({ current: { id: 'c1', state: 'ringing-out' } }))).toEqual({ kind: 'none', reason: 'no-call' });
  });

  it('voicemail dials the voicemail number', () => {
    expect(actionFor(key('voicemail', '1002'), ctx({ voicemailNumber: '*98' }))).toEqual({ kind: 'call', number: '*98' });
    expect(actionFor(key('voicemail', '1002'), ctx({ voicemailNumber: '' }))).toEqual({ kind: 'none', reason: 'no-code' });
  });

  it('park transfers the answered call to the park code (plus an optional slot)', () => {
    expect(actionFor(key('park'), ctx({ current: active }))).toEqual({ kind: 'transfer', callId: 'c1', target: '70' });
    expect(actionFor(key('park', '1'), ctx({ current: active, codes: { park: '7' } }))).toEqual({ kind: 'transfer', callId: 'c1', target: '71' });
    expect(actionFor(key('park'), ctx())).toEqual({ kind: 'none', reason: 'no-call' });
    expect(actionFor(key('park'), ctx({ current: active, codes: { park: '' } }))).toEqual({ kind: 'none', reason: 'no-code' });
  });

  it('retrieve calls the retrieve code plus the slot', () => {
    expect(actionFor(key('retrieve', '1'), ctx({ codes: { retrieve: '7' } }))).toEqual({ kind: 'call', number: '71' });
    expect(actionFor(key('retrieve'), ctx())).toEqual({ kind: 'call', number: '70' });
    expect(actionFor(key('retrieve'), ctx({ codes: { retrieve: '' } }))).toEqual({ kind: 'none', reason: 'no-code' });
  });

  it('intercom calls the intercom code plus the extension', () => {
    expect(actionFor(key('intercom', '1002'), ctx())).toEqual({ kind: 'call', number: '*801002' });
    expect(actionFor(key('intercom', ''), ctx())).toEqual({ kind: 'none', reason: 'no-value' });
    expect(actionFor(key('intercom', '1002'), ctx({ codes: { intercom: '' } }))).toEqual({ kind: 'none', reason: 'no-code' });
  });

  it.each([
    ['agent-login', 'agentLogin', '*45'],
    ['agent-logout', 'agentLogout', '*45'],
    ['agent-pause', 'agentPause', '*46'],
    ['agent-unpause', 'agentUnpause', '*46'],
  ] as const)('%s calls its code plus the queue, and nothing without a code', (type, code, def) => {
    expect(actionFor(key(type), ctx())).toEqual({ kind: 'call', number: def });
    expect(actionFor(key(type, '400'), ctx())).toEqual({ kind: 'call', number: `${def}400` });
    expect(actionFor(key(type, '400'), ctx({ codes: { [code]: '' } }))).toEqual({ kind: 'none', reason: 'no-code' });
  });

  it('distinguishes logout from login codes', () => {
    const c = ctx({ codes: { agentLogin: '*11', agentLogout: '*12', agentPause: '*13', agentUnpause: '*14' } });
    expect(['agent-login', 'agent-logout', 'agent-pause', 'agent-unpause'].map((t) => actionFor(key(t as FunctionKeyType), c))).toEqual(
      ['*11', '*12', '*13', '*14'].map((number) => ({ kind: 'call', number })),
    );
  });
});
