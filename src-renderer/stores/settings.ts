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

  async function update(patch: SettingsPatch): Promise<void> {
    settings.value = await bridge.settings.set(patch);
    setLanguage(settings.value.language);
    applyTheme(settings.value.theme);
  }

  return { settings, load, update };
});
