import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n, guessLanguage, setLanguage } from './i18n';
import { applyTheme } from './features/theme';
import './styles/base.css';

setLanguage(guessLanguage(navigator.language));
applyTheme('system');
createApp(App).use(createPinia()).use(i18n).mount('#app');
