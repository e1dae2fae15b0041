/**
 * Live call quality from WebRTC statistics, and an E-model (ITU-T G.107, simplified) MOS estimate.
 *
 * The E-model here is the one VoIP monitors use (Cole & Rosenbluth's delay term, G.113's loss
 * robustness): R = 93.2 − Id − Ie,eff, MOS from R by G.107 Annex B. It is an estimate of how a
 * listener would rate the call, good enough to warn people before they start saying "hello?".
 */
import { Emitter } from './emitter';

export type QualityWarningKind = 'poor' | 'fair-loss' | 'latency';

export interface QualitySample {
  /** Epoch ms. */
  at: number;
  /** 'opus', 'PCMU', 'PCMA', 'G722', … (null before media flows). */
  codec: string | null;
  sendKbps: number | null;
  recvKbps: number | null;
  /** Packet loss over the last interval, the worse of the two directions. */
  lossPct: number | null;
  jitterMs: number | null;
  rttMs: number | null;
  /** 1 … 4.5 (null before there is anything to judge). */
  mos: number | null;
  /** With hysteresis over the previous samples, so the warning does not flicker. */
  warning: QualityWarningKind | null;
}

/** What the call log keeps about a call's quality. */
export interface QualitySummary {
  samples: number;
  mosAvg: number | null;
  mosMin: number | null;
  lossPctMax: number | null;
  jitterMsMax: number | null;
  rttMsMax: number | null;
  codec: string | null;
}

/** Cumulative RTP counters of one stream, kept between readings to get per-interval figures. */
interface StreamCounters {
  id: string;
  ssrc: number | null;
  timestamp: number;
  bytes: number;
  packets: number;
  lost: number;
  jitterBufferDelay: number | null;
  jitterBufferEmitted: number | null;
}

export interface QualityReading {
  sample: QualitySample;
  inbound: StreamCounters | null;
  outbound: StreamCounters | null;
}

// ---------------------------------------------------------------------------------------------
// E-model

/** Equipment impairment (Ie) and packet-loss robustness (Bpl), narrowband scale. */
export interface CodecImpairment {
  ie: number;
  bpl: number;
}

/**
 * G.711 with packet loss concealment: Ie 0, Bpl 25.1 (G.113 Appendix I). WebRTC conceals loss for
 * every codec (NetEq), so the PLC figures apply. Opus and G.722 are wideband; on the narrowband
 * scale they are at least as good as G.711, and Opus conceals loss better.
 */
const CODECS: Record<string, CodecImpairment> = {
  opus: { ie: 0, bpl: 30 },
  pcmu: { ie: 0, bpl: 25.1 },
  pcma: { ie: 0, bpl: 25.1 },
  g722: { ie: 0, bpl: 25.1 },
};
/** An unknown codec is judged like a compressed narrowband one (G.729A: Ie 11, Bpl 19). */
const UNKNOWN_CODEC: CodecImpairment = { ie: 11, bpl: 19 };

export function codecImpairment(codec: string | null | undefined): CodecImpairment {
  return CODECS[(codec ?? '').toLowerCase()] ?? UNKNOWN_CODEC;
}

/** Packetisation (20 ms frames) plus encoder look-ahead, in ms. */
const CODEC_DELAY_MS = 20;

/** Jitter buffer estimate when the browser does not report its real one: twice the jitter, ≥ 20 ms. */
export function jitterBufferEstimateMs(jitterMs: number): number {
  return Math.max(20, 2 * jitterMs);
}

/** Delay impairment Id for a one-way mouth-to-ear delay (Cole & Rosenbluth's fit of G.107). */
export function delayImpairment(oneWayMs: number): number {
  const d = Math.max(0, oneWayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl + Bpl), random loss. */
export function effectiveEquipmentImpairment(codec: string | null | undefined, lossPct: number): number {
  const { ie, bpl } = codecImpairment(codec);
  const ppl = Math.min(100, Math.max(0, lossPct));
  return ie + ((95 - ie) * ppl) / (ppl + bpl);
}

export interface EModelInput {
  codec: string | null | undefined;
  rttMs: number;
  jitterMs: number;
  lossPct: number;
  /** The receiver's measured jitter buffer delay, if known; estimated from jitter otherwise. */
  jitterBufferMs?: number | null;
}

export function rFactor(input: EModelInput): number {
  const buffer = input.jitterBufferMs ?? jitterBufferEstimateMs(input.jitterMs);
  const oneWay = Math.max(0, input.rttMs) / 2 + buffer + CODEC_DELAY_MS;
  return 93.2 - delayImpairment(oneWay) - effectiveEquipmentImpairment(input.codec, input.lossPct);
}

/** G.107 Annex B: MOS from R, clamped to 1 … 4.5. */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}

