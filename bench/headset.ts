/**
 * Headset dispatch speed (issue 4): one raw input report, as node-hid delivers it → decoded →
 * through the state machine → call request handed to the app. Goal ≤ 5 ms p99; it should be
 * microseconds.
 *
 *  headset_dispatch_us   per report, over N synthetic reports (default 100 000) on the Jabra
 *                        EVOLVE LINK MS descriptor: mostly reports that change nothing (repeats,
 *                        the vendor mirror report 4, consumer report 1), and the presses of whole
 *                        calls: ring → hook off → mute → flash (hold) → flash (resume) → hook on,
 *                        plus reject while ringing. A fake renderer answers each request with the
 *                        next call state, outside the timed section, so LEDs are written as in use.
 *
 * Runs without the SIP stack: `npx tsx bench/headset.ts` (or `npm run bench -- headset`).
 * N sets the number of reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { findHeadsetCapabilities } from '../src-main/headset/core/capabilities';
import { parseReportDescriptor } from '../src-main/headset/core/descriptor-parser';
import { createHeadsetSession } from '../src-main/headset/core/headset-session';
import { parseHexBytes } from '../src-main/headset/core/hex';
import { NO_CALLS, type CallSnapshot, type HeadsetRequest } from '../src-main/headset/core/state-machine';
import { percentile } from './lib/stats';

const N = Number(process.env.N ?? 100_000);
const WARMUP = 10_000;
const DESCRIPTOR = 'jabra-evolve-link-ms.hex';

function loadDescriptor(): { bytes: Uint8Array; from: string } {
  const candidates = [new URL(`../../shared/headsets/${DESCRIPTOR}`, import.meta.url), new URL(`../tests/unit/src-main/headset/fixtures/${DESCRIPTOR}`, import.meta.url)];
  const file = candidates.find((u) => existsSync(u))!;
  return { bytes: parseHexBytes(readFileSync(file, 'utf8')), from: file.pathname };
}

/** Deterministic so runs compare. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** The phone's side: what state each request leads to. */
function nextState(call: CallSnapshot, request: HeadsetRequest): CallSnapshot {
  switch (request.type) {
    case 'answer':
      return { ...call, ringing: false, active: 1 };
    case 'decline':
      return { ...call, ringing: false };
    case 'hangup':
      return { ...NO_CALLS };
    case 'toggleMute':
      return { ...call, muted: !call.muted };
    case 'hold':
      return { ...call, active: 0, held: 1 };
    case 'resume':
      return { ...call, active: 1, held: 0 };
    default:
      return call;
  }
}

const { bytes, from } = loadDescriptor();
const caps = findHeadsetCapabilities(parseReportDescriptor(bytes));
if (!caps) throw new Error(`${from} has no telephony collection`);

let clock = 0;
let call: CallSnapshot = { ...NO_CALLS };
const pending: HeadsetRequest[] = [];
const counts = new Map<string, number>();
let writes = 0;
const session = createHeadsetSession({ onRequest: (r) => pending.push(r), clock: () => clock });
session.attach({ caps, write: () => void writes++ });

// Jabra report 2: hook b0, mute b2 (pulse), flash b3 (pulse), reject b6. Report 4 is the vendor
// mirror, report 1 the consumer keys: neither is ours, both still go through the dispatcher.
const hookBit = (): number => (call.active + call.held > 0 ? 0x01 : 0);
const report = (id: number, b0: number): Uint8Array => Uint8Array.of(id, b0, 0);

/** The next report the "user" sends, given the call state; ~70 % change nothing. */
function nextReport(random: () => number): Uint8Array {
  const r = random();
  if (r < 0.5) return report(2, hookBit());
  if (r < 0.6) return report(4, hookBit());
  if (r < 0.7) return report(1, 0);
  const inCall = call.active + call.held > 0;
  if (!inCall && !call.ringing) {
    // The phone rings now and then; the user answers or rejects.
    call = { ...NO_CALLS, ringing: true };
    session.setCallState(call);
    return random() < 0.8 ? report(2, 0x01) : report(2, 0x40);
  }
  if (call.ringing) return report(2, 0x01);
  const press = random();
  if (press < 0.35) return report(2, hookBit() | 0x04);
  if (press < 0.7) return report(2, hookBit() | 0x08);
  if (press < 0.8) return report(2, 0x00);
  return report(2, hookBit());
}

function run(count: number, random: () => number, samples: number[] | null): void {
  for (let i = 0; i < count; i++) {
    clock += 1000; // a report a second: outside every echo window, as a person presses
    const data = nextReport(random);
    const t0 = process.hrtime.bigint();
    session.input(data);
    const t1 = process.hrtime.bigint();
    samples?.push(Number(t1 - t0) / 1000);
    for (const request of pending.splice(0)) {
      counts.set(request.type, (counts.get(request.type) ?? 0) + 1);
      call = nextState(call, request);
      session.setCallState(call);
    }
    // A press is followed by its release (pulses), which is itself a report.
    if (data[0] === 2 && (data[1]! & 0x4c) !== 0 && i + 1 < count) {
      clock += 100;
      const t2 = process.hrtime.bigint();
      session.input(report(2, hookBit()));
      samples?.push(Number(process.hrtime.bigint() - t2) / 1000);
      i++;
    }
  }
}

run(WARMUP, prng(1), null);
counts.clear();
writes = 0;
const samples: number[] = [];
run(N, prng(42), samples);

const round = (n: number): number => Math.round(n * 100) / 100;
const result = { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), n: samples.length };
console.log(`descriptor: ${from}`);
console.log(`requests dispatched: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}; LED reports written: ${writes}`);
console.log(`headset_dispatch_us: median ${result.p50} µs, p99 ${result.p99} µs over ${result.n} reports (max ${round(Math.max(...samples))} µs; goal p99 ≤ 5000 µs)`);
console.log(JSON.stringify({ figure: 'headset_dispatch_us', ...result }));
