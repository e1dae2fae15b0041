import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, functionKeySettingsSchema } from '../../../../src-preload/contract';
import type { FunctionKey } from '../../../../src-renderer/function-keys/actions';
import {
  MAX_KEYS,
  addKey,
  invalidCodes,
  moveEarlier,
  moveKey,
  moveLater,
  removeKey,
  replaceKey,
  validateKey,
  watchedExtensions,
} from '../../../../src-renderer/function-keys/keys';

const k = (id: string, type: FunctionKey['type'] = 'speed-dial', value = '100'): FunctionKey => ({ id, type, label: id, value });
const ids = (keys: FunctionKey[]) => keys.map((x) => x.id).join('');

describe('validateKey', () => {
  it('wants an extension for BLF, voicemail and intercom', () => {
    for (const type of ['blf', 'voicemail', 'intercom'] as const) {
      expect(validateKey(type, '', '1002')).toBeNull();
      expect(validateKey(type, '', '')).toBe('value-required');
      expect(validateKey(type, '', '10 02')).toBe('value-invalid');
      expect(validateKey(type, '', '*1002')).toBe('value-invalid');
    }
  });
  it('wants a number or SIP address for speed dial', () => {
    expect(validateKey('speed-dial', '', '+86 10 8888-1234')).toBeNull();
    expect(validateKey('speed-dial', '', 'anna@pbx.example.com')).toBeNull();
    expect(validateKey('speed-dial', '', '*97')).toBeNull();
    expect(validateKey('speed-dial', '', '')).toBe('value-required');
    expect(validateKey('speed-dial', '', 'a<b')).toBe('value-invalid');
    expect(validateKey('speed-dial', '', 'sip:anna@')).toBe('value-invalid');
  });
  it('wants DTMF digits for DTMF', () => {
    expect(validateKey('dtmf', '', '123*#ABCD')).toBeNull();
    expect(validateKey('dtmf', '', '12x')).toBe('value-invalid');
    expect(validateKey('dtmf', '', '')).toBe('value-required');
  });
  it('takes optional digits for park, retrieve and agent keys', () => {
    for (const type of ['park', 'retrieve', 'agent-login', 'agent-logout', 'agent-pause', 'agent-unpause'] as const) {
      expect(validateKey(type, '', '')).toBeNull();
      expect(validateKey(type, '', '400')).toBeNull();
      expect(validateKey(type, '', 'q1')).toBe('value-invalid');
    }
  });
  it('wants no value for an empty key, and a label of at most 64 characters', () => {
    expect(validateKey('none', '', '')).toBeNull();
    expect(validateKey('none', '', '1')).toBe('value-not-allowed');
    expect(validateKey('blf', 'x'.repeat(65), '1002')).toBe('label-too-long');
    expect(validateKey('blf', 'x'.repeat(64), '1002')).toBeNull();
  });
});

describe('addKey / replaceKey / removeKey', () => {
  it('adds a trimmed key, and refuses the 121st', () => {
    const r = addKey([], { id: 'a', type: 'blf', label: ' Anna ', value: ' 1002 ' });
    expect(r).toEqual({ ok: true, keys: [{ id: 'a', type: 'blf', label: 'Anna', value: '1002' }] });
    const full = Array.from({ length: MAX_KEYS }, (_, i) => k(String(i)));
    expect(addKey(full, k('x'))).toEqual({ ok: false, reason: 'full' });
    expect(addKey(full.slice(1), k('x')).ok).toBe(true);
    // the schema agrees with the limit
    expect(functionKeySettingsSchema.safeParse({ ...DEFAULT_SETTINGS.functionKeys, keys: full }).success).toBe(true);
    expect(functionKeySettingsSchema.safeParse({ ...DEFAULT_SETTINGS.functionKeys, keys: [...full, k('x')] }).success).toBe(false);
  });
  it('refuses an invalid key', () => {
    expect(addKey([], { id: 'a', type: 'blf', label: '', value: '' })).toEqual({ ok: false, reason: 'value-required' });
    expect(replaceKey([k('a')], { id: 'a', type: 'dtmf', label: '', value: 'zz' })).toEqual({ ok: false, reason: 'value-invalid' });
  });
  it('replaces by id and removes by id', () => {
    const r = replaceKey([k('a'), k('b')], { id: 'b', type: 'dtmf', label: 'PIN', value: '1234#' });
    expect(r.ok && r.keys[1]).toEqual({ id: 'b', type: 'dtmf', label: 'PIN', value: '1234#' });
    expect(ids(removeKey([k('a'), k('b'), k('c')], 'b'))).toBe('ac');
  });
});

describe('reordering', () => {
  const list = ['a', 'b', 'c', 'd'].map((id) => k(id));
  it('moves a key to an index, clamped, without touching the input', () => {
    expect(ids(moveKey(list, 0, 2))).toBe('bcad');
    expect(ids(moveKey(list, 3, 0))).toBe('dabc');
    expect(ids(moveKey(list, 1, 99))).toBe('acdb');
    expect(ids(moveKey(list, 2, -5))).toBe('cabd');
    expect(ids(moveKey(list, 7, 0))).toBe('abcd');
    expect(ids(list)).toBe('abcd');
  });
  it('moves earlier and later by one, staying put at the ends', () => {
    expect(ids(moveEarlier(list, 2))).toBe('acbd');
    expect(ids(moveLater(list, 2))).toBe('abdc');
    expect(ids(moveEarlier(list, 0))).toBe('abcd');
    expect(ids(moveLater(list, 3))).toBe('abcd');
  });
});

describe('watchedExtensions and codes', () => {
  it('lists each watched extension once, per type', () => {
    const keys = [k('a', 'blf', '1002'), k('b', 'blf', ' 1002'), k('c', 'voicemail', '1003'), k('d', 'blf', '1004'), k('e', 'speed-dial', '1005')];
    expect(watchedExtensions(keys, 'blf')).toEqual(['1002', '1004']);
    expect(watchedExtensions(keys, 'voicemail')).toEqual(['1003']);
  });
  it('finds feature codes that cannot be dialled', () => {
    expect(invalidCodes(DEFAULT_SETTINGS.functionKeys.codes)).toEqual([]);
    expect(invalidCodes({ ...DEFAULT_SETTINGS.functionKeys.codes, park: '7a', pickup: '' })).toEqual(['park']);
  });
});
