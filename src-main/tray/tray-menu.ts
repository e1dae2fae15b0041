/**
 * What the tray shows, as pure functions of the shell state: icon, tooltip, title and menu.
 * tray-service.ts hands the results to Electron.
 */
import { MY_STATUSES, type Language, type MyStatus, type ShellState } from '../../src-preload/contract';
import { mainStrings } from '../app/strings';

export type TrayState = Pick<ShellState, 'registration' | 'missedCalls' | 'status' | 'unreadChats'>;

/** What a menu item does; tray-service.ts maps each to an action. */
export type TrayCommand = 'show' | 'missed-calls' | 'sign-out' | 'quit' | `status:${MyStatus}`;

/** A menu item as plain data (Electron's MenuItemConstructorOptions without `click`). */
export type TrayMenuItem =
  | { type: 'normal'; id: TrayCommand; label: string; enabled: boolean }
  /** Information only (the registration state). */
  | { type: 'normal'; id?: undefined; label: string; enabled: false }
  /** J3: my status, one of six. */
  | { type: 'radio'; id: TrayCommand; label: string; checked: boolean; enabled: true }
  | { type: 'separator' };

/** My six statuses (J3) as radio items, while signed in and once the renderer said which applies. */
export function trayStatusItems(state: TrayState, language: Language): TrayMenuItem[] {
  if (!state.status || state.registration === 'signed-out') return [];
  const t = mainStrings(language);
  return MY_STATUSES.map((s) => ({ type: 'radio', id: `status:${s}`, label: t.statuses[s], checked: s === state.status, enabled: true }));
}

export function trayMenuTemplate(state: TrayState, language: Language): TrayMenuItem[] {
  const t = mainStrings(language);
  const items: TrayMenuItem[] = [{ type: 'normal', label: t.registration[state.registration], enabled: false }];
  if (state.missedCalls > 0) {
    items.push({ type: 'normal', id: 'missed-calls', label: t.missedCalls(state.missedCalls), enabled: true });
  }
  // Information only: a click target needs a TrayCommand handled in app/wire-shell.ts.
  if ((state.unreadChats ?? 0) > 0) items.push({ type: 'normal', label: t.unreadChats(state.unreadChats!), enabled: false });
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
  if (state.status && state.registration !== 'signed-out') parts.push(t.statuses[state.status]);
  if (state.missedCalls > 0) parts.push(t.missedCalls(state.missedCalls));
  if ((state.unreadChats ?? 0) > 0) parts.push(t.unreadChats(state.unreadChats!));
  return parts.join(' · ');
}

/** macOS shows a title next to the menu-bar icon: missed calls plus unread chats, or nothing. */
export function trayTitle(state: TrayState): string {
  const count = state.missedCalls + (state.unreadChats ?? 0);
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}
