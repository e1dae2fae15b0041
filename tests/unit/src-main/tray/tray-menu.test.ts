import { describe, expect, it } from 'vitest';
import { trayIconFile, trayMenuTemplate, trayStatusItems, trayTitle, trayTooltip, TRAY_ICON_STATES, type TrayState } from '../../../../src-main/tray/tray-menu';
import type { ShellState } from '../../../../src-preload/contract';

const state = (registration: ShellState['registration'], missedCalls = 0): TrayState => ({ registration, missedCalls });
const labels = (s: TrayState, language: 'en' | 'zh-CN' = 'en') =>
  trayMenuTemplate(s, language).map((item) => (item.type === 'separator' ? '—' : item.label));

describe('trayMenuTemplate', () => {
  it('shows the status, then Show, Sign out and Quit', () => {
    expect(labels(state('registered'))).toEqual(['Online', '—', 'Show Offhook', 'Sign out', '—', 'Quit Offhook']);
  });

  it('lists missed calls as an item that opens the call log', () => {
    const menu = trayMenuTemplate(state('registered', 3), 'en');
    expect(menu[1]).toEqual({ type: 'normal', id: 'missed-calls', label: '3 missed calls', enabled: true });
    expect(labels(state('registered', 1))[1]).toBe('1 missed call');
  });

  it('makes the status line information only', () => {
    const [status] = trayMenuTemplate(state('failed'), 'en');
    expect(status).toEqual({ type: 'normal', label: 'Not connected', enabled: false });
  });

  it('offers Sign out only when signed in (or trying to be)', () => {
    const signOut = (s: TrayState) => trayMenuTemplate(s, 'en').find((i) => i.type === 'normal' && i.id === 'sign-out');
    expect(signOut(state('signed-out'))).toMatchObject({ enabled: false });
    for (const r of ['connecting', 'registered', 'failed'] as const) expect(signOut(state(r))).toMatchObject({ enabled: true });
  });

  it('gives every actionable item a command id', () => {
    const ids = trayMenuTemplate(state('registered', 2), 'en').flatMap((i) => (i.type === 'normal' && i.id ? [i.id] : []));
    expect(ids).toEqual(['missed-calls', 'show', 'sign-out', 'quit']);
  });

  it('speaks Chinese', () => {
    expect(labels(state('connecting', 2), 'zh-CN')).toEqual(['正在连接…', '2 个未接来电', '—', '显示 Offhook', '退出登录', '—', '退出 Offhook']);
  });

  it('offers my six statuses as radio items between the status line and Show, once the status is known', () => {
    expect(trayStatusItems(state('registered'), 'en')).toEqual([]);
    const away: TrayState = { ...state('registered'), status: 'away' };
    expect(labels(away)).toEqual(['Online', '—', 'Available', 'Away', 'Do not disturb', 'At lunch', 'Business trip', 'Off work', '—', 'Show Offhook', 'Sign out', '—', 'Quit Offhook']);
    const items = trayStatusItems(away, 'zh-CN');
    expect(items[1]).toEqual({ type: 'radio', id: 'status:away', label: '离开', checked: true, enabled: true });
    expect(items.filter((i) => i.type === 'radio' && i.checked)).toHaveLength(1);
    expect(trayStatusItems({ ...state('signed-out'), status: 'away' }, 'en')).toEqual([]);
  });
});

describe('tray icon, tooltip and title', () => {
  it('has an icon per registration state', () => {
    expect(TRAY_ICON_STATES.map((r) => trayIconFile(state(r)))).toEqual([
      'tray-registered.png',
      'tray-connecting.png',
      'tray-failed.png',
      'tray-signed-out.png',
    ]);
  });

  it('describes the state and missed calls in the tooltip', () => {
    expect(trayTooltip(state('registered'), 'en')).toBe('Offhook — Online');
    expect(trayTooltip(state('failed', 4), 'en')).toBe('Offhook — Not connected · 4 missed calls');
    expect(trayTooltip(state('signed-out', 1), 'zh-CN')).toBe('Offhook — 未登录 · 1 个未接来电');
    expect(trayTooltip({ ...state('registered', 2), status: 'dnd' }, 'en')).toBe('Offhook — Online · Do not disturb · 2 missed calls');
  });

  it('puts the missed-call count in the macOS title, capped', () => {
    expect(trayTitle(state('registered'))).toBe('');
    expect(trayTitle(state('registered', 7))).toBe('7');
    expect(trayTitle(state('registered', 150))).toBe('99+');
  });
});
