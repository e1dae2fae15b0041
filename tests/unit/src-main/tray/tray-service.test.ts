import { describe, expect, it, vi } from 'vitest';
import type { TrayCommand } from '../../../../src-main/tray/tray-menu';
import { createTrayService, type TrayMenuEntry, type TrayPort } from '../../../../src-main/tray/tray-service';

function setup(platform: NodeJS.Platform = 'linux') {
  const listeners = new Map<string, () => void>();
  const tray = {
    setImage: vi.fn(),
    setToolTip: vi.fn(),
    setContextMenu: vi.fn(),
    setTitle: vi.fn(),
    on: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
    destroy: vi.fn(),
  } satisfies TrayPort;
  const createTray = vi.fn(() => tray);
  const menus: TrayMenuEntry[][] = [];
  const commands: TrayCommand[] = [];
  const service = createTrayService({
    createTray,
    buildMenu: (template) => {
      menus.push(template);
      return { template };
    },
    iconDir: '/app/out/icons',
    joinPath: (...parts) => parts.join('/'),
    platform,
    onCommand: (c) => commands.push(c),
  });
  return { service, tray, createTray, menus, commands, listeners };
}

describe('tray service', () => {
  it('creates the tray once, with the icon for the state', () => {
    const { service, createTray, tray } = setup();
    service.update({ registration: 'connecting', missedCalls: 0 }, 'en');
    service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    expect(createTray).toHaveBeenCalledOnce();
    expect(createTray).toHaveBeenCalledWith('/app/out/icons/tray-connecting.png');
    expect(tray.setImage).toHaveBeenCalledWith('/app/out/icons/tray-registered.png');
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Offhook — Online');
  });

  it('rebuilds the menu only when it changes', () => {
    const { service, menus } = setup();
    service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    expect(menus).toHaveLength(1);
    service.update({ registration: 'registered', missedCalls: 1 }, 'en');
    service.update({ registration: 'registered', missedCalls: 1 }, 'zh-CN');
    expect(menus).toHaveLength(3);
  });

  it('turns menu clicks into commands', () => {
    const { service, menus, commands } = setup();
    service.update({ registration: 'registered', missedCalls: 2 }, 'en');
    for (const item of menus[0]!) if ('click' in item && item.click) item.click();
    expect(commands).toEqual(['missed-calls', 'show', 'sign-out', 'quit']);
  });

  it('shows the window on an icon click, except on macOS where a click opens the menu', () => {
    const linux = setup('linux');
    linux.service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    linux.listeners.get('click')!();
    expect(linux.commands).toEqual(['show']);
    const mac = setup('darwin');
    mac.service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    expect(mac.listeners.has('click')).toBe(false);
  });

  it('sets the macOS title to the missed-call count, and nowhere else', () => {
    const mac = setup('darwin');
    mac.service.update({ registration: 'registered', missedCalls: 5 }, 'en');
    expect(mac.tray.setTitle).toHaveBeenCalledWith('5');
    const win = setup('win32');
    win.service.update({ registration: 'registered', missedCalls: 5 }, 'en');
    expect(win.tray.setTitle).not.toHaveBeenCalled();
  });

  it('destroys the tray and can create it again', () => {
    const { service, tray, createTray } = setup();
    service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    service.destroy();
    expect(tray.destroy).toHaveBeenCalledOnce();
    service.update({ registration: 'registered', missedCalls: 0 }, 'en');
    expect(createTray).toHaveBeenCalledTimes(2);
  });
});
