/**
 * RFC 3994 "is-composing", both sides. Sender: "active" on the first keystroke, again before the
 * announced refresh runs out while typing continues, "idle" after IDLE_MS without a keystroke; a
 * sent message ends it silently (the receiver clears on any message). Receiver: shows typing until
 * "idle", a message, or the refresh interval (RFC default 120 s when none was given) runs out.
 */
export const REFRESH_S = 60;
export const IDLE_MS = 15_000;
const DEFAULT_EXPIRY_S = 120;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class TypingSender {
  private activeSince = 0;
  private idleTimer: unknown = null;

  constructor(
    private readonly send: (active: boolean) => void,
    private readonly clock: Clock = realClock,
  ) {}

  /** A keystroke in the composer. */
  input(): void {
    const now = this.clock.now();
    // Refresh a little before the receiver would let it lapse.
    if (!this.activeSince || now - this.activeSince > (REFRESH_S - 10) * 1000) {
      this.activeSince = now;
      this.send(true);
    }
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = this.clock.setTimeout(() => this.stop(true), IDLE_MS);
  }

  /** Stop: `announce` sends "idle" (composer cleared or left); a sent message needs none. */
  stop(announce: boolean): void {
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.activeSince && announce) this.send(false);
    this.activeSince = 0;
  }
}

export class TypingWatcher {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly onChange: (who: string, typing: boolean) => void,
    private readonly clock: Clock = realClock,
  ) {}

  /** An is-composing from `who`. */
  update(who: string, active: boolean, refreshS: number | null): void {
    this.clearTimer(who);
    if (!active) {
      this.onChange(who, false);
      return;
    }
    const expiry = Math.min(Math.max(refreshS ?? DEFAULT_EXPIRY_S, 1), 600) * 1000;
    this.timers.set(
      who,
      this.clock.setTimeout(() => {
        this.timers.delete(who);
        this.onChange(who, false);
      }, expiry),
    );
    this.onChange(who, true);
  }

  /** A message from `who` arrived: they stopped typing. */
  messageFrom(who: string): void {
    if (!this.timers.has(who)) return;
    this.clearTimer(who);
    this.onChange(who, false);
  }

  dispose(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private clearTimer(who: string): void {
    const t = this.timers.get(who);
    if (t !== undefined) this.clock.clearTimeout(t);
    this.timers.delete(who);
  }
}
