import type { Theme } from '../../src-preload/contract';

const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
let chosen: Theme = 'system';

/** Sets `data-theme` on <html>; "system" follows the OS, also when it changes later. */
export function applyTheme(theme: Theme): void {
  chosen = theme;
  const effective = theme === 'system' ? (dark?.matches ? 'dark' : 'light') : theme;
  document.documentElement.dataset.theme = effective;
}

dark?.addEventListener?.('change', () => applyTheme(chosen));
