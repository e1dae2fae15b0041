/** Settings as the screens see them: read once from the bridge, written back through it. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../src-preload/contract';
import { bridge } from '../platform/bridge';
import { setLanguage } from '../i18n';
import { applyTheme } from '../features/theme';

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>(structuredClone(DEFAULT_SETTINGS));

  async function load(): Promise<void> {
    settings.value = await bridge.settings.get();
    setLanguage(settings.value.language);
    applyTheme(settings.value.theme);
  }

  let writing: Promise<void> = Promise.resolve();

  /**
   * Writes one at a time. A patch may be a function of the settings as they are when its turn
   * comes: two quick clicks on favourite stars then both count, instead of the second one being
   * built from a list that does not yet have the first.
   */
  function update(patch: SettingsPatch | ((current: Settings) => SettingsPatch)): Promise<void> {
    const write = async (): Promise<void> => {
      settings.value = await bridge.settings.set(typeof patch === 'function' ? patch(settings.value) : patch);
      setLanguage(settings.value.language);
      applyTheme(settings.value.theme);
    };
    const done = writing.then(write, write);
    writing = done.catch(() => undefined);
    return done;
  }

  return { settings, load, update };
});
