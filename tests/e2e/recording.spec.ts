/**
 * F4/I3: recording a call between two Offhook clients through Kamailio. Each party's fake
 * microphone plays its own tone; the recording, decoded in the page, must hold both tones, and
 * pausing must leave the paused time out. The web build keeps the files in IndexedDB.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { launchParty } from './support/browser';
import { expectHears } from './support/audio';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';

const TONE = { '1011': 500, '1012': 800 } as const;

let browsers: Browser[] = [];
let a: Page; // 1011, who records
let b: Page; // 1012

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const parties = await Promise.all([launchParty(TONE['1011']), launchParty(TONE['1012'])]);
  browsers = parties.map((p) => p.browser);
  [a, b] = parties.map((p) => p.page) as [Page, Page];
  await Promise.all([signIn(a, '1011'), signIn(b, '1012')]);
  await Promise.all([expectOnline(a), expectOnline(b)]);
});

test.afterAll(async () => {
  await Promise.all(browsers.map((br) => br.close()));
});

test.afterEach(async () => {
  await hangUpAll(a, b);
  await a.getByRole('link', { name: 'Phone' }).click();
});

async function connect(): Promise<void> {
  await dial(a, '1012');
  await b.getByRole('button', { name: 'Answer' }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  // Both directions carry audio before the recording starts.
  await expectHears(a, TONE['1012']);
  await expectHears(b, TONE['1011']);
}

interface Analysis {
  durationS: number;
  sampleRate: number;
  /** Level of the strongest bin within ±5 % of each tone, in dB relative to full scale. */
  toneDb: Record<string, number>;
  /** Median level over 100–4000 Hz: the floor the tones must stand above. */
  floorDb: number;
  /** The two strongest peaks at least 100 Hz apart. */
  topPeaksHz: number[];
}

/**
 * Checks that the Recordings screen's player plays, then decodes the stored file (the web build's
 * IndexedDB, where main would have the .webm; the page's CSP does not let script fetch the
 * player's blob: URL) with decodeAudioData. The spectrum is averaged over 8192-sample Hann windows
 * (Welch). The tone criterion is the one support/audio.ts uses for live audio: the peak within
 * ±5 % of the frequency, louder than −60 dBFS.
 */
async function analysePlayedRecording(page: Page, tones: number[]): Promise<Analysis> {
  const audio = page.locator('.recordings audio');
  await expect(audio).toHaveCount(1);
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5000 }).toBeGreaterThan(0.5);
  const id = await page.locator('.recordings li:has(audio)').getAttribute('data-id');
  return page.evaluate(async ({ id, tones }) => {
    const req = indexedDB.open('offhook-recordings');
    const idb = await new Promise<IDBDatabase>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = reject)));
    const chunks = await new Promise<Uint8Array[]>((resolve) => {
      const r = idb.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.bound([id, 0], [id, Infinity]));
      r.onsuccess = () => resolve(r.result as Uint8Array[]);
    });
    idb.close();
    const bytes = await new Blob(chunks as BlobPart[]).arrayBuffer();
    const ctx = new OfflineAudioContext(1, 1, 48000);
    const buffer = await ctx.decodeAudioData(bytes);
    const n = 8192;
    const mono = new Float32Array(buffer.length);
    for (let c = 0; c < buffer.numberOfChannels; c++) {
      const data = buffer.getChannelData(c);
      for (let i = 0; i < data.length; i++) mono[i]! += data[i]! / buffer.numberOfChannels;
    }
    const fft = (re: Float64Array, im: Float64Array) => {
      for (let i = 1, j = 0; i < n; i++) {
        let bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
          [re[i], re[j]] = [re[j]!, re[i]!];
          [im[i], im[j]] = [im[j]!, im[i]!];
        }
      }
      for (let len = 2; len <= n; len <<= 1) {
        const ang = (-2 * Math.PI) / len;
        for (let i = 0; i < n; i += len) {
          for (let k = 0; k < len / 2; k++) {
            const wr = Math.cos(ang * k);
            const wi = Math.sin(ang * k);
            const ur = re[i + k]!;
            const ui = im[i + k]!;
            const vr = re[i + k + len / 2]! * wr - im[i + k + len / 2]! * wi;
            const vi = re[i + k + len / 2]! * wi + im[i + k + len / 2]! * wr;
            re[i + k] = ur + vr;
            im[i + k] = ui + vi;
            re[i + k + len / 2] = ur - vr;
            im[i + k + len / 2] = ui - vi;
          }
        }
      }
    };
    const power = new Float64Array(n / 2);
    let windows = 0;
    for (let start = 0; start + n <= mono.length; start += n / 2) {
      const re = new Float64Array(n);
      const im = new Float64Array(n);
      for (let i = 0; i < n; i++) re[i] = mono[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
      fft(re, im);
      for (let k = 0; k < n / 2; k++) power[k]! += re[k]! ** 2 + im[k]! ** 2;
      windows++;
    }
    const binHz = buffer.sampleRate / n;
    // A full-scale sine gives |X| = n/4 with a Hann window: that is 0 dBFS.
    const db = Array.from(power, (p) => 10 * Math.log10(p / Math.max(windows, 1) / (n / 4) ** 2 + 1e-20));
    const band = (lo: number, hi: number) => db.slice(Math.floor(lo / binHz), Math.ceil(hi / binHz) + 1);
    const toneDb: Record<string, number> = {};
    for (const hz of tones) toneDb[hz] = Math.max(...band(hz * 0.95, hz * 1.05));
    const floor = band(100, 4000).sort((x, y) => x - y);
    const order = db.map((v, k) => [v, k * binHz] as const).filter(([, hz]) => hz > 50).sort((x, y) => y[0] - x[0]);
    const topPeaksHz: number[] = [];
    for (const [, hz] of order) {
      if (topPeaksHz.every((p) => Math.abs(p - hz) >= 100)) topPeaksHz.push(Math.round(hz));
      if (topPeaksHz.length === 2) break;
    }
    return { durationS: buffer.duration, sampleRate: buffer.sampleRate, toneDb, floorDb: floor[Math.floor(floor.length / 2)]!, topPeaksHz };
  }, { id: id ?? '', tones });
}

