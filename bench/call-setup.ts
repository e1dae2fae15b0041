/**
 * Call set-up speed (issue 2): Offhook against JsSIP's stock behaviour, same machine, same run.
 *
 *  call_to_confirmed_ms        Offhook: the Call click → the call panel says "In call" (the far end
 *                              answers as soon as its Answer button appears).
 *  answer_to_audio_ms          the far end's Answer click → it first hears the caller's tone.
 *  load_to_registered_ms       page load (navigation start) → "Online", with a remembered account.
 *  call_to_confirmed_stock_ms  stock JsSIP on both ends: call() → confirmed, default ICE settings,
 *                              no ready(), microphone opened inside call() / answer().
 *
 * RUNS (default 20) sets the number of calls per figure.
 */
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPbx } from '../tests/pbx/pbx';
import { chromiumArgs, CHROMIUM } from '../tests/e2e/support/browser';
import { ensureTone } from '../tests/e2e/support/tones';
import { placeCallTimed } from '../tests/e2e/support/timing';
import { report } from './lib/stats';
import { signInAt } from './lib/sign-in';
import { serve } from './lib/static-server';

const RUNS = Number(process.env.RUNS ?? 20);
const WS_PORT = 15166;
const HTTP_PORT = 14180;
const CALLER_HZ = 500;
const CALLEE_HZ = 800;

async function main(): Promise<void> {
  const stockDir = mkdtempSync(join(tmpdir(), 'offhook-stock-'));
  await build({
    entryPoints: [new URL('./stock/stock-phone.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outfile: join(stockDir, 'stock-phone.js'),
    logLevel: 'error',
  });
  copyFileSync(new URL('./stock/index.html', import.meta.url).pathname, join(stockDir, 'index.html'));
  const server = await serve({ '/stock/': stockDir, '/': new URL('../out/renderer/', import.meta.url).pathname }, HTTP_PORT);
  const pbx = await startPbx({ wsPort: WS_PORT, udpPort: WS_PORT - 6 });
  const browsers = await Promise.all(
    [CALLER_HZ, CALLEE_HZ].map((hz) => chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(ensureTone(hz)) })),
  );
  try {
    const [callerCtx, calleeCtx] = await Promise.all(browsers.map((b) => b.newContext({ locale: 'en-US' })));
    // tsx keeps function names with an `__name` helper that page.evaluate'd functions would lack.
    for (const ctx of [callerCtx!, calleeCtx!]) await ctx.addInitScript('window.__name = (f) => f');
    const caller = await callerCtx!.newPage();
    const callee = await calleeCtx!.newPage();
    await caller.addInitScript(markRegistered);
    await Promise.all([signIn(caller, server.url, '1001'), signIn(callee, server.url, '1002')]);

    const load: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await caller.reload();
      await caller.waitForFunction(() => (window as unknown as { __registeredAt?: number }).__registeredAt);
      load.push(await caller.evaluate(() => (window as unknown as { __registeredAt: number }).__registeredAt));
    }

    await callee.evaluate(installAutoAnswer, CALLER_HZ);
    const confirmed: number[] = [];
    const audio: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      confirmed.push(await caller.evaluate(placeCallTimed, '1002'));
      const heard = await callee.waitForFunction((n) => (window as unknown as { __bench: { audio: number[] } }).__bench.audio[n], i);
      audio.push((await heard.jsonValue()) as number);
      await caller.getByRole('button', { name: 'Hang up', exact: true }).click();
      await Promise.all([idle(caller), idle(callee)]);
    }

    const stockCaller = await callerCtx!.newPage();
    const stockCallee = await calleeCtx!.newPage();
    await Promise.all([stockCaller.goto(`${server.url}/stock/`), stockCallee.goto(`${server.url}/stock/`)]);
    const ws = pbx.wsUrl;
    await Promise.all([stockCaller.evaluate((w) => window.stock.start(w, '1004'), ws), stockCallee.evaluate((w) => window.stock.start(w, '1005'), ws)]);
    await stockCallee.evaluate(() => window.stock.autoAnswer());
    const stock: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      stock.push(await stockCaller.evaluate(() => window.stock.call('sip:1005@127.0.0.1')));
      await stockCaller.evaluate(() => window.stock.hangUpAll());
      await stockCaller.waitForTimeout(300);
    }

    console.log(`\nCall set-up on loopback through Kamailio, ${RUNS} calls each:`);
    const ours = report('call_to_confirmed_ms', confirmed);
    report('answer_to_audio_ms', audio);
    report('load_to_registered_ms', load);
    const base = report('call_to_confirmed_stock_ms', stock);
    console.log(`Offhook is ${(base.p50 / ours.p50).toFixed(1)}× faster than stock JsSIP at the median.`);
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    await pbx.stop();
    await server.close();
  }
}

/** The shared sign-in, on this bench's PBX port. */
function signIn(page: Page, base: string, ext: string): Promise<void> {
  return signInAt(page, base, WS_PORT, ext);
}

/** Runs before the app: notes when the status first says registered (ms since navigation start). */
function markRegistered(): void {
  const w = window as unknown as { __registeredAt?: number };
  const observer = new MutationObserver(() => {
    if (!w.__registeredAt && document.querySelector('.reg[data-state="registered"]')) {
      w.__registeredAt = performance.now();
      observer.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { subtree: true, childList: true, attributes: true }),
  );
}

/** The far end: presses Answer the moment it appears, then listens for the caller's tone. */
function installAutoAnswer(hz: number): void {
  const bench = { audio: [] as number[] };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  const detect = (t0: number): void => {
    const ctx = new AudioContext();
    let analyser: AnalyserNode | null = null;
    let bins = new Float32Array(0);
    const tick = (): void => {
      const el = document.querySelector<HTMLAudioElement>('audio.offhook-remote-audio');
      const stream = el?.srcObject as MediaStream | null;
      if (!analyser && stream && stream.getAudioTracks().length > 0) {
        analyser = ctx.createAnalyser();
        analyser.fftSize = 2048;
        analyser.smoothingTimeConstant = 0;
        ctx.createMediaStreamSource(stream).connect(analyser);
        bins = new Float32Array(analyser.frequencyBinCount);
      }
      if (analyser) {
        analyser.getFloatFrequencyData(bins);
        let best = 0;
        for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
        const peakHz = (best * ctx.sampleRate) / analyser.fftSize;
        if (Math.abs(peakHz - hz) <= hz * 0.05 && bins[best]! > -60) {
          bench.audio.push(performance.now() - t0);
          void ctx.close();
          return;
        }
      }
      if (performance.now() - t0 > 10_000) {
        bench.audio.push(Number.NaN);
        void ctx.close();
        return;
      }
      setTimeout(tick, 5);
    };
    void ctx.resume().then(tick);
  };
  new MutationObserver(() => {
    const answer = document.querySelector<HTMLButtonElement>('button[aria-label="Answer"]');
    if (answer && !answer.dataset.benchClicked) {
      answer.dataset.benchClicked = '1';
      const t0 = performance.now();
      answer.click();
      detect(t0);
    }
  }).observe(document.body, { subtree: true, childList: true });
}

async function idle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Hang up', exact: true }).waitFor({ state: 'detached' });
}

await main();
