import { describe, expect, it } from 'vitest';
import { migrateStoredSettings, SETTINGS_MIGRATIONS, type MigrationTable } from '../../../../src-main/settings/migrations';
import { CURRENT_SETTINGS_VERSION } from '../../../../src-preload/contract';

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
