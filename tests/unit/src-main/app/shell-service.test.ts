import { describe, expect, it, vi } from 'vitest';
import { createShellService, INITIAL_SHELL_STATE } from '../../../../src-main/app/shell-service';
import type { Language } from '../../../../src-preload/contract';

function setup() {
  let language: Language = 'en';
  const tray = { update: vi.fn() };
  const badge = { update: vi.fn() };
  const power = { setInCall: vi.fn() };
  const shell = createShellService({ tray, badge, power, getLanguage: () => language });
  return { shell, tray, badge, power, setLanguage: (l: Language) => (language = l) };
}

describe('shell service', () => {
  it('fans the renderer’s state out to tray, badge and power blocker', () => {
    const { shell, tray, badge, power } = setup();
    const state = { registration: 'registered' as const, missedCalls: 2, ringing: false, inCall: true };
    shell.setState(state);
    expect(tray.update).toHaveBeenCalledWith(state, 'en');
    expect(badge.update).toHaveBeenCalledWith(2, 'en');
    expect(power.setInCall).toHaveBeenCalledWith(true);
    expect(shell.state()).toEqual(state);
  });

  it('redraws in the new language on refresh', () => {
    const { shell, tray, setLanguage } = setup();
    shell.setState(INITIAL_SHELL_STATE);
    setLanguage('zh-CN');
    shell.refresh();
    expect(tray.update).toHaveBeenLastCalledWith(INITIAL_SHELL_STATE, 'zh-CN');
  });
});
