import { describe, expect, it } from 'vitest';
import {
  QualityMonitor,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateMos,
  mosFromR,
  qualityFromReport,
  qualityWarning,
  readQuality,
  summarize,
  type IntervalTimer,
  type QualitySample,
} from '../../../../src-renderer/telephony/call-quality';

/**
 * A getStats() report shaped like Chrome's for an audio call (field names and units as Chrome
 * reports them: seconds for jitter and round-trip time, cumulative counters).
 */
interface Call {
  t: number; // stats timestamp, epoch ms
  codec?: 'audio/opus' | 'audio/PCMU' | 'audio/PCMA' | 'audio/G722';
  ssrcIn?: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  jitter?: number;
  jitterBufferDelay?: number;
  jitterBufferEmittedCount?: number;
  bytesSent: number;
  packetsSent: number;
  remoteFractionLost?: number;
  remoteRtt?: number;
  pairRtt?: number;
}

function report(c: Call): Map<string, Record<string, unknown>> {
  const codecId = 'COT01_111_minptime=10;useinbandfec=1';
  const entries: Array<Record<string, unknown>> = [
    { id: codecId, type: 'codec', timestamp: c.t, mimeType: c.codec ?? 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111, transportId: 'T01' },
    {
      id: 'IT01A1234',
      type: 'inbound-rtp',
      timestamp: c.t,
      kind: 'audio',
      mediaType: 'audio',
      ssrc: c.ssrcIn ?? 1234,
      codecId,
      transportId: 'T01',
      trackIdentifier: 'abc',
      bytesReceived: c.bytesReceived,
      packetsReceived: c.packetsReceived,
      packetsLost: c.packetsLost,
      jitter: c.jitter ?? 0.002,
      jitterBufferDelay: c.jitterBufferDelay,
      jitterBufferEmittedCount: c.jitterBufferEmittedCount,
      headerBytesReceived: c.packetsReceived * 12,
      concealedSamples: 0,
    },
    {
      id: 'OT01A5678',
      type: 'outbound-rtp',
      timestamp: c.t,
      kind: 'audio',
      mediaType: 'audio',
      ssrc: 5678,
      codecId,
      transportId: 'T01',
      bytesSent: c.bytesSent,
      packetsSent: c.packetsSent,
      headerBytesSent: c.packetsSent * 12,
      mediaSourceId: 'SA1',
      remoteId: 'RIA5678',
    },
    {
      id: 'RIA5678',
      type: 'remote-inbound-rtp',
      timestamp: c.t - 300,
      kind: 'audio',
      ssrc: 5678,
      codecId,
      transportId: 'T01',
      localId: 'OT01A5678',
      packetsLost: 0,
      jitter: 0.001,
      fractionLost: c.remoteFractionLost ?? 0,
      ...(c.remoteRtt !== undefined ? { roundTripTime: c.remoteRtt, totalRoundTripTime: c.remoteRtt * 3, roundTripTimeMeasurements: 3 } : {}),
    },
    { id: 'T01', type: 'transport', timestamp: c.t, selectedCandidatePairId: 'CPaaa_bbb', dtlsState: 'connected', iceState: 'connected' },
    { id: 'CPaaa_bbb', type: 'candidate-pair', timestamp: c.t, state: 'succeeded', nominated: true, currentRoundTripTime: c.pairRtt ?? 0.001, localCandidateId: 'Iaaa', remoteCandidateId: 'Ibbb' },
    { id: 'CPccc_ddd', type: 'candidate-pair', timestamp: c.t, state: 'failed', nominated: false, currentRoundTripTime: 2.5 },
    { id: 'SA1', type: 'media-source', timestamp: c.t, kind: 'audio', trackIdentifier: 'mic' },
  ];
  return new Map(entries.map((e) => [e.id as string, e]));
}

/** 50 packets/s of 20 ms audio at about 32 kbit/s received and 40 kbit/s sent. */
function second(n: number, extra: Partial<Call> = {}): Call {
  return {
    t: 1_700_000_000_000 + n * 1000,
    bytesReceived: n * 4000,
    packetsReceived: n * 50,
    packetsLost: 0,
    bytesSent: n * 5000,
    packetsSent: n * 50,
    remoteRtt: 0.02,
    ...extra,
  };
}

