/**
 * The few words main shows itself (tray menu and tooltip, taskbar overlay description), in the
 * languages the renderer offers. Everything else the user reads comes from the renderer.
 */
import type { Language, MyStatus, ShellState } from '../../src-preload/contract';

export interface MainStrings {
  registration: Record<ShellState['registration'], string>;
  missedCalls(count: number): string;
  unreadChats(count: number): string;
  statuses: Record<MyStatus, string>;
  show: string;
  signOut: string;
  quit: string;
}

const en: MainStrings = {
  registration: { 'signed-out': 'Signed out', connecting: 'Connecting…', registered: 'Online', failed: 'Not connected' },
  missedCalls: (count) => (count === 1 ? '1 missed call' : `${count} missed calls`),
  unreadChats: (count) => (count === 1 ? '1 unread message' : `${count} unread messages`),
  statuses: { available: 'Available', away: 'Away', dnd: 'Do not disturb', lunch: 'At lunch', trip: 'Business trip', 'off-work': 'Off work' },
  show: 'Show Offhook',
  signOut: 'Sign out',
  quit: 'Quit Offhook',
};

const zhCN: MainStrings = {
  registration: { 'signed-out': '未登录', connecting: '正在连接…', registered: '在线', failed: '未连接' },
  missedCalls: (count) => `${count} 个未接来电`,
  unreadChats: (count) => `${count} 条未读消息`,
  statuses: { available: '在线', away: '离开', dnd: '请勿打扰', lunch: '午餐中', trip: '出差', 'off-work': '下班' },
  show: '显示 Offhook',
  signOut: '退出登录',
  quit: '退出 Offhook',
};

const TABLES: Record<Language, MainStrings> = { en, 'zh-CN': zhCN };

export function mainStrings(language: Language): MainStrings {
  return TABLES[language] ?? en;
}
