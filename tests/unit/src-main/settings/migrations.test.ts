import { describe, expect, it } from 'vitest';
import {
  migrateStoredSettings,
  migrateV3ToV4,
  migrateV4ToV5,
  SETTINGS_MIGRATIONS,
  type MigrationTable,
} from '../../../../src-main/settings/migrations';
import { createSettingsService, SETTINGS_STORE_KEY } from '../../../../src-main/settings/settings-service';
import { CURRENT_SETTINGS_VERSION, DEFAULT_SETTINGS, settingsSchema } from '../../../../src-preload/contract';
import { MemoryStore } from '../support/fakes';

describe('migrateStoredSettings', () => {
  const table: MigrationTable = {
    1: (v) => ({ ...v, theme: v.darkMode === true ? 'dark' : 'light', darkMode: undefined }),
    2: (v) => ({ ...v, language: v.locale ?? 'en' }),
  };

  it('has a migration for every version below the current one', () => {
    for (let v = 1; v < CURRENT_SETTINGS_VERSION; v += 1) expect(SETTINGS_MIGRATIONS[v]).toBeTypeOf('function');
  });

  it('runs each step in order and stamps the version', () => {
    const outcome = migrateStoredSettings({ schemaVersion: 1, darkMode: true, locale: 'zh-CN' }, 3, table);
    expect(outcome).toMatchObject({ kind: 'migrated', from: 1, value: { schemaVersion: 3, theme: 'dark', language: 'zh-CN' } });
  });

  it('starts from the stored version', () => {
    const outcome = migrateStoredSettings({ schemaVersion: 2, theme: 'light' }, 3, table);
    expect(outcome).toMatchObject({ kind: 'migrated', from: 2, value: { schemaVersion: 3, theme: 'light', language: 'en' } });
  });

  it('does not mutate the stored object', () => {
    const stored = { schemaVersion: 1, darkMode: true };
    migrateStoredSettings(stored, 3, table);
    expect(stored).toEqual({ schemaVersion: 1, darkMode: true });
  });

  it('passes the current version through', () => {
    expect(migrateStoredSettings({ schemaVersion: 3, a: 1 }, 3, table)).toEqual({ kind: 'current', value: { schemaVersion: 3, a: 1 } });
  });

  it('reports a newer version without touching it', () => {
    const stored = { schemaVersion: 9, future: true };
    expect(migrateStoredSettings(stored, 3, table)).toEqual({ kind: 'newer', value: stored, version: 9 });
  });

  it.each([
    [undefined, 'missing'],
    [null, 'missing'],
    ['{"schemaVersion":1}', 'not-an-object'],
    [[1, 2], 'not-an-object'],
    [42, 'not-an-object'],
    [{ theme: 'dark' }, 'no-version'],
    [{ schemaVersion: '1' }, 'no-version'],
    [{ schemaVersion: 0 }, 'no-version'],
    [{ schemaVersion: 1.5 }, 'no-version'],
  ])('calls %j unusable (%s)', (stored, reason) => {
    expect(migrateStoredSettings(stored, 3, table)).toMatchObject({ kind: 'unusable', reason });
  });

  it('gives up when a step is missing', () => {
    expect(migrateStoredSettings({ schemaVersion: 1 }, 3, { 2: table[2]! })).toEqual({
      kind: 'unusable',
      reason: 'no-migration-path',
      from: 1,
    });
  });

  it('gives up, without throwing, when a step throws or returns garbage', () => {
    const throwing: MigrationTable = {
      1: () => {
        throw new Error('boom');
      },
    };
    const garbage: MigrationTable = { 1: () => null as unknown as Record<string, unknown> };
    expect(migrateStoredSettings({ schemaVersion: 1 }, 2, throwing)).toMatchObject({ kind: 'unusable', reason: 'migration-failed' });
    expect(migrateStoredSettings({ schemaVersion: 1 }, 2, garbage)).toMatchObject({ kind: 'unusable', reason: 'migration-failed' });
  });
});