export function estimateMos(input: EModelInput): number {
  return mosFromR(rFactor(input));
}

// ---------------------------------------------------------------------------------------------
// Warnings

interface Threshold {
  kind: QualityWarningKind;
  /** Bad enough to raise the warning. */
  enter: (s: QualitySample) => boolean;
  /** Still bad enough to keep it up (a gentler test than `enter`: that is the hysteresis). */
  stay: (s: QualitySample) => boolean;
}

/** In order of importance: when several apply, people hear about the first. */
const THRESHOLDS: Threshold[] = [
  { kind: 'poor', enter: (s) => s.mos !== null && s.mos < 3.1, stay: (s) => s.mos !== null && s.mos < 3.4 },
  { kind: 'fair-loss', enter: (s) => s.lossPct !== null && s.lossPct >= 5, stay: (s) => s.lossPct !== null && s.lossPct >= 2 },
  { kind: 'latency', enter: (s) => s.rttMs !== null && s.rttMs >= 400, stay: (s) => s.rttMs !== null && s.rttMs >= 300 },
];

/**
 * The warning to show for this sample, given the one shown now: a warning is raised at the
 * `enter` level and only cleared once the figure is clearly better again, so a call hovering
 * around a threshold does not make the warning blink.
 */
export function qualityWarning(
  sample: Pick<QualitySample, 'mos' | 'lossPct' | 'rttMs'>,
  current: QualityWarningKind | null = null,
): QualityWarningKind | null {
  const s = sample as QualitySample;
  for (const t of THRESHOLDS) {
    if (t.enter(s) || (t.kind === current && t.stay(s))) return t.kind;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// getStats

type Stats = Record<string, unknown> & { id: string; type: string; timestamp?: number };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isAudio = (s: Stats): boolean => (s.kind ?? s.mediaType) === 'audio';

function byId(all: Stats[], id: unknown): Stats | undefined {
  return typeof id === 'string' ? all.find((s) => s.id === id) : undefined;
}

/** The busiest audio stream of a type (there is one per call; be safe if there are more). */
function audioStream(all: Stats[], type: string, packetsKey: string): Stats | undefined {
  return all
    .filter((s) => s.type === type && isAudio(s))
    .sort((a, b) => (num(b[packetsKey]) ?? 0) - (num(a[packetsKey]) ?? 0))[0];
}

function counters(s: Stats | undefined, bytesKey: string, packetsKey: string): StreamCounters | null {
  if (!s) return null;
  return {
    id: s.id,
    ssrc: num(s.ssrc),
    timestamp: num(s.timestamp) ?? 0,
    bytes: num(s[bytesKey]) ?? 0,
    packets: num(s[packetsKey]) ?? 0,
    lost: num(s.packetsLost) ?? 0,
    jitterBufferDelay: num(s.jitterBufferDelay),
    jitterBufferEmitted: num(s.jitterBufferEmittedCount),
  };
}

/**
 * The previous counters, if they belong to the same stream and only grew. A new SSRC or a counter
 * that went backwards (a renegotiated or restarted stream) means the interval starts from zero.
 */
function comparable(now: StreamCounters, before: StreamCounters | null | undefined): StreamCounters | null {
  if (!before) return null;
  if (before.id !== now.id || before.ssrc !== now.ssrc) return null;
  if (now.bytes < before.bytes || now.packets < before.packets || now.timestamp <= before.timestamp) return null;
  return before;
}

function kbps(now: StreamCounters | null, before: StreamCounters | null): number | null {
  if (!now || !before) return null;
  const ms = now.timestamp - before.timestamp;
  return ms > 0 ? ((now.bytes - before.bytes) * 8) / ms : null;
}

function inboundLossPct(now: StreamCounters | null, before: StreamCounters | null): number | null {
  if (!now) return null;
  const lost = Math.max(0, now.lost - (before?.lost ?? 0));
  const received = now.packets - (before?.packets ?? 0);
  const expected = lost + received;
  return expected > 0 ? (100 * lost) / expected : null;
}

function jitterBufferMs(now: StreamCounters | null, before: StreamCounters | null): number | null {
  if (!now || now.jitterBufferDelay === null || now.jitterBufferEmitted === null) return null;
  const delay = now.jitterBufferDelay - (before?.jitterBufferDelay ?? 0);
  const emitted = now.jitterBufferEmitted - (before?.jitterBufferEmitted ?? 0);
  return emitted > 0 && delay >= 0 ? (1000 * delay) / emitted : null;
}

function selectedPair(all: Stats[]): Stats | undefined {
  for (const t of all.filter((s) => s.type === 'transport')) {
    const pair = byId(all, t.selectedCandidatePairId);
    if (pair) return pair;
  }
  const pairs = all.filter((s) => s.type === 'candidate-pair' && s.state === 'succeeded');
  return pairs.find((p) => p.nominated === true || p.selected === true) ?? pairs[0];
}

const codecName = (codec: Stats | undefined): string | null => {
  const mime = typeof codec?.mimeType === 'string' ? codec.mimeType : '';
  return mime.split('/')[1] || null;
};

const round = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(digits)));

