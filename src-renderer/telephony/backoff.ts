/**
 * Delay before the n-th automatic retry (n starts at 0): exponential from 1 s, capped at 30 s, with
 * ±20 % jitter so a whole office does not re-register in the same second after a PBX restart.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.round(base * jitter);
}
