import { describe, expect, it, vi } from 'vitest';
import type { MigrationTable } from '../../../../src-main/settings/migrations';
import { createSettingsService, SETTINGS_STORE_KEY, type SettingsEvent } from '../../../../src-main/settings/settings-service';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../../../src-preload/contract';
import { MemoryStore } from '../support/fakes';

const stored = (store: MemoryStore) => store.get(SETTINGS_STORE_KEY);

function customised(): Settings {
  return {
    ...structuredClone(DEFAULT_SETTINGS),
    language: 'zh-CN',
    theme: 'dark',
    account: { ...DEFAULT_SETTINGS.account, server: 'wss://pbx.example:8089/ws', extension: '1001', iceServers: [{ urls: 'stun:stun.example' }] },
  };
}

describe('settings service: reading', () => {
  it('returns defaults when nothing is stored, without writing', () => {
    const store = new MemoryStore();
    expect(createSettingsService({ store }).get()).toEqual(DEFAULT_SETTINGS);
    expect(store.writes).toBe(0);
  });

  it('returns what is stored when it is valid, without rewriting', () => {
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: customised() });
    expect(createSettingsService({ store }).get()).toEqual(customised());
    expect(store.writes).toBe(0);
  });

  it('hands out copies: mutating a result does not change the next read', () => {
    const service = createSettingsService({ store: new MemoryStore() });
    service.get().account.extension = 'mutated';
    expect(service.get().account.extension).toBe('');
  });

  it.each([
    ['a string', 'not json at all'],
    ['an array', [1, 2, 3]],
    ['a number', 7],
    ['an object without a version', { theme: 'dark' }],
    ['an unknown older version', { schemaVersion: 0, theme: 'dark' }],
  ])('replaces %s with defaults, persists them and reports it', (_label, value) => {
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: value });
    const events: SettingsEvent[] = [];
    const service = createSettingsService({ store, onEvent: (e) => events.push(e) });
    expect(() => service.get()).not.toThrow();
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    expect(stored(store)).toEqual(DEFAULT_SETTINGS);
    expect(events[0]).toMatchObject({ type: 'reset' });
  });

  it('keeps valid fields of a damaged current-version value and fills the rest with defaults', () => {
    const damaged = { ...customised(), theme: 'purple', audio: { microphoneId: 'usb-mic', speakerId: 42 }, stray: true };
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: damaged });
    const events: SettingsEvent[] = [];
    const result = createSettingsService({ store, onEvent: (e) => events.push(e) }).get();
    expect(result).toEqual({ ...customised(), theme: 'system', audio: { microphoneId: 'usb-mic', speakerId: 'default', ringerId: 'default', cameraId: 'default' } });
    expect(settingsSchema.safeParse(result).success).toBe(true);
    expect(stored(store)).toEqual(result);
    expect(events).toEqual([{ type: 'repaired' }]);
  });

  it('runs migrations from an older version, then persists the result', () => {
    const migrations: MigrationTable = {
      1: (v) => ({ ...v, theme: v.darkMode ? 'dark' : 'light' }),
      2: (v) => {
        const { darkMode: _dropped, ...rest } = v;
        return rest;
      },
    };
    const v1 = { schemaVersion: 1, darkMode: true, language: 'zh-CN', account: { extension: '1001' } };
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: v1 });
    const events: SettingsEvent[] = [];
    const result = createSettingsService({ store, migrations, currentVersion: 3, onEvent: (e) => events.push(e) }).get();
    expect(result).toMatchObject({ schemaVersion: 3, theme: 'dark', language: 'zh-CN', account: { extension: '1001', dtmfMode: 'rfc4733' } });
    expect(stored(store)).toEqual(result);
    expect(events).toEqual([{ type: 'migrated', from: 1, to: 3 }]);
  });

  it('resets to defaults (without throwing) when a migration throws', () => {
    const migrations: MigrationTable = {
      1: () => {
        throw new Error('bad migration');
      },
    };
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: { schemaVersion: 1 } });
    const result = createSettingsService({ store, migrations, currentVersion: 2 }).get();
    expect(result).toEqual({ ...DEFAULT_SETTINGS, schemaVersion: 2 });
  });

  it('reads a newer version safely and never rewrites it', () => {
    const newer = { ...customised(), schemaVersion: 7, theme: 'high-contrast', future: { x: 1 } };
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: newer });
    const onEvent = vi.fn();
    const service = createSettingsService({ store, onEvent });
    const result = service.get();
    service.get();
    expect(settingsSchema.safeParse(result).success).toBe(true);
    expect(result).toMatchObject({ schemaVersion: 7, theme: 'system', language: 'zh-CN', account: { extension: '1001' } });
    expect(result).not.toHaveProperty('future');
    expect(stored(store)).toEqual(newer);
    expect(store.writes).toBe(0);
    expect(onEvent).toHaveBeenCalledExactlyOnceWith({ type: 'newer-version', version: 7 });
  });
});

