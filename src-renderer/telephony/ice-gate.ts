/**
 * Decides when a call stops gathering ICE candidates and sends its SDP.
 *
 * JsSIP holds the INVITE (or the 200 OK) until gathering completes, and it has no timeout: with
 * an unreachable STUN/TURN server Chrome takes ~40 s. The maintainers' answer is the RTCSession
 * `icecandidate` event's `ready()` (JsSIP PR #508). We call it as soon as the candidates we have
 * are good enough:
 *  - a relay candidate: always good enough (it works through any NAT);
 *  - a server-reflexive candidate when no TURN server is configured: nothing better will come;
 *  - host candidates only, when no ICE server is configured: after a short grace period (3 ms) so that
 *    all local interfaces (they arrive in one burst) make it into the offer;
 *  - otherwise the cap: whatever we have after `maxWaitMs` goes out, so set-up never stalls.
 */
export interface IceGateOptions {
  hasStun: boolean;
  hasTurn: boolean;
  /** Wait after the first host candidate when there is no ICE server (ms). */
  hostGraceMs?: number;
  /** Upper bound on gathering once the first candidate has arrived (ms). */
  maxWaitMs?: number;
}

export interface IceGateTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: IceGateTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay' | 'unknown';

export function candidateType(candidate: string): CandidateType {
  const match = / typ (host|srflx|prflx|relay)\b/.exec(candidate);
  return (match?.[1] as CandidateType | undefined) ?? 'unknown';
}

export class IceGate {
  private done = false;
  private graceTimer: unknown = null;
  private capTimer: unknown = null;

  constructor(
    private readonly options: IceGateOptions,
    private readonly timers: IceGateTimers = realTimers,
  ) {}

  /** Feed every `icecandidate` event; `ready` is JsSIP's callback and is called at most once. */
  onCandidate(candidate: string, ready: () => void): void {
    if (this.done) return;
    const type = candidateType(candidate);
    const { hasStun, hasTurn } = this.options;
    if (type === 'relay' || (type === 'srflx' && !hasTurn)) {
      this.finish(ready);
      return;
    }
    if (this.capTimer === null) {
      this.capTimer = this.timers.setTimeout(() => this.finish(ready), this.options.maxWaitMs ?? 500);
    }
    if (type === 'host' && !hasStun && !hasTurn && this.graceTimer === null) {
      this.graceTimer = this.timers.setTimeout(() => this.finish(ready), this.options.hostGraceMs ?? 3);
    }
  }

  /** Gathering ended on its own (or the call ended): drop the timers. */
  dispose(): void {
    this.done = true;
    this.clearTimers();
  }

  private finish(ready: () => void): void {
    if (this.done) return;
    this.done = true;
    this.clearTimers();
    ready();
  }

  private clearTimers(): void {
    if (this.graceTimer !== null) this.timers.clearTimeout(this.graceTimer);
    if (this.capTimer !== null) this.timers.clearTimeout(this.capTimer);
    this.graceTimer = this.capTimer = null;
  }
}
