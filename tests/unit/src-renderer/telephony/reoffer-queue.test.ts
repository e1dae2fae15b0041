import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ReOfferQueue,
  ReOfferTimeoutError,
  SessionEndedError,
  type ReOfferTarget,
} from '../../../../src-renderer/telephony/reoffer-queue';

class Target implements ReOfferTarget {
  ready = true;
  ended = false;
  isReadyToReOffer(): boolean {
    return this.ready;
  }
  isEnded(): boolean {
    return this.ended;
  }
}

/** An operation that JsSIP accepts and that completes when the test calls `finish`. */
function op(accepts: () => boolean = () => true) {
  const calls: Array<() => void> = [];
  const fn = vi.fn((done: () => void) => {
    if (!accepts()) return false;
    calls.push(done);
    return true;
  });
  return {
    fn,
    finish: (i = calls.length - 1) => calls[i]!(),
    get started() {
      return calls.length;
    },
  };
}

/** Settled state of a promise, without waiting for it. */
function track(p: Promise<void>) {
  const s: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  p.then(
    () => (s.state = 'resolved'),
    (e: unknown) => {
      s.state = 'rejected';
      s.error = e;
    },
  );
  return s;
}

describe('ReOfferQueue', () => {
  let target: Target;
  beforeEach(() => {
    vi.useFakeTimers();
    target = new Target();
  });
  afterEach(() => vi.useRealTimers());

  it('resolves only when the operation calls done', async () => {
    const q = new ReOfferQueue(target);
    const a = op();
    const s = track(q.run(a.fn));
    expect(a.fn).toHaveBeenCalledOnce();
    expect(q.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.state).toBe('pending');
    a.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('resolved');
    expect(q.busy).toBe(false);
  });

  it('runs operations one at a time, in order', async () => {
    const q = new ReOfferQueue(target);
    const a = op();
    const b = op();
    const sa = track(q.run(a.fn));
    const sb = track(q.run(b.fn));
    expect(a.fn).toHaveBeenCalledOnce();
    expect(b.fn).not.toHaveBeenCalled();
    a.finish();
    expect(b.fn).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(0);
    expect(sa.state).toBe('resolved');
    expect(sb.state).toBe('pending');
    b.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(sb.state).toBe('resolved');
  });

  it('a second call of done is ignored', async () => {
    const q = new ReOfferQueue(target);
    const a = op();
    const b = op();
    const c = op();
    void q.run(a.fn);
    void q.run(b.fn);
    void q.run(c.fn);
    a.finish();
    a.finish(0); // JsSIP calling back twice must not complete b
    expect(b.fn).toHaveBeenCalledOnce();
    expect(c.fn).not.toHaveBeenCalled();
  });

  it('an operation that completes synchronously frees the queue at once', async () => {
    const q = new ReOfferQueue(target);
    const sync = vi.fn((done: () => void) => (done(), true));
    const b = op();
    const s = track(q.run(sync));
    void q.run(b.fn);
    expect(b.fn).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('resolved');
  });

  it('waits while the session is not ready, then runs', async () => {
    target.ready = false;
    const q = new ReOfferQueue(target, 20);
    const a = op();
    const s = track(q.run(a.fn));
    await vi.advanceTimersByTimeAsync(100);
    expect(a.fn).not.toHaveBeenCalled();
    target.ready = true;
    await vi.advanceTimersByTimeAsync(20);
    expect(a.fn).toHaveBeenCalledOnce();
    a.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state).toBe('resolved');
  });

  it('retries when JsSIP refuses the operation (returns false)', async () => {
    let accept = false;
    const q = new ReOfferQueue(target, 20);
    const a = op(() => accept);
    void q.run(a.fn);
    expect(a.fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(40);
    expect(a.fn).toHaveBeenCalledTimes(3);
    accept = true;
    await vi.advanceTimersByTimeAsync(20);
    expect(a.fn).toHaveBeenCalledTimes(4);
    expect(a.started).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(a.fn).toHaveBeenCalledTimes(4); // no more attempts once accepted
  });

  it('times out when the session never gets ready, and moves on', async () => {
    target.ready = false;
    const q = new ReOfferQueue(target, 20, 1000);
    const a = op();
    const b = op();
    const sa = track(q.run(a.fn));
    const sb = track(q.run(b.fn));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sa.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(40);
    expect(sa.state).toBe('rejected');
    expect(sa.error).toBeInstanceOf(ReOfferTimeoutError);
    expect(sb.state).toBe('pending');
    target.ready = true;
    await vi.advanceTimersByTimeAsync(20);
    expect(b.fn).toHaveBeenCalledOnce();
  });

  it('sessionEnded rejects the running and the queued operations', async () => {
    const q = new ReOfferQueue(target);
    const a = op();
    const b = op();
    const sa = track(q.run(a.fn));
    const sb = track(q.run(b.fn));
    q.sessionEnded();
    await vi.advanceTimersByTimeAsync(0);
    expect(sa.error).toBeInstanceOf(SessionEndedError);
    expect(sb.error).toBeInstanceOf(SessionEndedError);
    expect(q.busy).toBe(false);
    a.finish(); // a late 200 OK changes nothing
    expect(b.fn).not.toHaveBeenCalled();
  });

  it('refuses new operations once ended', async () => {
    const q = new ReOfferQueue(target);
    q.sessionEnded();
    await expect(q.run(op().fn)).rejects.toBeInstanceOf(SessionEndedError);
    const q2 = new ReOfferQueue(target);
    target.ended = true;
    const b = op();
    await expect(q2.run(b.fn)).rejects.toBeInstanceOf(SessionEndedError);
    expect(b.fn).not.toHaveBeenCalled();
  });

  it('notices a session that ended while waiting to be ready', async () => {
    target.ready = false;
    const q = new ReOfferQueue(target, 20);
    const a = op();
    const b = op();
    const sa = track(q.run(a.fn));
    const sb = track(q.run(b.fn));
    target.ended = true;
    await vi.advanceTimersByTimeAsync(20);
    expect(sa.error).toBeInstanceOf(SessionEndedError);
    expect(sb.error).toBeInstanceOf(SessionEndedError);
    expect(a.fn).not.toHaveBeenCalled();
  });
});
