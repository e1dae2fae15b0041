/**
 * Many parties in one Chromium process: Chromium takes one fake-capture file per process, so each
 * party's microphone here is an oscillator at its own frequency instead (getUserMedia is wrapped
 * in an init script). Video still comes from Chromium's fake camera.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from './browser';

export interface Parties {
  browser: Browser;
  pages: Page[];
  close(): Promise<void>;
}

/** The init script: every audio capture becomes a sine at `hz` (video tracks are kept). */
function toneMicrophone(hz: number): void {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await original(constraints);
    if (!constraints?.audio) return stream;
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = hz;
    const level = ctx.createGain();
    level.gain.value = 0.3;
    const out = ctx.createMediaStreamDestination();
    osc.connect(level).connect(out);
    osc.start();
    for (const t of stream.getAudioTracks()) {
      stream.removeTrack(t);
      t.stop();
    }
    stream.addTrack(out.stream.getAudioTracks()[0]!);
    return stream;
  };
}

export async function launchParties(tones: number[]): Promise<Parties> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
  const pages: Page[] = [];
  for (const hz of tones) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-US' });
    await context.addInitScript(toneMicrophone, hz);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page ${hz} Hz]`, e));
    pages.push(page);
  }
  return { browser, pages, close: () => browser.close() };
}
