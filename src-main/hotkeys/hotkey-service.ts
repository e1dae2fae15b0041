/**
 * Global hotkeys (K5): answer, hang up, mute toggle and "call the selected text", registered
 * with the OS from settings.desktop.hotkeys and registered again whenever those change.
 *
 * Each action reports its state: registered, off (no accelerator), clash (the OS or another
 * application holds it, or another of our actions uses it), invalid (not an accelerator, or a
 * bare key that would swallow normal typing system-wide).
 */
import { HOTKEY_ACTIONS, type DesktopSettings, type HotkeyAction, type HotkeyStatus } from '../../src-preload/contract';

/** The part of Electron's globalShortcut used here. */
export interface GlobalShortcutPort {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
  isRegistered(accelerator: string): boolean;
}

export type HotkeySettings = DesktopSettings['hotkeys'];

const MODIFIERS = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);

const NAMED_KEYS = new Set([
  'plus',
  'space',
  'tab',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
  'printscreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
]);

/** Keys that are fine alone: nobody types them, and headsets and keyboards send them for calls. */
const STANDALONE_KEYS = /^(f(1[3-9]|2[0-4])|volumeup|volumedown|volumemute|medianexttrack|mediaprevioustrack|mediastop|mediaplaypause)$/;

function isKey(token: string): boolean {
  return /^[a-z0-9]$/.test(token) || /^f([1-9]|1[0-9]|2[0-4])$/.test(token) || /^num[0-9]$/.test(token) || NAMED_KEYS.has(token) || STANDALONE_KEYS.test(token);
}

/**
 * Whether an accelerator is worth handing to the OS: modifiers, then exactly one key, and at
 * least one modifier unless the key is one nobody types (F13–F24, media keys).
 */
export function isUsableAccelerator(accelerator: string): boolean {
  if (accelerator.length === 0 || accelerator.length > 64) return false;
  const tokens = accelerator.split('+').map((t) => t.trim().toLowerCase());
  if (tokens.some((t) => t === '')) return false;
  const key = tokens.at(-1)!;
  const modifiers = tokens.slice(0, -1);
  if (!isKey(key)) return false;
  if (modifiers.some((m) => !MODIFIERS.has(m))) return false;
  if (new Set(modifiers).size !== modifiers.length) return false;
  return modifiers.length > 0 || STANDALONE_KEYS.test(key);
}

export interface HotkeyServiceOptions {
  globalShortcut: GlobalShortcutPort;
  onTrigger(action: HotkeyAction): void;
}

export interface HotkeyService {
  /** Registers the given accelerators (dropping ours first) and returns the per-action status. */
  apply(hotkeys: HotkeySettings): HotkeyStatus[];
  status(): HotkeyStatus[];
  /** Unregisters everything we registered (on quit). */
  dispose(): void;
}

export function createHotkeyService({ globalShortcut, onTrigger }: HotkeyServiceOptions): HotkeyService {
  let registered: string[] = [];
  let applied: string | null = null;
  let statuses: HotkeyStatus[] = HOTKEY_ACTIONS.map((action) => ({ action, accelerator: '', state: 'off' }));

  function unregisterOurs(): void {
    for (const accelerator of registered) {
      try {
        globalShortcut.unregister(accelerator);
      } catch {
        // It was accepted when registered; nothing useful to do if the OS now refuses.
      }
    }
    registered = [];
  }

  function registerOne(action: HotkeyAction, accelerator: string): HotkeyStatus['state'] {
    if (accelerator === '') return 'off';
    if (!isUsableAccelerator(accelerator)) return 'invalid';
    // Ours were all dropped first, so a registered accelerator here belongs to an earlier action.
    if (globalShortcut.isRegistered(accelerator)) return 'clash';
    let ok: boolean;
    try {
      ok = globalShortcut.register(accelerator, () => onTrigger(action));
    } catch {
      return 'invalid';
    }
    if (!ok) return 'clash';
    registered.push(accelerator);
    return 'registered';
  }

  return {
    apply(hotkeys) {
      const key = JSON.stringify(HOTKEY_ACTIONS.map((action) => hotkeys[action]));
      // Unchanged settings: keep what is registered (re-registering could lose a key to a race).
      if (key === applied) return statuses;
      unregisterOurs();
      statuses = HOTKEY_ACTIONS.map((action) => {
        const accelerator = hotkeys[action];
        return { action, accelerator, state: registerOne(action, accelerator) };
      });
      applied = key;
      return statuses;
    },
    status: () => statuses.map((s) => ({ ...s })),
    dispose() {
      unregisterOurs();
      applied = null;
    },
  };
}

/** The clipboard reads used for "call the selected text". */
export interface ClipboardPort {
  readText(type?: 'selection' | 'clipboard'): string;
}

export const MAX_SELECTION_LENGTH = 256;

/**
 * What "call the selected text" reads. Linux has a primary selection: whatever is highlighted.
 * Windows and macOS do not expose the selection of another application, so there the user
 * copies the number first (Ctrl/Cmd+C) and the clipboard is read.
 */
export function readSelectionText(platform: NodeJS.Platform, clipboard: ClipboardPort): string {
  let text = '';
  try {
    text = platform === 'linux' ? clipboard.readText('selection') : clipboard.readText();
  } catch {
    text = '';
  }
  return text.trim().slice(0, MAX_SELECTION_LENGTH);
}
