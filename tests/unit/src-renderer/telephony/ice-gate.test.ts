import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceGate, candidateType, type IceGateTimers } from '../../../../src-renderer/telephony/ice-gate';

const host = 'candidate:1 1 udp 2122260223 192.168.1.10 54321 typ host generation 0';
const host2 = 'candidate:2 1 udp 2122194687 10.0.0.5 54322 typ host generation 0';
const srflx = 'candidate:3 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 192.168.1.10 rport 54321';
const relay = 'candidate:4 1 udp 41885439 198.51.100.9 50000 typ relay raddr 203.0.113.7 rport 40000';

describe('candidateType', () => {
  it('reads the typ field', () => {
    expect(candidateType(host)).toBe('host');
    expect(candidateType(srflx)).toBe('srflx');
    expect(candidateType(relay)).toBe('relay');
    expect(candidateType('candidate:5 1 tcp 1 1.2.3.4 9 typ prflx')).toBe('prflx');
    expect(candidateType('')).toBe('unknown');
    expect(candidateType('candidate:x typ hostile')).toBe('unknown');
  });
});

describe('IceGate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a relay candidate is ready at once, even with TURN configured', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: true });
    gate.onCandidate(host, ready);
    expect(ready).not.toHaveBeenCalled();
    gate.onCandidate(relay, ready);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('a server-reflexive candidate is ready at once without TURN', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: false });
    gate.onCandidate(srflx, ready);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('with TURN, srflx waits for a relay candidate', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: true });
    gate.onCandidate(srflx, ready);
    vi.advanceTimersByTime(200);
    expect(ready).not.toHaveBeenCalled();
    gate.onCandidate(relay, ready);
    expect(ready).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(1000);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('with TURN and no relay, the cap sends what there is', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: true, maxWaitMs: 300 });
    gate.onCandidate(srflx, ready);
    vi.advanceTimersByTime(299);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('host candidates without any ICE server: ready after the grace period', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: false, hasTurn: false, hostGraceMs: 5 });
    gate.onCandidate(host, ready);
    gate.onCandidate(host2, ready); // the same burst
    vi.advanceTimersByTime(4);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('the grace period is counted from the first host candidate', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: false, hasTurn: false, hostGraceMs: 10 });
    gate.onCandidate(host, ready);
    vi.advanceTimersByTime(8);
    gate.onCandidate(host2, ready);
    vi.advanceTimersByTime(2);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('servers configured but unreachable (host candidates only): ready at the 500 ms cap', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: false });
    gate.onCandidate(host, ready);
    vi.advanceTimersByTime(100);
    gate.onCandidate(host2, ready);
    vi.advanceTimersByTime(399);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('with TURN only and host candidates, also the cap', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: false, hasTurn: true, maxWaitMs: 500 });
    gate.onCandidate(host, ready);
    vi.advanceTimersByTime(499);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('calls ready at most once', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: false, hasTurn: false });
    gate.onCandidate(host, ready);
    gate.onCandidate(relay, ready);
    gate.onCandidate(srflx, ready);
    vi.advanceTimersByTime(10_000);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('dispose cancels the pending timers and ignores later candidates', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: true });
    gate.onCandidate(host, ready);
    gate.dispose();
    vi.advanceTimersByTime(10_000);
    gate.onCandidate(relay, ready);
    expect(ready).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears the other timer once ready', () => {
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: false, hasTurn: false });
    gate.onCandidate(host, ready);
    expect(vi.getTimerCount()).toBe(2); // grace + cap
    vi.advanceTimersByTime(50); // the default grace is a few ms, far below the cap
    expect(ready).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses the injected timers', () => {
    const scheduled: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
    const timers: IceGateTimers = {
      setTimeout: (fn, ms) => scheduled.push({ fn, ms, cleared: false }) - 1,
      clearTimeout: (h) => {
        scheduled[h as number]!.cleared = true;
      },
    };
    const ready = vi.fn();
    const gate = new IceGate({ hasStun: true, hasTurn: false, maxWaitMs: 700 }, timers);
    gate.onCandidate(host, ready);
    expect(scheduled.map((s) => s.ms)).toEqual([700]);
    gate.onCandidate(srflx, ready);
    expect(ready).toHaveBeenCalledOnce();
    expect(scheduled[0]!.cleared).toBe(true);
  });
});