describe('the real migrations', () => {
  /** What Offhook 0.1 (settings version 1) wrote. */
  const v1 = {
    schemaVersion: 1,
    language: 'zh-CN',
    theme: 'dark',
    account: {
      server: 'wss://pbx.example.com:8089/ws',
      extension: '1001',
      authName: '',
      displayName: 'Ann',
      domain: '',
      rememberMe: true,
      dtmfMode: 'info',
      iceServers: [{ urls: 'stun:stun.example.com:3478' }],
    },
    audio: { microphoneId: 'usb-mic', speakerId: 'default', ringerId: 'default' },
  };

  /** What Offhook with the desktop shell (settings version 2) wrote: a user who changed some of it. */
  const v2 = {
    ...v1,
    schemaVersion: 2,
    desktop: {
      launchAtLogin: true,
      startHidden: true,
      autostartDecided: true,
      incomingPopup: false,
      linkAction: 'call',
      hotkeys: { answer: 'F9', hangUp: 'F10', muteToggle: '', callSelection: 'CommandOrControl+Shift+D' },
      popupUrl: { template: 'https://crm.example/?n=$CallerNumber', event: 'answered', internal: true, external: true },
    },
  };

  /** What Offhook with headsets (settings version 3) wrote: a user who picked a headset, then turned it off. */
  const v3 = {
    ...v2,
    schemaVersion: 3,
    headset: { enabled: false, deviceKey: '2830:11862:ABC' },
  };

  /** What the 3 → 4 step adds, with the defaults. */
  const v4Additions = { voicemail: { number: '*2', leavePrefix: '*' }, recordings: { folder: '' } };

  /** What Offhook with video, voicemail and recordings (settings version 4) wrote: a user who changed all three. */
  const v4 = {
    ...v3,
    schemaVersion: 4,
    audio: { ...v3.audio, cameraId: 'usb-cam' },
    voicemail: { number: '*97', leavePrefix: '*9' },
    recordings: { folder: '/home/ann/Calls' },
  };

  /** What the 4 → 5 step adds, with the defaults. */
  const v5Additions = {
    directory: DEFAULT_SETTINGS.directory,
    contacts: DEFAULT_SETTINGS.contacts,
    colleagues: DEFAULT_SETTINGS.colleagues,
    status: DEFAULT_SETTINGS.status,
    functionKeys: DEFAULT_SETTINGS.functionKeys,
  };

  it('has one step per older version, each producing a valid current settings object', () => {
    const samples: Record<number, Record<string, unknown>> = { 1: v1, 2: v2, 3: v3, 4: v4 };
    for (let from = 1; from < CURRENT_SETTINGS_VERSION; from += 1) {
      expect(samples[from], `a sample of version ${from}`).toBeDefined();
      const outcome = migrateStoredSettings(samples[from]);
      expect(outcome).toMatchObject({ kind: 'migrated', from });
      if (outcome.kind !== 'migrated') continue;
      expect(outcome.value.schemaVersion).toBe(CURRENT_SETTINGS_VERSION);
      const parsed = settingsSchema.safeParse(outcome.value);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('1 → 2 adds the desktop section with its defaults and keeps everything else', () => {
    const outcome = migrateStoredSettings(v1, 2);
    expect(outcome).toEqual({ kind: 'migrated', from: 1, value: { ...v1, schemaVersion: 2, desktop: DEFAULT_SETTINGS.desktop } });
  });

  it('1 → 2 leaves launch at login off until the next sign-in decides', () => {
    const outcome = migrateStoredSettings(v1, 2);
    expect(outcome.kind === 'migrated' && outcome.value.desktop).toMatchObject({ launchAtLogin: false, autostartDecided: false });
  });

  it('1 → 2 hands out a copy of the defaults, not the defaults themselves', () => {
    const outcome = migrateStoredSettings(v1, 2);
    if (outcome.kind !== 'migrated') throw new Error('not migrated');
    (outcome.value.desktop as { hotkeys: { answer: string } }).hotkeys.answer = 'changed';
    expect(DEFAULT_SETTINGS.desktop.hotkeys.answer).toBe('CommandOrControl+Shift+A');
  });

  it('2 → 3 adds the headset section (on, first headset found) and keeps everything else', () => {
    const outcome = migrateStoredSettings(v2, 3);
    expect(outcome).toEqual({ kind: 'migrated', from: 2, value: { ...v2, schemaVersion: 3, headset: { enabled: true, deviceKey: '' } } });
  });

  it('2 → 3 hands out a copy of the defaults, not the defaults themselves', () => {
    const outcome = migrateStoredSettings(v2, 3);
    if (outcome.kind !== 'migrated') throw new Error('not migrated');
    (outcome.value.headset as { deviceKey: string }).deviceKey = 'changed';
    expect(DEFAULT_SETTINGS.headset.deviceKey).toBe('');
  });

  it('1 → 3 runs both steps: the desktop defaults, then the headset defaults', () => {
    const outcome = migrateStoredSettings(v1, 3);
    expect(outcome).toEqual({
      kind: 'migrated',
      from: 1,
      value: { ...v1, schemaVersion: 3, desktop: DEFAULT_SETTINGS.desktop, headset: DEFAULT_SETTINGS.headset },
    });
  });

  it('3 → 4 adds the default camera, keeping the chosen microphone, speaker and ringer', () => {
    const outcome = migrateStoredSettings(v3, 4);
    if (outcome.kind !== 'migrated') throw new Error(`not migrated: ${outcome.kind}`);
    expect(outcome.value.audio).toEqual({ microphoneId: 'usb-mic', speakerId: 'default', ringerId: 'default', cameraId: 'default' });
  });

  it('3 → 4 adds the voicemail (*2, leave with *) and recordings (default folder) sections and keeps everything else', () => {
    const outcome = migrateStoredSettings(v3, 4);
    expect(outcome).toEqual({
      kind: 'migrated',
      from: 3,
      value: { ...v3, schemaVersion: 4, audio: { ...v3.audio, cameraId: 'default' }, ...v4Additions },
    });
  });

  it('3 → 4 leaves the stored value alone and hands out copies of the defaults', () => {
    const stored = structuredClone(v3);
    const next = migrateV3ToV4(stored);
    expect(stored).toEqual(v3);
    (next.voicemail as { number: string }).number = 'changed';
    (next.recordings as { folder: string }).folder = 'changed';
    expect(DEFAULT_SETTINGS.voicemail.number).toBe('*2');
    expect(DEFAULT_SETTINGS.recordings.folder).toBe('');
  });

  it('3 → 4 without an audio section still reads as valid settings with the default devices', () => {
    const { audio: _lost, ...noAudio } = v3;
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: noAudio });
    const settings = createSettingsService({ store }).get();
    expect(settings.audio).toEqual(DEFAULT_SETTINGS.audio);
    expect(settings.headset).toEqual(v3.headset);
  });

  it('1 → 4 runs the first three steps: the desktop defaults, the headset defaults, then camera, voicemail and recordings', () => {
    const outcome = migrateStoredSettings(v1, 4);
    expect(outcome).toEqual({
      kind: 'migrated',
      from: 1,
      value: {
        ...v1,
        schemaVersion: 4,
        audio: { ...v1.audio, cameraId: 'default' },
        desktop: DEFAULT_SETTINGS.desktop,
        headset: DEFAULT_SETTINGS.headset,
        ...v4Additions,
      },
    });
  });

  it('4 → 5 adds the directory, contacts, colleagues, status and function-key sections and keeps everything else', () => {
    const outcome = migrateStoredSettings(v4);
    expect(outcome).toEqual({ kind: 'migrated', from: 4, value: { ...v4, schemaVersion: 5, ...v5Additions } });
  });

  it('4 → 5 starts with the directory off, me available without a schedule, no favourites and no function keys', () => {
    const outcome = migrateStoredSettings(v4);
    if (outcome.kind !== 'migrated') throw new Error(`not migrated: ${outcome.kind}`);
    expect(outcome.value).toMatchObject({
      directory: { enabled: false, url: '', bindDn: '', verifyCertificate: true },
      contacts: { defaultRegion: 'CN' },
      colleagues: { favourites: [], showUnregistered: true },
      status: { status: 'available', text: '', temporary: null, schedule: { enabled: false } },
      functionKeys: { keys: [] },
    });
  });

  it('4 → 5 leaves the stored value alone and hands out copies of the defaults', () => {
    const stored = structuredClone(v4);
    const next = migrateV4ToV5(stored);
    expect(stored).toEqual(v4);
    (next.directory as { attributes: { name: string } }).attributes.name = 'changed';
    (next.colleagues as { favourites: string[] }).favourites.push('1002');
    (next.status as { schedule: { officeDays: number[] } }).schedule.officeDays.push(6);
    (next.functionKeys as { codes: { park: string } }).codes.park = 'changed';
    (next.contacts as { defaultRegion: string }).defaultRegion = 'US';
    expect(DEFAULT_SETTINGS.directory.attributes.name).toBe('cn');
    expect(DEFAULT_SETTINGS.colleagues.favourites).toEqual([]);
    expect(DEFAULT_SETTINGS.status.schedule.officeDays).toEqual([1, 2, 3, 4, 5]);
    expect(DEFAULT_SETTINGS.functionKeys.codes.park).toBe('70');
    expect(DEFAULT_SETTINGS.contacts.defaultRegion).toBe('CN');
  });

  it('1 → 5 runs all four steps: desktop, headset, then camera, voicemail and recordings, then the version-5 sections', () => {
    const outcome = migrateStoredSettings(v1);
    expect(outcome).toEqual({
      kind: 'migrated',
      from: 1,
      value: {
        ...v1,
        schemaVersion: 5,
        audio: { ...v1.audio, cameraId: 'default' },
        desktop: DEFAULT_SETTINGS.desktop,
        headset: DEFAULT_SETTINGS.headset,
        ...v4Additions,
        ...v5Additions,
      },
    });
  });

  it.each([
    ['1', () => v1, DEFAULT_SETTINGS.desktop, DEFAULT_SETTINGS.headset, 'default', v4Additions],
    ['2', () => v2, v2.desktop, DEFAULT_SETTINGS.headset, 'default', v4Additions],
    ['3', () => v3, v2.desktop, v3.headset, 'default', v4Additions],
    ['4', () => v4, v2.desktop, v3.headset, 'usb-cam', { voicemail: v4.voicemail, recordings: v4.recordings }],
  ])(
    'reads a stored version %s through the settings service as valid version 5, and writes it back',
    (_v, sample, desktop, headset, cameraId, fromV4) => {
      const store = new MemoryStore({ [SETTINGS_STORE_KEY]: sample() });
      const settings = createSettingsService({ store }).get();
      expect(settings).toMatchObject({ schemaVersion: 5, language: 'zh-CN', account: { extension: '1001' }, ...fromV4, ...v5Additions });
      expect(settings.audio).toEqual({ microphoneId: 'usb-mic', speakerId: 'default', ringerId: 'default', cameraId });
      expect(settings.desktop).toEqual(desktop);
      expect(settings.headset).toEqual(headset);
      expect(store.get(SETTINGS_STORE_KEY)).toEqual(settings);
    },
  );
});