describe('E-model', () => {
  it('MOS from R follows G.107 Annex B and is clamped to 1 … 4.5', () => {
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
    expect(mosFromR(80)).toBeCloseTo(4.02, 2);
    expect(mosFromR(70)).toBeCloseTo(3.6, 1);
    expect(mosFromR(50)).toBeCloseTo(2.58, 2);
    expect(mosFromR(-10)).toBe(1);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(120)).toBe(4.5);
  });

  it('delay hurts little up to 177 ms one way and much more beyond', () => {
    expect(delayImpairment(50)).toBeCloseTo(1.2, 5);
    expect(delayImpairment(177.3)).toBeCloseTo(4.255, 3);
    expect(delayImpairment(300)).toBeCloseTo(0.024 * 300 + 0.11 * 122.7, 5);
    expect(delayImpairment(-5)).toBe(0);
  });

  it('loss impairment grows towards 95 and codecs differ in robustness', () => {
    expect(effectiveEquipmentImpairment('PCMU', 0)).toBe(0);
    expect(effectiveEquipmentImpairment('PCMU', 10)).toBeCloseTo((95 * 10) / 35.1, 5);
    expect(effectiveEquipmentImpairment('opus', 10)).toBeLessThan(effectiveEquipmentImpairment('PCMU', 10));
    expect(effectiveEquipmentImpairment('PCMA', 100)).toBeCloseTo(95 * (100 / 125.1), 5);
    // An unknown codec is not assumed to be perfect.
    expect(effectiveEquipmentImpairment('G729', 0)).toBe(11);
    expect(effectiveEquipmentImpairment(null, 0)).toBe(11);
    expect(effectiveEquipmentImpairment('pcmu', 250)).toBe(effectiveEquipmentImpairment('PCMU', 100));
  });

  it('opus with no loss and 20 ms round trip is about 4.4', () => {
    expect(estimateMos({ codec: 'opus', rttMs: 20, jitterMs: 2, lossPct: 0 })).toBeCloseTo(4.4, 1);
  });

  it('10 % random loss on PCMU is clearly worse (a full point)', () => {
    const clean = estimateMos({ codec: 'PCMU', rttMs: 20, jitterMs: 2, lossPct: 0 });
    const lossy = estimateMos({ codec: 'PCMU', rttMs: 20, jitterMs: 2, lossPct: 10 });
    expect(lossy).toBeCloseTo(3.35, 1);
    expect(clean - lossy).toBeGreaterThan(1);
  });

  it('a satellite-like 600 ms round trip is only fair', () => {
    const mos = estimateMos({ codec: 'opus', rttMs: 600, jitterMs: 5, lossPct: 0 });
    expect(mos).toBeLessThan(3.9);
    expect(mos).toBeGreaterThan(3.1);
  });

  it('uses the measured jitter buffer delay when it is known', () => {
    const estimated = estimateMos({ codec: 'opus', rttMs: 100, jitterMs: 30, lossPct: 0 });
    const measured = estimateMos({ codec: 'opus', rttMs: 100, jitterMs: 30, lossPct: 0, jitterBufferMs: 300 });
    expect(measured).toBeLessThan(estimated);
  });
});

