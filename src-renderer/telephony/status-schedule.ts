/**
 * J4/J5: which of my statuses applies at a moment. A temporary status wins while it lasts; with the
 * schedule on, then holiday > break > office hours > outside office hours; with it off, the status
 * chosen by hand. Times are the computer's local time (office hours are a wall-clock matter).
 */
import type { MyStatus, StatusSettings } from '../../src-preload/contract';

export type StatusSource = 'temporary' | 'holiday' | 'break' | 'office' | 'outside' | 'manual';

export interface EffectiveStatus {
  status: MyStatus;
  text: string;
  source: StatusSource;
}

const minutesOf = (clock: string): number => {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const dateKey = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Is `minute` (of `day`) inside start–end? An end before the start runs past midnight. */
function within(startClock: string, endClock: string, minute: number): boolean {
  const start = minutesOf(startClock);
  const end = minutesOf(endClock);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether a start–end span that began on its own day covers this moment, and the day it began. */
function spanDay(startClock: string, endClock: string, at: Date): Date | null {
  const minute = at.getHours() * 60 + at.getMinutes();
  if (!within(startClock, endClock, minute)) return null;
  const overnightTail = minutesOf(endClock) < minutesOf(startClock) && minute < minutesOf(endClock);
  return overnightTail ? new Date(at.getFullYear(), at.getMonth(), at.getDate() - 1) : at;
}

export function effectiveStatus(s: StatusSettings, now: number): EffectiveStatus {
  if (s.temporary && s.temporary.until > now) {
    return { status: s.temporary.status, text: s.temporary.text, source: 'temporary' };
  }
  const sc = s.schedule;
  if (!sc.enabled) return { status: s.status, text: s.text, source: 'manual' };
  const at = new Date(now);
  if (sc.holidays.some((h) => h.date === dateKey(at))) return { status: sc.holidayStatus, text: s.text, source: 'holiday' };
  const office = spanDay(sc.officeStart, sc.officeEnd, at);
  const officeDay = office !== null && sc.officeDays.includes(office.getDay());
  // breaks are breaks in the working day: not on weekends
  if (sc.officeDays.includes(at.getDay()) || officeDay) {
    for (const b of sc.breaks) {
      const day = spanDay(b.start, b.end, at);
      if (day && sc.officeDays.includes(day.getDay())) return { status: b.status, text: s.text, source: 'break' };
    }
  }
  if (officeDay) return { status: sc.officeStatus, text: s.text, source: 'office' };
  return { status: sc.outsideStatus, text: s.text, source: 'outside' };
}

const sameStatus = (a: EffectiveStatus, b: EffectiveStatus) => a.status === b.status && a.text === b.text && a.source === b.source;

/**
 * The next moment (epoch ms) after `now` when effectiveStatus changes, or null when it never will
 * (within the next 8 days, which covers any weekly schedule). Timers re-arm from there.
 */
export function nextChangeAt(s: StatusSettings, now: number): number | null {
  const candidates = new Set<number>();
  if (s.temporary && s.temporary.until > now) candidates.add(s.temporary.until);
  if (s.schedule.enabled) {
    const clocks = [s.schedule.officeStart, s.schedule.officeEnd, ...s.schedule.breaks.flatMap((b) => [b.start, b.end]), '00:00'];
    const base = new Date(now);
    for (let d = 0; d <= 8; d++) {
      for (const c of clocks) {
        const m = minutesOf(c);
        candidates.add(new Date(base.getFullYear(), base.getMonth(), base.getDate() + d, Math.floor(m / 60), m % 60).getTime());
      }
    }
  }
  const current = effectiveStatus(s, now);
  for (const t of [...candidates].filter((t) => t > now).sort((a, b) => a - b)) {
    if (!sameStatus(effectiveStatus(s, t), current)) return t;
  }
  return null;
}
