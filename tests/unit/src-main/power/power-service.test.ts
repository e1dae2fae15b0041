import { describe, expect, it, vi } from 'vitest';
import { createPowerService } from '../../../../src-main/power/power-service';
import type { MainEvents } from '../../../../src-preload/contract';
import { FakeEmitter } from '../support/fakes';

function setup() {
  const powerMonitor = new FakeEmitter();
  let nextId = 40;
  const powerSaveBlocker = { start: vi.fn(() => nextId++), stop: vi.fn() };
  const wakes: Array<MainEvents['power']> = [];
  const service = createPowerService({ powerMonitor, powerSaveBlocker, onWake: (e) => wakes.push(e) });
  return { service, powerMonitor, powerSaveBlocker, wakes };
}

describe('power service', () => {
  it('tells the renderer on resume and on unlock', () => {
    const { powerMonitor, wakes } = setup();
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(wakes).toEqual([{ reason: 'resume' }, { reason: 'unlock' }]);
  });

  it('keeps the display awake while in a call, once', () => {
    const { service, powerSaveBlocker } = setup();
    service.setInCall(true);
    service.setInCall(true);
    expect(powerSaveBlocker.start).toHaveBeenCalledOnce();
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    expect(service.isKeepingDisplayAwake()).toBe(true);
    service.setInCall(false);
    service.setInCall(false);
    expect(powerSaveBlocker.stop).toHaveBeenCalledOnce();
    expect(powerSaveBlocker.stop).toHaveBeenCalledWith(40);
    expect(service.isKeepingDisplayAwake()).toBe(false);
    service.setInCall(true);
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(2);
  });

  it('lets go of everything on dispose', () => {
    const { service, powerMonitor, powerSaveBlocker, wakes } = setup();
    service.setInCall(true);
    service.dispose();
    expect(powerSaveBlocker.stop).toHaveBeenCalledWith(40);
    expect(powerMonitor.count('resume')).toBe(0);
    expect(powerMonitor.count('unlock-screen')).toBe(0);
    powerMonitor.emit('resume');
    expect(wakes).toEqual([]);
  });
});
