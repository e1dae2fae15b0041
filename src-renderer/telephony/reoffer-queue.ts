/**
 * Runs a call's SDP re-offers (hold, resume, later renegotiation) one at a time.
 *
 * JsSIP refuses a re-offer while another INVITE/UPDATE transaction is in flight (hold() just returns
 * false, JsSIP #806), and it emits `hold` before the re-INVITE completes. So each operation waits
 * until the session is ready to re-offer, and only the operation's `done` callback counts as
 * success. If the session ends meanwhile (JsSIP ends the call when a hold re-INVITE fails), the
 * pending operations reject with `SessionEndedError`.
 */
export interface ReOfferTarget {
  isReadyToReOffer(): boolean;
  isEnded(): boolean;
}

export class SessionEndedError extends Error {
  constructor() {
    super('the call ended before the re-offer completed');
  }
}

export class ReOfferTimeoutError extends Error {
  constructor() {
    super('the call was not ready for a re-offer in time');
  }
}

type Operation = (done: () => void) => boolean;

interface Pending {
  operation: Operation;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class ReOfferQueue {
  private readonly pending: Pending[] = [];
  private running: Pending | null = null;
  private ended = false;

  constructor(
    private readonly target: ReOfferTarget,
    private readonly retryMs = 20,
    private readonly readyTimeoutMs = 10_000,
  ) {}

  /** Queues an operation; it receives JsSIP's `done` callback and returns JsSIP's boolean. */
  run(operation: Operation): Promise<void> {
    if (this.ended || this.target.isEnded()) return Promise.reject(new SessionEndedError());
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ operation, resolve, reject });
      this.next();
    });
  }

  get busy(): boolean {
    return this.running !== null || this.pending.length > 0;
  }

  /** The session ended: everything still queued fails. */
  sessionEnded(): void {
    this.ended = true;
    const all = [...(this.running ? [this.running] : []), ...this.pending.splice(0)];
    this.running = null;
    for (const p of all) p.reject(new SessionEndedError());
  }

  private next(): void {
    if (this.running || this.ended) return;
    const job = this.pending.shift();
    if (!job) return;
    this.running = job;
    const startedAt = Date.now();
    const attempt = (): void => {
      if (this.running !== job) return;
      if (this.target.isEnded()) {
        this.sessionEnded();
        return;
      }
      if (this.target.isReadyToReOffer()) {
        let finished = false;
        const accepted = job.operation(() => {
          if (finished || this.running !== job) return;
          finished = true;
          this.running = null;
          job.resolve();
          this.next();
        });
        if (accepted) return;
      }
      if (Date.now() - startedAt > this.readyTimeoutMs) {
        this.running = null;
        job.reject(new ReOfferTimeoutError());
        this.next();
        return;
      }
      setTimeout(attempt, this.retryMs);
    };
    attempt();
  }
}
