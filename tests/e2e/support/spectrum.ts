/**
 * Which tones a party hears at once: the level of each wanted frequency band in the remote audio
 * (all of the app's remote `<audio>` elements summed), so a conference leg can be shown to carry
 * two other parties' tones together (two peaks), and a muted party's tone to be gone.
 */
import type { Page } from '@playwright/test';

export interface BandLevels {
  /** Per frequency, the share of 20 ms samples in which its band stood out (> −50 dBFS; a tone that is there arrives near −25, codec artefacts of the others stay below −60). */
  present: Record<number, number>;
  /** Per frequency, the median band level in dBFS. */
  levelDb: Record<number, number>;
}

export async function bandLevels(page: Page, hzs: number[], ms = 1000): Promise<BandLevels> {
  return page.evaluate(
    async ({ hzs, ms }) => {
      const els = [...document.querySelectorAll<HTMLAudioElement>('audio.offhook-remote-audio')];
      const ctx = new AudioContext();
      await ctx.resume();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 4096;
      analyser.smoothingTimeConstant = 0;
      // A muted element is not heard (the host muted that participant), whatever its stream carries.
      for (const el of els) if (el.srcObject && !el.muted) ctx.createMediaStreamSource(el.srcObject as MediaStream).connect(analyser);
      const bins = new Float32Array(analyser.frequencyBinCount);
      const binHz = ctx.sampleRate / analyser.fftSize;
      const samples: Record<number, number[]> = Object.fromEntries(hzs.map((hz) => [hz, []]));
      const end = performance.now() + ms;
      while (performance.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
        analyser.getFloatFrequencyData(bins);
        for (const hz of hzs) {
          const lo = Math.floor((hz * 0.97) / binHz);
          const hi = Math.ceil((hz * 1.03) / binHz);
          let best = -Infinity;
          for (let i = lo; i <= hi; i++) best = Math.max(best, bins[i]!);
          samples[hz]!.push(best);
        }
      }
      await ctx.close();
      const present: Record<number, number> = {};
      const levelDb: Record<number, number> = {};
      for (const hz of hzs) {
        const s = samples[hz]!;
        present[hz] = s.length ? s.filter((v) => v > -50).length / s.length : 0;
        const sorted = [...s].sort((x, y) => x - y);
        levelDb[hz] = Math.round(sorted[Math.floor(sorted.length / 2)] ?? -Infinity);
      }
      return { present, levelDb };
    },
    { hzs, ms },
  );
}

/** Polls until every tone in `hear` is present (≥ 90 %) and every tone in `notHear` absent (< 10 %). */
export async function expectTones(page: Page, hear: number[], notHear: number[] = [], timeoutMs = 10_000): Promise<BandLevels> {
  const deadline = Date.now() + timeoutMs;
  let last: BandLevels | null = null;
  while (Date.now() < deadline) {
    last = await bandLevels(page, [...hear, ...notHear]);
    const ok = hear.every((hz) => last!.present[hz]! >= 0.9) && notHear.every((hz) => last!.present[hz]! < 0.1);
    if (ok) return last;
  }
  throw new Error(`expected to hear ${hear.join('+')} Hz${notHear.length ? ` and not ${notHear.join('+')} Hz` : ''}, got ${JSON.stringify(last)}`);
}
