/**
 * Settings persisted in the store under one key, always handed out complete and valid.
 *
 * Reads migrate and repair: an older version is migrated and written back, a garbled or
 * unmigratable value is replaced by defaults, a newer version (after a downgrade) is read through
 * the current schema but never rewritten except to merge in what the user changes.
 */
import {
  CURRENT_SETTINGS_VERSION,
  DEFAULT_SETTINGS,
  settingsPatchSchema,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../src-preload/contract';
import { migrateStoredSettings, SETTINGS_MIGRATIONS, type MigrationTable, type UnusableReason } from './migrations';
import { mergePatch, toValidSettings } from './normalize';
import { jsonEqual, type JsonObject, type KeyValueStore } from './store-port';

export const SETTINGS_STORE_KEY = 'settings';

export interface SettingsService {
  get(): Settings;
  set(patch: SettingsPatch): Settings;
}

/** What happened to the stored value, for the log (never contains setting values). */
export type SettingsEvent =
  | { type: 'migrated'; from: number; to: number }
  | { type: 'reset'; reason: UnusableReason }
  | { type: 'repaired' }
  | { type: 'newer-version'; version: number };

export interface SettingsServiceOptions {
  store: KeyValueStore;
  migrations?: MigrationTable;
  currentVersion?: number;
  defaults?: Settings;
  onEvent?: (event: SettingsEvent) => void;
}

interface Loaded {
  settings: Settings;
  /** Set when the stored value belongs to a newer version and must be preserved. */
  newerRaw: JsonObject | null;
}

export function createSettingsService(options: SettingsServiceOptions): SettingsService {
  const { store, onEvent } = options;
  const migrations = options.migrations ?? SETTINGS_MIGRATIONS;
  const currentVersion = options.currentVersion ?? CURRENT_SETTINGS_VERSION;
  const defaults: Settings = { ...(options.defaults ?? DEFAULT_SETTINGS), schemaVersion: currentVersion };
  // A newer file stays newer on every read; say so once, not on each settings.get().
  let newerReported = false;

  function load(): Loaded {
    const stored = store.get(SETTINGS_STORE_KEY);
    const outcome = migrateStoredSettings(stored, currentVersion, migrations);
    switch (outcome.kind) {
      case 'current': {
        const settings = toValidSettings(outcome.value, defaults);
        if (!jsonEqual(settings, outcome.value)) {
          store.set(SETTINGS_STORE_KEY, settings);
          onEvent?.({ type: 'repaired' });
        }
        return { settings, newerRaw: null };
      }
      case 'migrated': {
        const settings = toValidSettings(outcome.value, defaults);
        store.set(SETTINGS_STORE_KEY, settings);
        onEvent?.({ type: 'migrated', from: outcome.from, to: currentVersion });
        return { settings, newerRaw: null };
      }
      case 'newer':
        if (!newerReported) onEvent?.({ type: 'newer-version', version: outcome.version });
        newerReported = true;
        return { settings: toValidSettings(outcome.value, defaults), newerRaw: outcome.value };
      case 'unusable': {
        const settings = structuredClone(defaults);
        if (outcome.reason !== 'missing') {
          store.set(SETTINGS_STORE_KEY, settings);
          onEvent?.({ type: 'reset', reason: outcome.reason });
        }
        return { settings, newerRaw: null };
      }
    }
  }

  return {
    get: () => load().settings,
    set(patch) {
      const parsedPatch = settingsPatchSchema.safeParse(patch);
      if (!parsedPatch.success) throw new Error('invalid settings patch');
      const { settings, newerRaw } = load();
      const next = settingsSchema.safeParse(mergePatch(settings, parsedPatch.data));
      if (!next.success) throw new Error('settings patch produces invalid settings');
      store.set(SETTINGS_STORE_KEY, newerRaw ? mergePatch(newerRaw, parsedPatch.data) : next.data);
      return next.data;
    },
  };
}