describe('qualityFromReport', () => {
  it('turns a Chrome report into codec, bitrates, loss, jitter, RTT and MOS', () => {
    const first = qualityFromReport(report(second(10)));
    const next = qualityFromReport(report(second(11, { jitter: 0.004 })), first);
    expect(next.sample).toEqual({
      at: 1_700_000_011_000,
      codec: 'opus',
      sendKbps: 40,
      recvKbps: 32,
      lossPct: 0,
      jitterMs: 4,
      rttMs: 20,
      mos: expect.closeTo(4.39, 1),
      warning: null,
    });
  });

  it('has no bitrate on the first reading, but already loss, jitter, RTT and MOS', () => {
    const r = qualityFromReport(report(second(5, { packetsLost: 25 })));
    expect(r.sample.sendKbps).toBeNull();
    expect(r.sample.recvKbps).toBeNull();
    expect(r.sample.lossPct).toBeCloseTo((100 * 25) / 275, 1);
    expect(r.sample.mos).not.toBeNull();
  });

  it('measures loss over the last interval, not since the call began', () => {
    // 40 s of clean audio, then a second with 10 of 50 packets lost.
    const before = qualityFromReport(report(second(40)));
    const after = qualityFromReport(report(second(41, { packetsReceived: 40 * 50 + 40, packetsLost: 10 })), before);
    expect(after.sample.lossPct).toBe(20);
    // …and back to clean the second after.
    const clean = qualityFromReport(report(second(42, { packetsReceived: 40 * 50 + 90, packetsLost: 10 })), after);
    expect(clean.sample.lossPct).toBe(0);
  });

  it('takes the worse direction: what the far end reports losing of ours', () => {
    const before = qualityFromReport(report(second(10)));
    const r = qualityFromReport(report(second(11, { remoteFractionLost: 0.0859375 })), before); // 22/256, as RTCP carries it
    expect(r.sample.lossPct).toBeCloseTo(8.6, 1);
    expect(r.sample.warning).toBe('fair-loss');
  });

  it('copes with counters that reset (new SSRC after renegotiation, or counters going backwards)', () => {
    const before = qualityFromReport(report(second(100, { packetsLost: 400 })));
    const restarted = qualityFromReport(report(second(2, { t: 1_700_000_101_000, ssrcIn: 999 })), before);
    expect(restarted.sample.lossPct).toBe(0);
    expect(restarted.sample.recvKbps).toBeNull();
    expect(restarted.sample.sendKbps).toBeNull(); // outbound counters went backwards too
    const next = qualityFromReport(report(second(3, { t: 1_700_000_102_000, ssrcIn: 999 })), restarted);
    expect(next.sample.recvKbps).toBe(32);
    expect(next.sample.lossPct).toBe(0);
  });

  it('treats a negative packetsLost delta (late duplicates) as no loss', () => {
    const before = qualityFromReport(report(second(10, { packetsLost: 5 })));
    const r = qualityFromReport(report(second(11, { packetsLost: 3 })), before);
    expect(r.sample.lossPct).toBe(0);
  });

  it('falls back to the selected candidate pair for the round trip when RTCP has none yet', () => {
    const r = qualityFromReport(report(second(1, { remoteRtt: undefined, pairRtt: 0.045 })));
    expect(r.sample.rttMs).toBe(45);
  });

  it('names G.711 and G.722 codecs as SDP does', () => {
    expect(qualityFromReport(report(second(1, { codec: 'audio/PCMU' }))).sample.codec).toBe('PCMU');
    expect(qualityFromReport(report(second(1, { codec: 'audio/G722' }))).sample.codec).toBe('G722');
  });

  it('gives no MOS before any audio arrived, and no figures from a report without audio', () => {
    const r = qualityFromReport(report(second(0)));
    expect(r.sample.mos).toBeNull();
    const empty = qualityFromReport(new Map(), null, 42);
    expect(empty.sample).toEqual({ at: 42, codec: null, sendKbps: null, recvKbps: null, lossPct: null, jitterMs: null, rttMs: null, mos: null, warning: null });
  });

  it('ignores video streams', () => {
    const m = report(second(10));
    m.set('IT01V1', { id: 'IT01V1', type: 'inbound-rtp', kind: 'video', timestamp: 0, packetsReceived: 99999, packetsLost: 5000, bytesReceived: 1e9, jitter: 0.5 });
    const r = qualityFromReport(m);
    expect(r.sample.lossPct).toBe(0);
    expect(r.sample.jitterMs).toBe(2);
  });

  it('readQuality asks the connection for its statistics', async () => {
    const pc = { getStats: async () => report(second(3)) as unknown as RTCStatsReport };
    const r = await readQuality(pc);
    expect(r.sample.codec).toBe('opus');
  });
});