/** One reading from a getStats() report; `previous` is the reading a second ago, if any. */
export function qualityFromReport(
  report: Iterable<unknown> | { forEach(cb: (value: unknown) => void): void },
  previous?: QualityReading | null,
  now: number = Date.now(),
): QualityReading {
  const all: Stats[] = [];
  const add = (v: unknown): void => {
    if (v && typeof v === 'object' && typeof (v as Stats).type === 'string') all.push(v as Stats);
  };
  if ('forEach' in report && typeof report.forEach === 'function') report.forEach(add);
  else for (const v of report as Iterable<unknown>) add(v);

  const inboundStats = audioStream(all, 'inbound-rtp', 'packetsReceived');
  const outboundStats = audioStream(all, 'outbound-rtp', 'packetsSent');
  const inbound = counters(inboundStats, 'bytesReceived', 'packetsReceived');
  const outbound = counters(outboundStats, 'bytesSent', 'packetsSent');
  const inBefore = inbound ? comparable(inbound, previous?.inbound) : null;
  const outBefore = outbound ? comparable(outbound, previous?.outbound) : null;

  const remote =
    all.find((s) => s.type === 'remote-inbound-rtp' && outboundStats && s.localId === outboundStats.id) ??
    all.find((s) => s.type === 'remote-inbound-rtp' && isAudio(s));
  const remoteLoss = num(remote?.fractionLost);
  const losses = [inboundLossPct(inbound, inBefore), remoteLoss === null ? null : remoteLoss * 100].filter((v): v is number => v !== null);
  const lossPct = losses.length ? Math.max(...losses) : null;

  const jitters = [num(inboundStats?.jitter), num(remote?.jitter)].filter((v): v is number => v !== null);
  const jitterMs = jitters.length ? 1000 * Math.max(...jitters) : null;

  const rttS = num(remote?.roundTripTime) ?? num(selectedPair(all)?.currentRoundTripTime);
  const rttMs = rttS === null ? null : rttS * 1000;

  const codec = codecName(byId(all, inboundStats?.codecId)) ?? codecName(byId(all, outboundStats?.codecId));
  const judged = inbound !== null && inbound.packets > 0;
  const mos = judged
    ? estimateMos({ codec, rttMs: rttMs ?? 0, jitterMs: jitterMs ?? 0, lossPct: lossPct ?? 0, jitterBufferMs: jitterBufferMs(inbound, inBefore) })
    : null;

  const sample: QualitySample = {
    at: inbound?.timestamp || outbound?.timestamp || now,
    codec,
    sendKbps: round(kbps(outbound, outBefore), 1),
    recvKbps: round(kbps(inbound, inBefore), 1),
    lossPct: round(lossPct, 1),
    jitterMs: round(jitterMs, 1),
    rttMs: round(rttMs, 0),
    mos: round(mos, 2),
    warning: null,
  };
  sample.warning = qualityWarning(sample, previous?.sample.warning ?? null);
  return { sample, inbound, outbound };
}

