import { createI18n } from 'vue-i18n';
import type { Language } from '../../src-preload/contract';
import { en, type Messages } from './en';
import { zhCN } from './zh-CN';

export const i18n = createI18n<[Messages], Language, false>({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
});

/** The language to start in before settings are read: the browser's, when we have it. */
export function guessLanguage(navigatorLanguage: string): Language {
  return navigatorLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(language: Language): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
}