describe('qualityWarning', () => {
  const s = (mos: number | null, lossPct: number | null = 0, rttMs: number | null = 20) => ({ mos, lossPct, rttMs });

  it('raises the most important warning first', () => {
    expect(qualityWarning(s(4.3))).toBeNull();
    expect(qualityWarning(s(2.9, 12, 500))).toBe('poor');
    expect(qualityWarning(s(3.5, 6, 500))).toBe('fair-loss');
    expect(qualityWarning(s(3.9, 0, 450))).toBe('latency');
    expect(qualityWarning(s(null, null, null))).toBeNull();
  });

  it('does not flicker around a threshold (hysteresis)', () => {
    let w = qualityWarning(s(3.6, 5.5));
    expect(w).toBe('fair-loss');
    for (const loss of [4.5, 3, 4.9, 2.5]) {
      w = qualityWarning(s(3.6, loss), w);
      expect(w).toBe('fair-loss');
    }
    w = qualityWarning(s(4.3, 1), w);
    expect(w).toBeNull();
    // Below the raise level, a new warning is not raised.
    expect(qualityWarning(s(4.0, 4), w)).toBeNull();

    expect(qualityWarning(s(3.3), 'poor')).toBe('poor');
    expect(qualityWarning(s(3.3), null)).toBeNull();
    expect(qualityWarning(s(3.3, 0, 350), 'latency')).toBe('latency');
    expect(qualityWarning(s(4, 0, 250), 'latency')).toBeNull();
  });

  it('is carried from reading to reading', () => {
    const a = qualityFromReport(report(second(10)));
    const b = qualityFromReport(report(second(11, { remoteFractionLost: 0.07 })), a);
    const c = qualityFromReport(report(second(12, { remoteFractionLost: 0.03 })), b);
    const d = qualityFromReport(report(second(13, { remoteFractionLost: 0 })), c);
    expect([a, b, c, d].map((r) => r.sample.warning)).toEqual([null, 'fair-loss', 'fair-loss', null]);
  });
});

class ManualTimer implements IntervalTimer {
  fn: (() => void) | null = null;
  ms = 0;
  setInterval(fn: () => void, ms: number): unknown {
    this.fn = fn;
    this.ms = ms;
    return 7;
  }
  clearInterval(handle: unknown): void {
    if (handle === 7) this.fn = null;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('QualityMonitor', () => {
  it('samples every second, emits each sample and summarizes the call', async () => {
    const calls: Call[] = [
      second(1),
      second(2),
      second(3, { packetsReceived: 2 * 50 + 45, packetsLost: 5, remoteRtt: 0.08, jitter: 0.012 }),
      second(4, { packetsReceived: 2 * 50 + 95, packetsLost: 5 }),
    ];
    let i = 0;
    const pc = { getStats: async () => report(calls[Math.min(i++, calls.length - 1)]!) as unknown as RTCStatsReport };
    const timer = new ManualTimer();
    const monitor = new QualityMonitor(pc, timer);
    const seen: QualitySample[] = [];
    monitor.on('sample', (x) => seen.push(x));
    monitor.start();
    expect(timer.ms).toBe(1000);
    for (let k = 0; k < 4; k++) {
      timer.fn!();
      await flush();
    }
    expect(seen).toHaveLength(4);
    expect(seen[2]!.lossPct).toBe(10);
    expect(monitor.latest).toBe(seen[3]);
    const summary = monitor.stop();
    expect(timer.fn).toBeNull();
    expect(summary).toEqual({
      samples: 4,
      mosAvg: expect.any(Number),
      mosMin: seen[2]!.mos,
      lossPctMax: 10,
      jitterMsMax: 12,
      rttMsMax: 80,
      codec: 'opus',
    });
    expect(summary).toEqual(summarize(seen));
    expect(summary!.mosMin!).toBeLessThan(summary!.mosAvg!);
  });

  it('does not stack getStats calls when one is slow', async () => {
    let pending = 0;
    let release: () => void = () => {};
    const pc = {
      getStats: () => {
        pending++;
        return new Promise<RTCStatsReport>((r) => (release = () => r(report(second(1)) as unknown as RTCStatsReport)));
      },
    };
    const timer = new ManualTimer();
    const monitor = new QualityMonitor(pc, timer);
    monitor.start();
    timer.fn!();
    timer.fn!();
    timer.fn!();
    expect(pending).toBe(1);
    release();
    await flush();
    expect(monitor.summary()?.samples).toBe(1);
  });

  it('survives a closed connection and returns no summary when nothing was measured', async () => {
    const pc = { getStats: async (): Promise<RTCStatsReport> => Promise.reject(new Error('InvalidStateError')) };
    const timer = new ManualTimer();
    const monitor = new QualityMonitor(pc, timer);
    monitor.start();
    monitor.start(); // idempotent
    timer.fn!();
    await flush();
    expect(monitor.stop()).toBeNull();
    expect(summarize([])).toBeNull();
  });
});
