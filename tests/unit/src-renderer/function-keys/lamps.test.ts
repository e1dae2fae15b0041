import { describe, expect, it } from 'vitest';
import { blfLamp } from '../../../../src-renderer/function-keys/lamps';

describe('blfLamp', () => {
  it('shows the dialog state, and idle for every chosen status', () => {
    expect(blfLamp('ringing')).toBe('ringing');
    expect(blfLamp('on-call')).toBe('busy');
    expect(blfLamp('unregistered')).toBe('offline');
    expect(blfLamp('unknown')).toBe('unknown');
    for (const s of ['available', 'away', 'dnd', 'lunch', 'trip', 'off-work'] as const) expect(blfLamp(s)).toBe('idle');
  });
});
