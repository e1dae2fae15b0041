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
    expect(next.audio).toEqual({ microphoneId: 'default', speakerId: 'spk-2', ringerId: 'default', cameraId: 'default' });
  });

  it('changes the camera without touching the audio devices', () => {
    const withDevices = mergeSettings(base, { audio: { microphoneId: 'mic-1', speakerId: 'spk-1' } });
    const next = mergeSettings(withDevices, { audio: { cameraId: 'cam-2' } });
    expect(next.audio).toEqual({ microphoneId: 'mic-1', speakerId: 'spk-1', ringerId: 'default', cameraId: 'cam-2' });
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

describe('mergeSettings: every section', () => {
  it('merges desktop, headset, voicemail and recordings field by field (they were dropped before)', async () => {
    const { DEFAULT_SETTINGS } = await import('../../../../src-preload/contract');
    const next = mergeSettings(structuredClone(DEFAULT_SETTINGS), {
      voicemail: { number: '*97' },
      recordings: { folder: '/x' },
      headset: { enabled: false },
      desktop: { incomingPopup: false },
    });
    expect(next.voicemail).toEqual({ number: '*97', leavePrefix: '*' });
    expect(next.recordings).toEqual({ folder: '/x' });
    expect(next.headset).toEqual({ enabled: false, deviceKey: '' });
    expect(next.desktop.incomingPopup).toBe(false);
    expect(next.desktop.linkAction).toBe(DEFAULT_SETTINGS.desktop.linkAction);
  });
});
