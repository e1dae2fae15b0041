import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../../src-renderer/telephony/backoff';

const middle = () => 0.5; // jitter factor exactly 1
const lowest = () => 0; // factor 0.8
const highest = () => 0.999999; // factor just under 1.2

describe('backoffMs', () => {
  it('doubles from 1 s', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, middle))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('caps at 30 s', () => {
    expect(backoffMs(5, middle)).toBe(30_000);
    expect(backoffMs(12, middle)).toBe(30_000);
    expect(backoffMs(1000, middle)).toBe(30_000);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffMs(-3, middle)).toBe(1000);
  });

  it('jitters by ±20 %', () => {
    expect(backoffMs(0, lowest)).toBe(800);
    expect(backoffMs(0, highest)).toBe(1200);
    expect(backoffMs(10, lowest)).toBe(24_000);
    expect(backoffMs(10, highest)).toBe(36_000);
  });

  it('stays within the jitter bounds with the real random source', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const base = Math.min(30_000, 1000 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const ms = backoffMs(attempt);
        expect(ms).toBeGreaterThanOrEqual(base * 0.8);
        expect(ms).toBeLessThanOrEqual(base * 1.2);
        expect(Number.isInteger(ms)).toBe(true);
      }
    }
  });
});
