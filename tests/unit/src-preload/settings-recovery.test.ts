import { describe, expect, it } from 'vitest';
import { toValidSettings } from '../../../src-preload/settings-recovery';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../src-preload/contract';

/** A version-5 user who set up every section added in version 5. */
function customised(): Settings {
  return {
    ...structuredClone(DEFAULT_SETTINGS),
    language: 'zh-CN',
    account: { ...DEFAULT_SETTINGS.account, server: 'wss://pbx.example/ws', extension: '1001' },
    directory: { ...DEFAULT_SETTINGS.directory, enabled: true, url: 'ldaps://ldap.example:636', baseDn: 'dc=example,dc=com' },
    contacts: { defaultRegion: 'DE' },
    colleagues: { favourites: ['1002'], showUnregistered: false },
    status: {
      status: 'dnd',
      text: 'Workshop',
      temporary: { status: 'lunch', text: 'Back at 1', until: 1_700_000_000_000 },
      schedule: {
        ...DEFAULT_SETTINGS.status.schedule,
        enabled: true,
        officeDays: [1, 2, 3, 4],
        officeStart: '08:30',
        holidays: [{ date: '2025-12-25', name: 'Christmas' }],
      },
    },
    functionKeys: {
      keys: [{ id: 'k1', type: 'blf', label: 'Bob', value: '1002' }],
      codes: { ...DEFAULT_SETTINGS.functionKeys.codes, park: '700' },
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a damaged file has no type
type Raw = Record<string, any>;

/** `customised()` with `change` applied to a JSON copy, as a damaged file would read back. */
function damaged(change: (raw: Raw) => void): unknown {
  const raw = JSON.parse(JSON.stringify(customised())) as Raw;
  change(raw);
  return raw;
}

describe('toValidSettings: the version-5 sections', () => {
  it('returns valid settings as they are', () => {
    expect(toValidSettings(customised())).toEqual(customised());
  });

  it('replaces a damaged status.schedule with the default schedule and keeps the rest of status and every other section', () => {
    const s = toValidSettings(
      damaged((raw) => {
        raw.status.schedule = 'weekdays';
      }),
    );
    const { schedule: _lost, ...restOfStatus } = customised().status;
    expect(s.status).toEqual({ ...restOfStatus, schedule: DEFAULT_SETTINGS.status.schedule });
    expect(s).toEqual({ ...customised(), status: s.status });
    expect(settingsSchema.safeParse(s).success).toBe(true);
  });

  it('replaces only the bad field inside the schedule', () => {
    const s = toValidSettings(
      damaged((raw) => {
        raw.status.schedule.officeStart = '25:00';
        raw.status.schedule.outsideStatus = 'asleep';
      }),
    );
    expect(s.status).toEqual({
      ...customised().status,
      schedule: { ...customised().status.schedule, officeStart: '09:00', outsideStatus: 'off-work' },
    });
  });

  it('drops a bad temporary status to none and keeps my status', () => {
    const s = toValidSettings(
      damaged((raw) => {
        raw.status.temporary = { status: 'dnd', text: '', until: -1 };
      }),
    );
    expect(s.status).toEqual({ ...customised().status, temporary: null });
  });

  it('replaces a bad directory URL and a bad attribute name, keeping the other directory fields', () => {
    const s = toValidSettings(
      damaged((raw) => {
        raw.directory.url = 'http://ldap.example';
        raw.directory.attributes.mobile = 42;
      }),
    );
    expect(s.directory).toEqual({
      ...customised().directory,
      url: '',
      attributes: { ...customised().directory.attributes, mobile: 'mobile' },
    });
  });

  it('drops only the damaged entry of a list: the other function keys and the feature codes stay', () => {
    const s = toValidSettings(
      damaged((raw) => {
        raw.functionKeys.keys.push({ id: 'k2', type: 'teleport', label: '', value: '' });
      }),
    );
    expect(s.functionKeys).toEqual(customised().functionKeys);
    expect(s.colleagues).toEqual(customised().colleagues);
  });

  it('a list that is still too long after salvage falls back to the default', () => {
    const s = toValidSettings(
      damaged((raw) => {
        raw.colleagues.favourites = Array.from({ length: 501 }, (_, i) => String(1000 + i));
      }),
    );
    expect(s.colleagues.favourites).toEqual(DEFAULT_SETTINGS.colleagues.favourites);
    expect(s.functionKeys).toEqual(customised().functionKeys);
  });

  it('fills the version-5 sections of a version-4 value from the defaults', () => {
    const { directory: _d, contacts: _c, colleagues: _co, status: _s, functionKeys: _f, ...v4 } = customised();
    const s = toValidSettings({ ...v4, schemaVersion: 4 });
    expect(s).toEqual({
      ...v4,
      schemaVersion: 4,
      directory: DEFAULT_SETTINGS.directory,
      contacts: DEFAULT_SETTINGS.contacts,
      colleagues: DEFAULT_SETTINGS.colleagues,
      status: DEFAULT_SETTINGS.status,
      functionKeys: DEFAULT_SETTINGS.functionKeys,
    });
  });
});
