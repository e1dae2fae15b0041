import { describe, expect, it } from 'vitest';
import { effectiveStatus, nextChangeAt } from '../../../../src-renderer/telephony/status-schedule';
import { DEFAULT_SETTINGS, type StatusSettings } from '../../../../src-preload/contract';

// local-time constructors so the tests hold in any time zone; 2025-01-06 is a Monday
const at = (d: number, h: number, m = 0) => new Date(2025, 0, d, h, m).getTime();

function settings(patch: Partial<StatusSettings> = {}, schedule: Partial<StatusSettings['schedule']> = {}): StatusSettings {
  const base = structuredClone(DEFAULT_SETTINGS.status);
  return { ...base, text: 'hi', ...patch, schedule: { ...base.schedule, enabled: true, ...schedule } };
}

describe('effectiveStatus', () => {
  it('uses the hand-picked status when the schedule is off', () => {
    const s = settings({ status: 'away' }, { enabled: false });
    expect(effectiveStatus(s, at(6, 10))).toEqual({ status: 'away', text: 'hi', source: 'manual' });
    expect(nextChangeAt(s, at(6, 10))).toBeNull();
  });

  it('applies office hours, breaks and outside hours on office days', () => {
    const s = settings();
    expect(effectiveStatus(s, at(6, 8, 59)).source).toBe('outside');
    expect(effectiveStatus(s, at(6, 8, 59)).status).toBe('off-work');
    expect(effectiveStatus(s, at(6, 9)).status).toBe('available');
    expect(effectiveStatus(s, at(6, 12, 30))).toEqual({ status: 'lunch', text: 'hi', source: 'break' });
    expect(effectiveStatus(s, at(6, 13)).source).toBe('office');
    expect(effectiveStatus(s, at(6, 18)).source).toBe('outside');
    // Saturday: no office, no lunch break
    expect(effectiveStatus(s, at(11, 12, 30)).source).toBe('outside');
  });

  it('puts holiday over break over office hours, and temporary over all', () => {
    const s = settings({}, { holidays: [{ date: '2025-01-06', name: 'Epiphany' }], holidayStatus: 'trip' });
    expect(effectiveStatus(s, at(6, 12, 30))).toEqual({ status: 'trip', text: 'hi', source: 'holiday' });
    expect(effectiveStatus(s, at(7, 12, 30)).source).toBe('break');
    const t = { ...s, temporary: { status: 'dnd' as const, text: 'focus', until: at(6, 13) } };
    expect(effectiveStatus(t, at(6, 12, 59))).toEqual({ status: 'dnd', text: 'focus', source: 'temporary' });
    expect(effectiveStatus(t, at(6, 13)).source).toBe('holiday');
  });

  it('handles office hours that run past midnight', () => {
    const s = settings({}, { officeStart: '22:00', officeEnd: '06:00', breaks: [{ start: '02:00', end: '02:30', status: 'lunch' }] });
    expect(effectiveStatus(s, at(6, 23)).source).toBe('office'); // Monday night
    expect(effectiveStatus(s, at(7, 2, 10)).source).toBe('break'); // Monday's shift, Tuesday 02:10
    expect(effectiveStatus(s, at(11, 3)).source).toBe('office'); // Friday's shift runs into Saturday
    expect(effectiveStatus(s, at(12, 3)).source).toBe('outside'); // no Saturday shift
  });
});

describe('nextChangeAt', () => {
  it('finds the next switch, skipping boundaries that change nothing', () => {
    const s = settings();
    expect(nextChangeAt(s, at(6, 10))).toBe(at(6, 12));
    expect(nextChangeAt(s, at(6, 12, 30))).toBe(at(6, 13));
    expect(nextChangeAt(s, at(6, 19))).toBe(at(7, 9)); // midnight changes nothing
    expect(nextChangeAt(s, at(10, 19))).toBe(at(13, 9)); // Friday evening → Monday
  });

  it('reports the end of a temporary status', () => {
    const s = settings({ temporary: { status: 'away', text: '', until: at(6, 10, 45) } }, { enabled: false });
    expect(nextChangeAt(s, at(6, 10))).toBe(at(6, 10, 45));
    expect(nextChangeAt(s, at(6, 10, 45))).toBeNull();
  });
});
