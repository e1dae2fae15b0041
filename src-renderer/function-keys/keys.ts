/** J13: the list of keys as data — limits, validation per type, and reordering (all pure). */
import { FUNCTION_KEY_TYPES, type FunctionKeyType } from '../../src-preload/contract';
import type { FeatureCodes, FunctionKey } from './actions';
import { toDialTarget } from '../telephony/dial-target';

export const MAX_KEYS = 120;
export const MAX_LABEL = 64;
export const KEY_TYPES = FUNCTION_KEY_TYPES;

/** Which types watch an extension (and so show a lamp). */
export const LAMP_TYPES: ReadonlySet<FunctionKeyType> = new Set(['blf', 'voicemail']);

export type ValueRule = 'extension' | 'number' | 'digits' | 'optional-digits' | 'empty';

/** What the value field means per type; the panel shows a hint for each rule. */
export const VALUE_RULE: Record<FunctionKeyType, ValueRule> = {
  none: 'empty',
  blf: 'extension',
  'speed-dial': 'number',
  dtmf: 'digits',
  voicemail: 'extension',
  park: 'optional-digits',
  retrieve: 'optional-digits',
  intercom: 'extension',
  'agent-login': 'optional-digits',
  'agent-logout': 'optional-digits',
  'agent-pause': 'optional-digits',
  'agent-unpause': 'optional-digits',
};

const EXTENSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;
const DTMF = /^[0-9*#A-Da-d]{1,64}$/;
const OPTIONAL_DIGITS = /^[0-9*#]{0,32}$/;
const CODE = /^[0-9*#]{0,32}$/;

export type KeyProblem = 'label-too-long' | 'value-required' | 'value-invalid' | 'value-not-allowed';

export function validateKey(type: FunctionKeyType, label: string, value: string): KeyProblem | null {
  if (label.length > MAX_LABEL) return 'label-too-long';
  const v = value.trim();
  switch (VALUE_RULE[type]) {
    case 'empty':
      return v ? 'value-not-allowed' : null;
    case 'extension':
      return !v ? 'value-required' : EXTENSION.test(v) ? null : 'value-invalid';
    case 'number':
      // What the dial box would call (a number, with separators, or a SIP address).
      return !v ? 'value-required' : toDialTarget(v, 'example.invalid').ok ? null : 'value-invalid';
    case 'digits':
      return !v ? 'value-required' : DTMF.test(v) ? null : 'value-invalid';
    case 'optional-digits':
      return OPTIONAL_DIGITS.test(v) ? null : 'value-invalid';
  }
}

/** Feature codes are dialled as they are: digits, * and # only. */
export function validCode(code: string): boolean {
  return CODE.test(code.trim());
}

export function invalidCodes(codes: FeatureCodes): Array<keyof FeatureCodes> {
  return (Object.keys(codes) as Array<keyof FeatureCodes>).filter((k) => !validCode(codes[k]));
}

export type AddResult = { ok: true; keys: FunctionKey[] } | { ok: false; reason: 'full' | KeyProblem };

export function addKey(keys: readonly FunctionKey[], key: FunctionKey): AddResult {
  if (keys.length >= MAX_KEYS) return { ok: false, reason: 'full' };
  const problem = validateKey(key.type, key.label, key.value);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, keys: [...keys, { ...key, label: key.label.trim(), value: key.value.trim() }] };
}

export function replaceKey(keys: readonly FunctionKey[], key: FunctionKey): AddResult {
  const problem = validateKey(key.type, key.label, key.value);
  if (problem) return { ok: false, reason: problem };
  return { ok: true, keys: keys.map((k) => (k.id === key.id ? { ...key, label: key.label.trim(), value: key.value.trim() } : k)) };
}

export function removeKey(keys: readonly FunctionKey[], id: string): FunctionKey[] {
  return keys.filter((k) => k.id !== id);
}

/** Moves the key at `from` so that it ends up at index `to` (clamped); a new array, the input untouched. */
export function moveKey<T>(keys: readonly T[], from: number, to: number): T[] {
  const out = [...keys];
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  if (target === from) return out;
  const [moved] = out.splice(from, 1);
  out.splice(target, 0, moved as T);
  return out;
}

export const moveEarlier = <T>(keys: readonly T[], index: number): T[] => moveKey(keys, index, index - 1);
export const moveLater = <T>(keys: readonly T[], index: number): T[] => moveKey(keys, index, index + 1);

/** The extensions the keys watch, each once, for the presence and mailbox subscriptions. */
export function watchedExtensions(keys: readonly FunctionKey[], type: 'blf' | 'voicemail'): string[] {
  return [...new Set(keys.filter((k) => k.type === type && k.value.trim()).map((k) => k.value.trim()))];
}
