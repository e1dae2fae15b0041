/**
 * Versioned settings migrations, owned by us rather than electron-store's `migrations` option
 * (whose README says it has known bugs and is unsupported).
 *
 * A stored settings object carries `schemaVersion`. To change the shape: bump
 * CURRENT_SETTINGS_VERSION in the contract and add `SETTINGS_MIGRATIONS[N]` turning a version-N
 * object into a version-N+1 object. Migrations are pure and may assume only what version N
 * guaranteed; the result is validated (and gaps filled with defaults) afterwards.
 */
import { CURRENT_SETTINGS_VERSION, DEFAULT_SETTINGS } from '../../src-preload/contract';
import { isPlainObject, type JsonObject } from './store-port';

export type SettingsMigration = (stored: JsonObject) => JsonObject;

/** Keyed by the version a migration upgrades from. */
export type MigrationTable = Readonly<Record<number, SettingsMigration>>;

/**
 * 1 → 2: the desktop shell (launch at login, popup, links, hotkeys, popup URL) gets its section,
 * with the defaults. Launch at login stays off here: the renderer turns it on after the next
 * successful sign-in (the `autostartDecided` rule), exactly as for a new user.
 */
export const migrateV1ToV2: SettingsMigration = (stored) => ({
  ...stored,
  desktop: structuredClone(DEFAULT_SETTINGS.desktop),
});

/**
 * 2 → 3: headsets (J8) get their section: on, and "the first telephony headset found", which is
 * what a user who never opened Settings → Audio → Headset expects when they plug one in.
 */
export const migrateV2ToV3: SettingsMigration = (stored) => ({
  ...stored,
  headset: structuredClone(DEFAULT_SETTINGS.headset),
});

/**
 * 3 → 4: video (a camera choice, default camera), voicemail codes (*2, and * + extension to leave
 * one) and the recordings folder (the default one).
 */
export const migrateV3ToV4: SettingsMigration = (stored) => {
  const audio = isPlainObject(stored.audio) ? stored.audio : {};
  return {
    ...stored,
    audio: { ...audio, cameraId: DEFAULT_SETTINGS.audio.cameraId },
    voicemail: structuredClone(DEFAULT_SETTINGS.voicemail),
    recordings: structuredClone(DEFAULT_SETTINGS.recordings),
  };
};

/**
 * 4 → 5: colleagues, presence and contacts (issue 6): the directory (off until configured), the
 * contacts' default region, favourites, my status (available, no schedule) and empty function keys.
 */
export const migrateV4ToV5: SettingsMigration = (stored) => ({
  ...stored,
  directory: structuredClone(DEFAULT_SETTINGS.directory),
  contacts: structuredClone(DEFAULT_SETTINGS.contacts),
  colleagues: structuredClone(DEFAULT_SETTINGS.colleagues),
  status: structuredClone(DEFAULT_SETTINGS.status),
  functionKeys: structuredClone(DEFAULT_SETTINGS.functionKeys),
});

export const SETTINGS_MIGRATIONS: MigrationTable = {
  1: migrateV1ToV2,
  2: migrateV2ToV3,
  3: migrateV3ToV4,
  4: migrateV4ToV5,
};

export type UnusableReason = 'missing' | 'not-an-object' | 'no-version' | 'no-migration-path' | 'migration-failed';

export type MigrationOutcome =
  | { kind: 'current'; value: JsonObject }
  | { kind: 'migrated'; value: JsonObject; from: number }
  /** Written by a newer Offhook (the user downgraded): read it, never rewrite it. */
  | { kind: 'newer'; value: JsonObject; version: number }
  | { kind: 'unusable'; reason: UnusableReason; from?: number };

export function migrateStoredSettings(
  stored: unknown,
  currentVersion: number = CURRENT_SETTINGS_VERSION,
  migrations: MigrationTable = SETTINGS_MIGRATIONS,
): MigrationOutcome {
  if (stored === undefined || stored === null) return { kind: 'unusable', reason: 'missing' };
  if (!isPlainObject(stored)) return { kind: 'unusable', reason: 'not-an-object' };

  const version = stored.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'unusable', reason: 'no-version' };
  }
  if (version === currentVersion) return { kind: 'current', value: stored };
  if (version > currentVersion) return { kind: 'newer', value: stored, version };

  let value: JsonObject = structuredClone(stored);
  for (let from = version; from < currentVersion; from += 1) {
    const migration = migrations[from];
    if (!migration) return { kind: 'unusable', reason: 'no-migration-path', from: version };
    try {
      const next = migration(value);
      if (!isPlainObject(next)) return { kind: 'unusable', reason: 'migration-failed', from: version };
      // The mechanism, not each migration, owns the version stamp.
      value = { ...next, schemaVersion: from + 1 };
    } catch {
      return { kind: 'unusable', reason: 'migration-failed', from: version };
    }
  }
  return { kind: 'migrated', value, from: version };
}
