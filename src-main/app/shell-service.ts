/**
 * The renderer's shell state (registration, missed calls, ringing, in call) fanned out to what
 * shows it: tray icon and menu, dock badge / taskbar overlay, and the display-sleep blocker.
 */
import type { Language, ShellState } from '../../src-preload/contract';
import type { PowerService } from '../power/power-service';
import type { BadgeService } from '../tray/badge';
import type { TrayService } from '../tray/tray-service';

export const INITIAL_SHELL_STATE: ShellState = { registration: 'signed-out', missedCalls: 0, ringing: false, inCall: false };

export interface ShellService {
  setState(state: ShellState): void;
  /** The language changed: redraw the tray menu and tooltip. */
  refresh(): void;
  state(): ShellState;
}

export function createShellService(input: {
  tray: Pick<TrayService, 'update'>;
  badge: Pick<BadgeService, 'update'>;
  power: Pick<PowerService, 'setInCall'>;
  getLanguage(): Language;
}): ShellService {
  let current: ShellState = { ...INITIAL_SHELL_STATE };
  const apply = () => {
    const language = input.getLanguage();
    input.tray.update(current, language);
    input.badge.update(current.missedCalls, language);
    input.power.setInCall(current.inCall);
  };
  return {
    setState(state) {
      current = { ...state };
      apply();
    },
    refresh: apply,
    state: () => ({ ...current }),
  };
}
