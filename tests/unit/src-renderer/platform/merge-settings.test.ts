import { describe, expect, it } from 'vitest';
import { mergeSettings } from '../../../../src-renderer/platform/merge-settings';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../../../src-preload/contract';

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

describe('mergeSettings: the version-5 sections', () => {
  const favourites = mergeSettings(base, { colleagues: { favourites: ['1002'] } });

  it('merges directory, contacts, colleagues, status and function keys field by field', () => {
    const schedule = { ...DEFAULT_SETTINGS.status.schedule, enabled: true, officeStart: '08:00' };
    const next = mergeSettings(favourites, {
      directory: { enabled: true, url: 'ldap://ldap.example.com' },
      contacts: { defaultRegion: 'US' },
      colleagues: { showUnregistered: false },
      status: { status: 'dnd', schedule },
      functionKeys: { codes: { ...DEFAULT_SETTINGS.functionKeys.codes, park: '700' } },
    });
    expect(next.directory).toEqual({ ...DEFAULT_SETTINGS.directory, enabled: true, url: 'ldap://ldap.example.com' });
    expect(next.contacts).toEqual({ defaultRegion: 'US' });
    expect(next.colleagues).toEqual({ favourites: ['1002'], showUnregistered: false });
    expect(next.status).toEqual({ ...DEFAULT_SETTINGS.status, status: 'dnd', schedule });
    expect(next.functionKeys).toEqual({ keys: [], codes: { ...DEFAULT_SETTINGS.functionKeys.codes, park: '700' } });
    expect(next.account).toEqual(base.account);
  });

  it('sets and clears a temporary status without touching the rest of the status', () => {
    const temporary = { status: 'lunch' as const, text: 'Back at 1', until: 1_700_000_000_000 };
    const away = mergeSettings(mergeSettings(base, { status: { text: 'Hi' } }), { status: { temporary } });
    expect(away.status).toEqual({ ...DEFAULT_SETTINGS.status, text: 'Hi', temporary });
    expect(mergeSettings(away, { status: { temporary: null } }).status).toEqual({ ...DEFAULT_SETTINGS.status, text: 'Hi' });
  });

  it('replaces the function-key list as a whole and keeps the feature codes', () => {
    const keys = [{ id: 'k1', type: 'blf' as const, label: 'Bob', value: '1002' }];
    const next = mergeSettings(base, { functionKeys: { keys } });
    expect(next.functionKeys).toEqual({ keys, codes: DEFAULT_SETTINGS.functionKeys.codes });
  });

  it('does not modify the base', () => {
    const copy = structuredClone(favourites);
    mergeSettings(favourites, { colleagues: { favourites: [] }, status: { status: 'away' }, directory: { enabled: true } });
    expect(favourites).toEqual(copy);
  });
});

describe('mergeSettings: fields given as undefined', () => {
  it('leaves them alone, as main does, so the result is still valid settings', () => {
    const patch = { account: { extension: undefined, displayName: 'Bob' }, status: { text: undefined, status: 'away' } } as unknown as SettingsPatch;
    const next = mergeSettings(base, patch);
    expect(next.account).toEqual({ ...base.account, displayName: 'Bob' });
    expect(next.status).toEqual({ ...base.status, status: 'away' });
    expect(settingsSchema.safeParse(next).success).toBe(true);
  });
});