describe('settings service: writing', () => {
  it('merges sections instead of replacing them', () => {
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: customised() });
    const service = createSettingsService({ store });
    const result = service.set({ theme: 'light', account: { displayName: 'Alice' }, audio: { speakerId: 'hdmi' } });
    expect(result).toEqual({
      ...customised(),
      theme: 'light',
      account: { ...customised().account, displayName: 'Alice' },
      audio: { ...DEFAULT_SETTINGS.audio, speakerId: 'hdmi' },
    });
    expect(stored(store)).toEqual(result);
    expect(service.get()).toEqual(result);
  });

  it('ignores fields given as undefined', () => {
    const service = createSettingsService({ store: new MemoryStore({ [SETTINGS_STORE_KEY]: customised() }) });
    const patch = { account: { extension: undefined, displayName: 'Bob' } } as unknown as SettingsPatch;
    expect(service.set(patch).account).toMatchObject({ extension: '1001', displayName: 'Bob' });
  });

  it('replaces arrays inside a section', () => {
    const service = createSettingsService({ store: new MemoryStore({ [SETTINGS_STORE_KEY]: customised() }) });
    const iceServers = [{ urls: 'turn:turn.example', username: 'u', credential: 'c' }];
    expect(service.set({ account: { iceServers } }).account.iceServers).toEqual(iceServers);
  });

  it('merges the version-5 sections field by field, and a nested object (the schedule) as a whole', () => {
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: customised() });
    const service = createSettingsService({ store });
    service.set({ colleagues: { favourites: ['1002'] }, status: { text: 'Back soon' } });
    const schedule = { ...DEFAULT_SETTINGS.status.schedule, enabled: true, officeDays: [1, 2, 3] };
    const result = service.set({ status: { status: 'away', schedule }, directory: { enabled: true }, functionKeys: { codes: { ...DEFAULT_SETTINGS.functionKeys.codes, park: '700' } } });
    expect(result).toEqual({
      ...customised(),
      colleagues: { favourites: ['1002'], showUnregistered: true },
      status: { ...DEFAULT_SETTINGS.status, status: 'away', text: 'Back soon', schedule },
      directory: { ...DEFAULT_SETTINGS.directory, enabled: true },
      functionKeys: { keys: [], codes: { ...DEFAULT_SETTINGS.functionKeys.codes, park: '700' } },
    });
    expect(stored(store)).toEqual(result);
  });

  it('refuses a partial schedule (the patch replaces nested objects whole) and leaves the store alone', () => {
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: customised() });
    const patch = { status: { schedule: { enabled: true } } } as unknown as SettingsPatch;
    expect(() => createSettingsService({ store }).set(patch)).toThrow(/invalid settings patch/);
    expect(store.writes).toBe(0);
  });

  it('starts from defaults when nothing is stored', () => {
    const store = new MemoryStore();
    expect(createSettingsService({ store }).set({ language: 'zh-CN' })).toEqual({ ...DEFAULT_SETTINGS, language: 'zh-CN' });
  });

  it.each([
    ['an unknown top-level key', { volume: 3 }],
    ['a bad value', { theme: 'purple' }],
    ['a bad server URL', { account: { server: 'http://pbx.example' } }],
  ])('refuses %s and leaves the store alone', (_label, patch) => {
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: customised() });
    expect(() => createSettingsService({ store }).set(patch as SettingsPatch)).toThrow(/invalid settings patch/);
    expect(stored(store)).toEqual(customised());
    expect(store.writes).toBe(0);
  });

  it('keeps a newer version’s unknown fields when the user changes something', () => {
    const newer = { ...customised(), schemaVersion: 7, future: { x: 1 }, account: { ...customised().account, sipOutboundProxy: 'p' } };
    const store = new MemoryStore({ [SETTINGS_STORE_KEY]: newer });
    const result = createSettingsService({ store }).set({ account: { displayName: 'Carol' } });
    expect(result.account.displayName).toBe('Carol');
    expect(stored(store)).toEqual({ ...newer, account: { ...newer.account, displayName: 'Carol' } });
  });
});
