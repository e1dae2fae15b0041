import { describe, expect, it, vi } from 'vitest';
import {
  createHotkeyService,
  isUsableAccelerator,
  MAX_SELECTION_LENGTH,
  readSelectionText,
  type GlobalShortcutPort,
  type HotkeySettings,
} from '../../../../src-main/hotkeys/hotkey-service';
import { DEFAULT_SETTINGS, type HotkeyAction } from '../../../../src-preload/contract';

/** globalShortcut as the OS sees it: some accelerators held by other apps, some not accelerators at all. */
function fakeGlobalShortcut({ heldElsewhere = [] as string[], unparsable = [] as string[] } = {}) {
  const ours = new Map<string, () => void>();
  const port = {
    ours,
    register: vi.fn((accelerator: string, callback: () => void) => {
      if (unparsable.includes(accelerator)) throw new TypeError(`conversion failure from ${accelerator}`);
      if (heldElsewhere.includes(accelerator) || ours.has(accelerator)) return false;
      ours.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => {
      ours.delete(accelerator);
    }),
    isRegistered: vi.fn((accelerator: string) => ours.has(accelerator)),
  } satisfies GlobalShortcutPort & { ours: Map<string, () => void> };
  return port;
}

const DEFAULTS = DEFAULT_SETTINGS.desktop.hotkeys;

describe('isUsableAccelerator', () => {
  it.each(['CommandOrControl+Shift+A', 'Ctrl+Alt+F5', 'Super+1', 'Alt+Space', 'MediaPlayPause', 'F13', 'CmdOrCtrl+Shift+num5', 'shift+ctrl+h'])(
    'accepts %s',
    (accelerator) => expect(isUsableAccelerator(accelerator)).toBe(true),
  );

  it.each([
    ['an empty string', ''],
    ['a bare letter (would swallow typing everywhere)', 'A'],
    ['a bare F5', 'F5'],
    ['only modifiers', 'Ctrl+Shift'],
    ['two keys', 'Ctrl+A+B'],
    ['a repeated modifier', 'Ctrl+Ctrl+A'],
    ['an unknown modifier', 'Hyper+A'],
    ['an unknown key', 'Ctrl+Banana'],
    ['an empty part', 'Ctrl++A'],
    ['F25', 'Ctrl+F25'],
  ])('refuses %s', (_label, accelerator) => expect(isUsableAccelerator(accelerator)).toBe(false));
});

describe('hotkey service', () => {
  it('registers every configured hotkey and reports them', () => {
    const gs = fakeGlobalShortcut();
    const service = createHotkeyService({ globalShortcut: gs, onTrigger: vi.fn() });
    expect(service.apply(DEFAULTS).map((s) => [s.action, s.state])).toEqual([
      ['answer', 'registered'],
      ['hangUp', 'registered'],
      ['muteToggle', 'registered'],
      ['callSelection', 'registered'],
    ]);
    expect(service.status()).toEqual(service.apply(DEFAULTS));
    expect([...gs.ours.keys()].sort()).toEqual(Object.values(DEFAULTS).sort());
  });

  it('calls back with the action when a hotkey is pressed', () => {
    const gs = fakeGlobalShortcut();
    const triggered: HotkeyAction[] = [];
    createHotkeyService({ globalShortcut: gs, onTrigger: (a) => triggered.push(a) }).apply(DEFAULTS);
    gs.ours.get(DEFAULTS.muteToggle)!();
    gs.ours.get(DEFAULTS.answer)!();
    expect(triggered).toEqual(['muteToggle', 'answer']);
  });

  it('reports off, clash and invalid instead of failing silently', () => {
    const gs = fakeGlobalShortcut({ heldElsewhere: ['Ctrl+Alt+H'], unparsable: ['Ctrl+F24'] });
    const service = createHotkeyService({ globalShortcut: gs, onTrigger: vi.fn() });
    const hotkeys: HotkeySettings = { answer: '', hangUp: 'Ctrl+Alt+H', muteToggle: 'Ctrl+F24', callSelection: 'M' };
    expect(service.apply(hotkeys)).toEqual([
      { action: 'answer', accelerator: '', state: 'off' },
      { action: 'hangUp', accelerator: 'Ctrl+Alt+H', state: 'clash' },
      { action: 'muteToggle', accelerator: 'Ctrl+F24', state: 'invalid' },
      { action: 'callSelection', accelerator: 'M', state: 'invalid' },
    ]);
    expect(gs.ours.size).toBe(0);
  });

  it('reports two of our actions on the same keys as a clash for the second', () => {
    const gs = fakeGlobalShortcut();
    const service = createHotkeyService({ globalShortcut: gs, onTrigger: vi.fn() });
    const statuses = service.apply({ ...DEFAULTS, hangUp: DEFAULTS.answer });
    expect(statuses.find((s) => s.action === 'answer')?.state).toBe('registered');
    expect(statuses.find((s) => s.action === 'hangUp')?.state).toBe('clash');
  });

  it('re-registers when the settings change, releasing the old keys', () => {
    const gs = fakeGlobalShortcut();
    const service = createHotkeyService({ globalShortcut: gs, onTrigger: vi.fn() });
    service.apply(DEFAULTS);
    service.apply({ ...DEFAULTS, answer: 'Ctrl+Alt+A' });
    expect(gs.ours.has(DEFAULTS.answer)).toBe(false);
    expect(gs.ours.has('Ctrl+Alt+A')).toBe(true);
    expect(service.status()[0]).toEqual({ action: 'answer', accelerator: 'Ctrl+Alt+A', state: 'registered' });
  });

  it('leaves registrations alone when the settings did not change', () => {
    const gs = fakeGlobalShortcut();
    const service = createHotkeyService({ globalShortcut: gs, onTrigger: vi.fn() });
    service.apply(DEFAULTS);
    service.apply({ ...DEFAULTS });
    expect(gs.register).toHaveBeenCalledTimes(4);
    expect(gs.unregister).not.toHaveBeenCalled();
  });

  it('releases everything on dispose, and can register again', () => {
    const gs = fakeGlobalShortcut();
    const service = createHotkeyService({ globalShortcut: gs, onTrigger: vi.fn() });
    service.apply(DEFAULTS);
    service.dispose();
    expect(gs.ours.size).toBe(0);
    service.apply(DEFAULTS);
    expect(gs.ours.size).toBe(4);
  });

  it('starts with everything off', () => {
    const service = createHotkeyService({ globalShortcut: fakeGlobalShortcut(), onTrigger: vi.fn() });
    expect(service.status().every((s) => s.state === 'off')).toBe(true);
  });
});

describe('readSelectionText', () => {
  it('reads the primary selection on Linux and the clipboard elsewhere', () => {
    const clipboard = { readText: vi.fn((type?: string) => (type === 'selection' ? ' 1002 ' : '+1 555 0100')) };
    expect(readSelectionText('linux', clipboard)).toBe('1002');
    expect(clipboard.readText).toHaveBeenLastCalledWith('selection');
    expect(readSelectionText('win32', clipboard)).toBe('+1 555 0100');
    expect(readSelectionText('darwin', clipboard)).toBe('+1 555 0100');
    expect(clipboard.readText).toHaveBeenLastCalledWith();
  });

  it('clips what it reads, and survives a clipboard that throws', () => {
    expect(readSelectionText('win32', { readText: () => 'x'.repeat(10_000) })).toHaveLength(MAX_SELECTION_LENGTH);
    expect(
      readSelectionText('linux', {
        readText: () => {
          throw new Error('no X');
        },
      }),
    ).toBe('');
  });
});
