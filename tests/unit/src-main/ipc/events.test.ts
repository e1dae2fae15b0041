import { describe, expect, it, vi } from 'vitest';
import { createEventSender, type EventTarget } from '../../../../src-main/ipc/events';
import { eventChannel } from '../../../../src-preload/contract';

describe('createEventSender', () => {
  it('sends each event on its contract channel with the payload', () => {
    const target: EventTarget = { isDestroyed: () => false, send: vi.fn() };
    const send = createEventSender(() => target);
    expect(send('navigate', { view: 'history' })).toBe(true);
    expect(send('power', { reason: 'unlock' })).toBe(true);
    expect(target.send).toHaveBeenNthCalledWith(1, eventChannel('navigate'), { view: 'history' });
    expect(target.send).toHaveBeenNthCalledWith(2, 'offhook:event:power', { reason: 'unlock' });
  });

  it('does nothing without a live main window', () => {
    const destroyed: EventTarget = { isDestroyed: () => true, send: vi.fn() };
    expect(createEventSender(() => null)('hotkey', { action: 'answer' })).toBe(false);
    expect(createEventSender(() => destroyed)('hotkey', { action: 'answer' })).toBe(false);
    expect(destroyed.send).not.toHaveBeenCalled();
  });
});
