import { describe, expect, it } from 'vitest';
import { createNotificationService, type NotificationOptions } from '../../../../src-main/notify/notification-service';
import type { View } from '../../../../src-preload/contract';
import { FakeEmitter } from '../support/fakes';

class FakeNotification extends FakeEmitter {
  shown = false;
  closed = false;
  constructor(readonly options: NotificationOptions) {
    super();
  }
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
}

function setup(supported = true) {
  const created: FakeNotification[] = [];
  const shown: Array<View | undefined> = [];
  const service = createNotificationService({
    isSupported: () => supported,
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    showWindow: (view) => shown.push(view),
  });
  return { service, created, shown };
}

describe('notification service', () => {
  it('shows a missed call; a click opens the call log', () => {
    const { service, created, shown } = setup();
    expect(service.notify({ kind: 'missed-call', title: 'Missed call', body: 'Alice (1002)' })).toBe(true);
    expect(created[0]!.options).toEqual({ title: 'Missed call', body: 'Alice (1002)', silent: false, urgency: 'normal' });
    expect(created[0]!.shown).toBe(true);
    created[0]!.emit('click');
    expect(shown).toEqual(['history']);
  });

  it('shows an incoming call silently (the app rings); a click brings the phone forward', () => {
    const { service, created, shown } = setup();
    service.notify({ kind: 'incoming-call', title: 'Incoming call', body: 'Bob', callId: 'c1' });
    expect(created[0]!.options).toMatchObject({ silent: true, urgency: 'critical' });
    created[0]!.emit('click');
    expect(shown).toEqual([undefined]);
  });

  it('never adds action buttons', () => {
    const { service, created } = setup();
    service.notify({ kind: 'incoming-call', title: 'Incoming call', body: 'Bob', callId: 'c1' });
    expect(created[0]!.options).not.toHaveProperty('actions');
  });

  it('replaces the notification of a call notified again, instead of stacking', () => {
    const { service, created } = setup();
    service.notify({ kind: 'incoming-call', title: 'Incoming call', body: '1002', callId: 'c1' });
    service.notify({ kind: 'incoming-call', title: 'Incoming call', body: 'Alice', callId: 'c1' });
    service.notify({ kind: 'incoming-call', title: 'Incoming call', body: 'Carol', callId: 'c2' });
    expect(created.map((n) => n.closed)).toEqual([true, false, false]);
    expect(service.live()).toBe(2);
  });

  it('keeps notifications referenced until clicked or closed, and no more than 20', () => {
    const { service, created } = setup();
    service.notify({ kind: 'missed-call', title: 'a', body: '' });
    service.notify({ kind: 'missed-call', title: 'b', body: '' });
    expect(service.live()).toBe(2);
    created[0]!.emit('close');
    created[1]!.emit('click');
    expect(service.live()).toBe(0);
    for (let i = 0; i < 30; i += 1) service.notify({ kind: 'missed-call', title: `n${i}`, body: '' });
    expect(service.live()).toBe(20);
  });

  it('says when the OS has no notifications', () => {
    const { service, created } = setup(false);
    expect(service.notify({ kind: 'missed-call', title: 'x', body: '' })).toBe(false);
    expect(created).toEqual([]);
  });

  it('routes clicks of several notifications to their own views', () => {
    const { service, created, shown } = setup();
    service.notify({ kind: 'incoming-call', title: 'i', body: '', callId: 'c9' });
    service.notify({ kind: 'missed-call', title: 'm', body: '' });
    created[1]!.emit('click');
    created[0]!.emit('click');
    expect(shown).toEqual(['history', undefined]);
  });
});