export interface StatsSource {
  getStats(): Promise<RTCStatsReport>;
}

/** Reads the connection's statistics now; pass the previous reading for per-interval figures. */
export async function readQuality(pc: StatsSource, previous?: QualityReading | null): Promise<QualityReading> {
  return qualityFromReport(await pc.getStats(), previous);
}

// ---------------------------------------------------------------------------------------------
// Monitor

export interface IntervalTimer {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimer: IntervalTimer = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export function summarize(samples: readonly QualitySample[]): QualitySummary | null {
  if (samples.length === 0) return null;
  const values = (pick: (s: QualitySample) => number | null): number[] => samples.map(pick).filter((v): v is number => v !== null);
  const max = (v: number[]): number | null => (v.length ? Math.max(...v) : null);
  const mos = values((s) => s.mos);
  return {
    samples: samples.length,
    mosAvg: mos.length ? Number((mos.reduce((a, b) => a + b, 0) / mos.length).toFixed(2)) : null,
    mosMin: mos.length ? Math.min(...mos) : null,
    lossPctMax: max(values((s) => s.lossPct)),
    jitterMsMax: max(values((s) => s.jitterMs)),
    rttMsMax: max(values((s) => s.rttMs)),
    codec: [...samples].reverse().find((s) => s.codec)?.codec ?? null,
  };
}

/**
 * Samples a call's connection every second while it runs. Keeps only what the summary needs:
 * a long call must not grow memory without bound.
 */
export class QualityMonitor extends Emitter<{ sample: QualitySample }> {
  private handle: unknown = null;
  private reading: QualityReading | null = null;
  private busy = false;
  private count = 0;
  private mosSum = 0;
  private mosCount = 0;
  private summaryAcc: QualitySummary | null = null;

  constructor(
    private readonly pc: StatsSource,
    private readonly timer: IntervalTimer = realTimer,
    private readonly intervalMs = 1000,
  ) {
    super();
  }

  get latest(): QualitySample | null {
    return this.reading?.sample ?? null;
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timer.setInterval(() => void this.tick(), this.intervalMs);
  }

  /** Stops sampling and returns the summary of the call (null if nothing was measured). */
  stop(): QualitySummary | null {
    if (this.handle !== null) this.timer.clearInterval(this.handle);
    this.handle = null;
    return this.summary();
  }

  summary(): QualitySummary | null {
    return this.summaryAcc ? { ...this.summaryAcc } : null;
  }

  /** One sample now (the timer calls this; tests may too). */
  async tick(): Promise<QualitySample | null> {
    // getStats can take longer than the interval on a loaded machine: never stack calls.
    if (this.busy) return null;
    this.busy = true;
    try {
      this.reading = await readQuality(this.pc, this.reading);
    } catch {
      // A closed connection has no statistics; the call is ending.
      return null;
    } finally {
      this.busy = false;
    }
    const sample = this.reading.sample;
    this.add(sample);
    this.emit('sample', sample);
    return sample;
  }

  private add(s: QualitySample): void {
    this.count++;
    if (s.mos !== null) {
      this.mosSum += s.mos;
      this.mosCount++;
    }
    const prev = this.summaryAcc;
    const max = (a: number | null | undefined, b: number | null): number | null => (a == null ? b : b === null ? a : Math.max(a, b));
    this.summaryAcc = {
      samples: this.count,
      mosAvg: this.mosCount ? Number((this.mosSum / this.mosCount).toFixed(2)) : null,
      mosMin: s.mos === null ? (prev?.mosMin ?? null) : prev?.mosMin == null ? s.mos : Math.min(prev.mosMin, s.mos),
      lossPctMax: max(prev?.lossPctMax, s.lossPct),
      jitterMsMax: max(prev?.jitterMsMax, s.jitterMs),
      rttMsMax: max(prev?.rttMsMax, s.rttMs),
      codec: s.codec ?? prev?.codec ?? null,
    };
  }
}
