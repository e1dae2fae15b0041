import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../../src-preload/contract';
import { mergeSettings } from '../../../../src-renderer/platform/merge-settings';

// The bridge answers each write after a while, like IPC to main does; writes in flight overlap.
let stored: Settings;
const set = vi.fn(
  (patch: SettingsPatch) =>
    new Promise<Settings>((resolve) =>
      setTimeout(() => {
        stored = mergeSettings(stored, patch);
        resolve(structuredClone(stored));
      }, 5),
    ),
);
vi.mock('../../../../src-renderer/platform/bridge', () => ({ bridge: { settings: { get: async () => structuredClone(stored), set: (p: SettingsPatch) => set(p) } } }));
vi.mock('../../../../src-renderer/i18n', () => ({ setLanguage: () => undefined }));
vi.mock('../../../../src-renderer/features/theme', () => ({ applyTheme: () => undefined }));

const { useSettingsStore } = await import('../../../../src-renderer/stores/settings');

beforeEach(() => {
  stored = structuredClone(DEFAULT_SETTINGS);
  set.mockClear();
  setActivePinia(createPinia());
});

describe('settings store', () => {
  it('writes one at a time, each edit applied to the settings as they are when its turn comes', async () => {
    const s = useSettingsStore();
    const star = (ext: string) => s.update((c) => ({ colleagues: { favourites: [...c.colleagues.favourites, ext] } }));
    await Promise.all([star('1002'), star('1003'), s.update({ theme: 'dark' })]);
    expect(s.settings.colleagues.favourites).toEqual(['1002', '1003']);
    expect(s.settings.theme).toBe('dark');
    expect(stored.colleagues.favourites).toEqual(['1002', '1003']);
  });

  it('a failed write does not stop the ones after it', async () => {
    const s = useSettingsStore();
    set.mockRejectedValueOnce(new Error('refused'));
    const first = s.update({ theme: 'dark' });
    const second = s.update({ theme: 'light' });
    await expect(first).rejects.toThrow('refused');
    await second;
    expect(s.settings.theme).toBe('light');
  });
});
