import { describe, expect, it } from 'vitest';
import { trayMenuTemplate, trayTitle, trayTooltip } from '../../../../src-main/tray/tray-menu';
import { clickTarget } from '../../../../src-main/notify/notification-service';

describe('unread chats in the tray (D5)', () => {
  const state = { registration: 'registered' as const, missedCalls: 1, status: 'available' as const, unreadChats: 3 };
  it('shows the unread count in the menu, tooltip and title', () => {
    expect(trayMenuTemplate(state, 'en').some((i) => i.type === 'normal' && i.label === '3 unread messages')).toBe(true);
    expect(trayTooltip(state, 'zh-CN')).toContain('3 条未读消息');
    expect(trayTitle(state)).toBe('4');
    expect(trayTitle({ ...state, missedCalls: 0, unreadChats: 0 })).toBe('');
  });
  it('a chat notification opens the chat view', () => {
    expect(clickTarget('chat-message')).toBe('chat');
  });
});
