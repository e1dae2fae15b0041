/**
 * What the tray shows, as pure functions of the shell state: icon, tooltip, title and menu.
 * tray-service.ts hands the results to Electron.
 */
import type { Language, ShellState } from '../../src-preload/contract';
import { mainStrings } from '../app/strings';

export type TrayState = Pick<ShellState, 'registration' | 'missedCalls'>;

/** What a menu item does; tray-service.ts maps each to an action. */
export type TrayCommand = 'show' | 'missed-calls' | 'sign-out' | 'quit';

/** A menu item as plain data (Electron's MenuItemConstructorOptions without `click`). */
export type TrayMenuItem =
  | { type: 'normal'; id: TrayCommand; label: string; enabled: boolean }
  /** Information only (the registration state). */
  | { type: 'normal'; id?: undefined; label: string; enabled: false }
  | { type: 'separator' };

/**
 * Presence statuses (Available, Do not disturb, …) come with presence in a later issue. They go
 * here, between the status line and "Show Offhook", as `type: 'radio'` items with their own
 * TrayCommand ids; the tests pin the order of everything else.
 */
export function trayStatusItems(_state: TrayState, _language: Language): TrayMenuItem[] {
  return [];
}

export function trayMenuTemplate(state: TrayState, language: Language): TrayMenuItem[] {
  const t = mainStrings(language);
  const items: TrayMenuItem[] = [{ type: 'normal', label: t.registration[state.registration], enabled: false }];
  if (state.missedCalls > 0) {
    items.push({ type: 'normal', id: 'missed-calls', label: t.missedCalls(state.missedCalls), enabled: true });
  }
  const statuses = trayStatusItems(state, language);
  items.push({ type: 'separator' });
  if (statuses.length > 0) items.push(...statuses, { type: 'separator' });
  items.push(
    { type: 'normal', id: 'show', label: t.show, enabled: true },
    { type: 'normal', id: 'sign-out', label: t.signOut, enabled: state.registration !== 'signed-out' },
    { type: 'separator' },
    { type: 'normal', id: 'quit', label: t.quit, enabled: true },
  );
  return items;
}

export const TRAY_ICON_STATES = ['registered', 'connecting', 'failed', 'signed-out'] as const;

/**
 * The icon's file name in out/icons. Electron picks the `@2x` sibling on high-DPI screens by
 * itself when it loads `tray-<state>.png`.
 */
export function trayIconFile(state: TrayState): string {
  return `tray-${state.registration}.png`;
}

/** The tooltip: app name, registration, and missed calls when there are any. */
export function trayTooltip(state: TrayState, language: Language): string {
  const t = mainStrings(language);
  const parts = [`Offhook — ${t.registration[state.registration]}`];
  if (state.missedCalls > 0) parts.push(t.missedCalls(state.missedCalls));
  return parts.join(' · ');
}

/** macOS shows a title next to the menu-bar icon: the missed-call count, or nothing. */
export function trayTitle(state: TrayState): string {
  if (state.missedCalls <= 0) return '';
  return state.missedCalls > 99 ? '99+' : String(state.missedCalls);
}
