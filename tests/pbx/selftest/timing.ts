/**
 * Start/stop timings of the test PBX, and the error for a busy port:
 *   npx tsx tests/pbx/selftest/timing.ts [runs]
 */
import { startPbx } from '../pbx';

const runs = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const rtpengine of [false, true]) {
  const total: number[] = [];
  const kam: number[] = [];
  const stop: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const pbx = await startPbx({ udpPort: 25060, wsPort: 25066, rtpengine, ngPort: 25223, rtpPortMin: 25300, rtpPortMax: 25399 });
    total.push(performance.now() - t0);
    kam.push(pbx.startMs);
    // stop() right after start waits until the PBX is 150 ms old (see pbx.ts)
    await new Promise((r) => setTimeout(r, 300));
    t0 = performance.now();
    await pbx.stop();
    stop.push(performance.now() - t0);
  }
  const fmt = (xs: number[]) => `median ${Math.round(median(xs))} ms (${xs.map((x) => Math.round(x)).join(', ')})`;
  console.log(`rtpengine=${rtpengine}`);
  console.log(`  startPbx() total       ${fmt(total)}`);
  console.log(`  Kamailio spawn->ready  ${fmt(kam)}`);
  console.log(`  stop() (300 ms after start) ${fmt(stop)}`);
}

// a second instance on the same ports must fail fast with the log tail
const first = await startPbx({ udpPort: 25060, wsPort: 25066 });
const t0 = performance.now();
try {
  const second = await startPbx({ udpPort: 25060, wsPort: 25066 });
  await second.stop();
  console.log('FAIL: second instance on busy ports started');
} catch (e) {
  const msg = String(e instanceof Error ? e.message : e);
  console.log(`busy ports -> error after ${Math.round(performance.now() - t0)} ms: ${msg.split('\n')[0]}`);
}
await first.stop();
