/**
 * What a party hears: the remote call audio that the app plays in its `<audio>` elements, analysed
 * in the page with a WebAudio FFT. A tone counts as heard in a 20 ms sample when the loudest bin is
 * within ±5 % of its frequency and louder than −60 dBFS.
 */
import type { Page } from '@playwright/test';

export interface Hearing {
  /** Per remote audio element (one per call), the share of samples in which the tone was heard. */
  perCall: Array<{ callId: string; hitRatio: number; peakHz: number }>;
  /** The best of them. */
  hitRatio: number;
}

export async function hear(page: Page, hz: number, ms = 1000): Promise<Hearing> {
  const perCall = await page.evaluate(
    async ({ hz, ms }) => {
      const els = [...document.querySelectorAll<HTMLAudioElement>('audio.offhook-remote-audio')];
      const ctx = new AudioContext();
      await ctx.resume();
      const probes = els.map((el) => {
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 4096;
        analyser.smoothingTimeConstant = 0;
        ctx.createMediaStreamSource(el.srcObject as MediaStream).connect(analyser);
        return { el, analyser, bins: new Float32Array(analyser.frequencyBinCount), hits: 0, n: 0, peakHz: 0 };
      });
      const binHz = ctx.sampleRate / 4096;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
        for (const p of probes) {
          p.analyser.getFloatFrequencyData(p.bins);
          let best = 0;
          for (let i = 1; i < p.bins.length; i++) if (p.bins[i]! > p.bins[best]!) best = i;
          const peakHz = best * binHz;
          p.n++;
          p.peakHz = peakHz;
          if (Math.abs(peakHz - hz) <= hz * 0.05 && p.bins[best]! > -60) p.hits++;
        }
      }
      await ctx.close();
      return probes.map((p) => ({ callId: p.el.dataset.callId ?? '', hitRatio: p.n ? p.hits / p.n : 0, peakHz: Math.round(p.peakHz) }));
    },
    { hz, ms },
  );
  return { perCall, hitRatio: Math.max(0, ...perCall.map((p) => p.hitRatio)) };
}

/** Polls until the tone is heard (≥ 90 % of samples over a second) or the time is up. */
export async function expectHears(page: Page, hz: number, timeoutMs = 8000): Promise<Hearing> {
  const deadline = Date.now() + timeoutMs;
  let last: Hearing = { perCall: [], hitRatio: 0 };
  while (Date.now() < deadline) {
    last = await hear(page, hz);
    if (last.hitRatio >= 0.9) return last;
  }
  throw new Error(`expected to hear ${hz} Hz, got ${JSON.stringify(last.perCall)}`);
}

/** Polls until the tone is gone (heard in < 10 % of samples over a second) or the time is up. */
export async function expectSilenceOf(page: Page, hz: number, timeoutMs = 8000): Promise<Hearing> {
  const deadline = Date.now() + timeoutMs;
  let last: Hearing = { perCall: [], hitRatio: 1 };
  while (Date.now() < deadline) {
    last = await hear(page, hz);
    if (last.hitRatio < 0.1) return last;
  }
  throw new Error(`expected ${hz} Hz to be silent, got ${JSON.stringify(last.perCall)}`);
}
