import { describe, expect, it } from 'vitest';
import { mergeSettings } from '../../../../src-renderer/platform/merge-settings';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src-preload/contract';

const base: Settings = structuredClone({
  ...DEFAULT_SETTINGS,
  account: { ...DEFAULT_SETTINGS.account, server: 'wss://pbx.example.com/ws', extension: '1001' },
});

describe('mergeSettings', () => {
  it('an empty patch changes nothing', () => {
    expect(mergeSettings(base, {})).toEqual(base);
  });

  it('replaces language and theme', () => {
    expect(mergeSettings(base, { language: 'zh-CN', theme: 'dark' })).toMatchObject({ language: 'zh-CN', theme: 'dark' });
  });

  it('merges the account section field by field', () => {
    const next = mergeSettings(base, { account: { displayName: 'Alice' } });
    expect(next.account).toEqual({ ...base.account, displayName: 'Alice' });
  });

  it('merges the audio section field by field', () => {
    const next = mergeSettings(base, { audio: { speakerId: 'spk-2' } });
    expect(next.audio).toEqual({ microphoneId: 'default', speakerId: 'spk-2', ringerId: 'default' });
  });

  it('does not modify the base', () => {
    const copy = structuredClone(base);
    mergeSettings(base, { language: 'zh-CN', account: { extension: '2002' }, audio: { ringerId: 'r' } });
    expect(base).toEqual(copy);
  });

  it('keeps schemaVersion from the base', () => {
    expect(mergeSettings({ ...base, schemaVersion: 7 }, { theme: 'light' }).schemaVersion).toBe(7);
  });
});