function expectBothTones(analysis: Analysis): void {
  for (const hz of Object.values(TONE)) {
    expect(analysis.toneDb[hz], `${hz} Hz in ${JSON.stringify(analysis)}`).toBeGreaterThan(-60);
    expect(analysis.toneDb[hz]! - analysis.floorDb, `${hz} Hz above the floor in ${JSON.stringify(analysis)}`).toBeGreaterThan(30);
  }
  expect(
    analysis.topPeaksHz.map((hz) => Object.values(TONE).find((t) => Math.abs(hz - t) <= t * 0.05) ?? hz).sort(),
    JSON.stringify(analysis),
  ).toEqual([500, 800]);
}

const entries = (page: Page) => page.getByRole('region', { name: 'Recordings' }).getByRole('listitem');

test('a recorded call holds both parties’ tones, is listed, plays and can be deleted', async () => {
  await connect();
  await callPanel(a).getByRole('button', { name: 'Record' }).click();
  await expect(a.getByTestId('recording-indicator')).toContainText('Recording');
  await a.waitForTimeout(4000);
  await expect(a.getByTestId('recording-indicator')).toContainText(/00:0[3-5]/);
  await callPanel(a).getByRole('button', { name: 'Stop recording' }).click();
  await expect(callPanel(a).getByRole('button', { name: 'Record' })).toBeVisible();
  await a.getByRole('button', { name: 'Hang up', exact: true }).click();

  await a.getByRole('link', { name: 'Recordings' }).click();
  await expect(entries(a)).toHaveCount(1);
  await expect(entries(a).first()).toContainText('1012');
  await expect(entries(a).first()).toContainText(/00:0[3-5]/);
  await a.getByRole('button', { name: 'Play recording with 1012' }).click();
  const analysis = await analysePlayedRecording(a, Object.values(TONE));
  console.log('recording analysis', JSON.stringify(analysis));
  expect(analysis.durationS).toBeGreaterThan(3);
  expect(analysis.durationS).toBeLessThan(6);
  expectBothTones(analysis);

  // The search and the time range narrow the list.
  await a.getByRole('searchbox', { name: 'Search by name or number' }).fill('9999');
  await expect(a.getByText('No recordings match these filters.')).toBeVisible();
  await a.getByRole('searchbox', { name: 'Search by name or number' }).fill('101');
  await expect(entries(a)).toHaveCount(1);
  await a.getByLabel('To').fill('2020-01-01');
  await expect(entries(a)).toHaveCount(0);
  await a.getByRole('button', { name: 'Clear filters' }).click();
  await expect(entries(a)).toHaveCount(1);

  await a.getByRole('button', { name: 'Delete recording with 1012' }).click();
  const confirm = a.getByRole('alertdialog');
  await expect(confirm).toContainText('Delete the recording with 1012?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(entries(a)).toHaveCount(1);
  await a.getByRole('button', { name: 'Delete recording with 1012' }).click();
  await a.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(a.getByText('No recordings yet.')).toBeVisible();
  // The file is gone too, not only its entry.
  const left = await a.evaluate(async () => {
    const req = indexedDB.open('offhook-recordings');
    const db = await new Promise<IDBDatabase>((resolve, reject) => ((req.onsuccess = () => resolve(req.result)), (req.onerror = reject)));
    const count = (store: string) =>
      new Promise<number>((resolve) => {
        const r = db.transaction(store).objectStore(store).count();
        r.onsuccess = () => resolve(r.result);
      });
    const result = { files: await count('files'), chunks: await count('chunks') };
    db.close();
    return result;
  });
  expect(left).toEqual({ files: 0, chunks: 0 });
});

test('pause leaves the paused time out; a call that ends while recording is saved', async () => {
  await connect();
  await callPanel(a).getByRole('button', { name: 'Record' }).click();
  await a.waitForTimeout(2000);
  await callPanel(a).getByRole('button', { name: 'Pause recording' }).click();
  await expect(a.getByTestId('recording-indicator')).toContainText('Paused');
  await a.waitForTimeout(3000);
  await callPanel(a).getByRole('button', { name: 'Resume recording' }).click();
  await a.waitForTimeout(2000);
  // The other side hangs up while A is still recording.
  await b.getByRole('button', { name: 'Hang up', exact: true }).click();
  await expect(callPanel(a)).toHaveCount(0, { timeout: 8000 });

  await a.getByRole('link', { name: 'Recordings' }).click();
  await expect(entries(a)).toHaveCount(1);
  await expect(entries(a).first()).not.toContainText('Recording now');
  await a.getByRole('button', { name: 'Play recording with 1012' }).click();
  const analysis = await analysePlayedRecording(a, Object.values(TONE));
  console.log('paused recording analysis', JSON.stringify(analysis));
  // 4 s recorded of 7 s in the call.
  expect(analysis.durationS).toBeGreaterThan(3);
  expect(analysis.durationS).toBeLessThan(5.5);
  expectBothTones(analysis);

  await a.getByRole('checkbox', { name: 'Select all' }).check();
  await a.getByRole('button', { name: 'Delete selected (1)' }).click();
  await a.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(a.getByText('No recordings yet.')).toBeVisible();
});
