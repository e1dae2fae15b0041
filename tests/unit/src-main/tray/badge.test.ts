import { describe, expect, it, vi } from 'vitest';
import { badgeFor, createBadgeService } from '../../../../src-main/tray/badge';

describe('badgeFor', () => {
  it('counts on the macOS dock and Linux launchers', () => {
    expect(badgeFor('darwin', 3, 'en')).toEqual({ kind: 'count', count: 3 });
    expect(badgeFor('linux', 0, 'en')).toEqual({ kind: 'count', count: 0 });
  });

  it('uses the taskbar overlay on Windows, described for screen readers', () => {
    expect(badgeFor('win32', 2, 'en')).toEqual({ kind: 'overlay', show: true, description: '2 missed calls' });
    expect(badgeFor('win32', 2, 'zh-CN')).toEqual({ kind: 'overlay', show: true, description: '2 个未接来电' });
    expect(badgeFor('win32', 0, 'en')).toEqual({ kind: 'overlay', show: false, description: '' });
  });
});

describe('badge service', () => {
  it('applies only changes, and again on request (a new window)', () => {
    const port = { setBadgeCount: vi.fn(), setOverlay: vi.fn() };
    const badge = createBadgeService({ platform: 'win32', port });
    badge.update(1, 'en');
    badge.update(1, 'en');
    badge.update(0, 'en');
    expect(port.setOverlay.mock.calls).toEqual([
      [true, '1 missed call'],
      [false, ''],
    ]);
    badge.reapply();
    expect(port.setOverlay).toHaveBeenCalledTimes(3);
    expect(port.setBadgeCount).not.toHaveBeenCalled();
  });

  it('sets the dock count on macOS', () => {
    const port = { setBadgeCount: vi.fn(), setOverlay: vi.fn() };
    createBadgeService({ platform: 'darwin', port }).update(4, 'en');
    expect(port.setBadgeCount).toHaveBeenCalledWith(4);
  });
});
