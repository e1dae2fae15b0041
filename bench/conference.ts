/**
 * A 9-party local conference on this machine (issue 5): what hosting it costs the host.
 *
 *  conference9_host_cpu_cores  CPU of the host's whole Chromium (browser, renderer, audio service,
 *                              network service, GPU, zygotes: every process under the host
 *                              browser, utime + stime from /proc) over the window ÷ wall time.
 *                              Goal ≤ 1. The renderer holds the mixer and WebRTC (Opus encode and
 *                              decode, NetEq, APM), but the sockets (network service) and the
 *                              audio devices (audio service) run outside it, so the renderer alone
 *                              would flatter us; its share is printed as an extra figure,
 *                              conference9_host_renderer_cpu_cores.
 *
 * CPU and underruns are measured on a machine shared with the participants' browsers (and whatever
 * else runs): the output says how busy the whole machine was, since a saturated machine can cause
 * underruns the host's own load would not.
 *  conference9_underruns       audio underruns on the host over the 30 s window. Goal 0. The sum of
 *                              (a) AudioContext.playbackStats.underrunEvents of the host's live
 *                                  AudioContexts (the conference mixer's render thread missed a
 *                                  deadline of the audio device), and
 *                              (b) the `media-playout` stats' synthesizedSamplesEvents (WebRTC's
 *                                  playout to the speaker had to synthesize samples because audio
 *                                  was not ready in time: a glitch the host hears), one playout
 *                                  per page, so counted once, not once per peer connection.
 *                              Receive-side concealment (inbound-rtp concealmentEvents: packets
 *                              that came late or not at all, covered by NetEq) is network/jitter
 *                              rather than playout, and is printed separately, at the host and
 *                              at one participant.
 *
 * The host (1001, 520 Hz fake microphone) runs in a Chromium of its own so its CPU can be measured
 * alone; the 8 others (1002–1009, oscillator microphones) share two more. The conference is built
 * through the UI as a person would ("Add participant" → type the extension → "Invite" → the other
 * side presses "Answer"), checked to really mix (a participant hears the host and the others at
 * once; the host hears all eight), then measured for WINDOW_S (default 30) seconds in 5 s slices.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { startPbx } from '../tests/pbx/pbx';
import { chromiumArgs, CHROMIUM } from '../tests/e2e/support/browser';
import { launchParties, type Parties } from '../tests/e2e/support/parties';
import { bandLevels } from '../tests/e2e/support/spectrum';
import { ensureTone } from '../tests/e2e/support/tones';
import { report } from './lib/stats';
import { signInAt } from './lib/sign-in';
import { serve } from './lib/static-server';

const WS_PORT = 15366;
const UDP_PORT = 15360;
const HTTP_PORT = 14380;
const WINDOW_S = Number(process.env.WINDOW_S ?? 30);
const SLICE_S = 5;
const SETTLE_S = 5;
const TIMEOUT = 30_000;

const HOST_EXT = '1001';
const HOST_HZ = 520;
const EXTS = ['1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009'] as const;
// Bands ±3 % apart, and no two tones' sum or difference close to a third's band.
const TONES = [640, 760, 1010, 1180, 1330, 1690, 2050, 2430] as const;

async function main(): Promise<void> {
  const server = await serve({ '/': new URL('../out/renderer/', import.meta.url).pathname }, HTTP_PORT);
  const pbx = await startPbx({ wsPort: WS_PORT, udpPort: UDP_PORT });
  const hostBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(ensureTone(HOST_HZ)) });
  const remotes: Parties[] = [await launchParties(TONES.slice(0, 4)), await launchParties(TONES.slice(4))];
  try {
    const hostCtx = await hostBrowser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
    const host = await hostCtx.newPage();
    host.on('pageerror', (e) => console.error('[host]', e));
    const others = remotes.flatMap((r) => r.pages);
    for (const ctx of [hostCtx, ...others.map((p) => p.context())]) {
      // tsx keeps function names with an `__name` helper that page.evaluate'd functions would lack.
      await ctx.addInitScript('window.__name = (f) => f');
      await ctx.addInitScript(keepPeerConnectionsAndAudioContexts);
    }
    await Promise.all([signIn(host, server.url, HOST_EXT), ...others.map((p, i) => signIn(p, server.url, EXTS[i]!))]);

    console.log(`Building a 9-party conference through the UI (host ${HOST_EXT}, ${EXTS.length} legs)…`);
    const built = Date.now();
    await buildConference(host, others);
    console.log(`  9 of 9 people after ${((Date.now() - built) / 1000).toFixed(1)} s`);
    await host.waitForTimeout(SETTLE_S * 1000);
    await verifyMix(host, others);

    const hostPid = await browserPid(hostBrowser);
    const remotePids = await Promise.all(remotes.map((r) => browserPid(r.browser)));
    const cdp = await hostBrowser.newBrowserCDPSession();
    const slices: Slice[] = [];
    let before = await sample(host, others[0]!, cdp, hostPid, remotePids);
    const first = before;
    console.log(`Measuring ${WINDOW_S} s in ${SLICE_S} s slices…`);
    for (let t = 0; t < WINDOW_S; t += SLICE_S) {
      await new Promise((r) => setTimeout(r, SLICE_S * 1000));
      const after = await sample(host, others[0]!, cdp, hostPid, remotePids);
      slices.push(diff(before, after));
      before = after;
    }
    const whole = diff(first, before);
    const snapshot = await host.locator('[data-testid="conference"]').innerText();
    if (!snapshot.includes('9 of 9 people')) throw new Error(`the conference fell apart while measuring:\n${snapshot}`);

    console.log(`\n9-party conference, host ${HOST_EXT} in its own Chromium (Chromium ${hostBrowser.version()}), ${WINDOW_S} s:`);
    console.log(`  machine: ${whole.machineCores.toFixed(2)} of ${whole.cpus} cores busy overall; the 8 participants' two browsers used ${whole.remoteCores.toFixed(2)}`);
    console.log(`  host CPU by process type (CDP SystemInfo.getProcessInfo): ${Object.entries(whole.byType).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
    report('conference9_host_renderer_cpu_cores', slices.map((s) => s.rendererCores), 'cores', 3);
    console.log(`  (whole window: renderer ${whole.rendererCores.toFixed(3)} cores, whole host browser ${whole.hostCores.toFixed(3)} cores)`);
    report('conference9_host_cpu_cores', slices.map((s) => s.hostCores), 'cores', 3);

    console.log(
      `  underruns, per ${SLICE_S} s slice: mixer AudioContext playbackStats.underrunEvents ${slices.map((s) => s.contextUnderruns).join(' ')};` +
        ` WebRTC media-playout synthesizedSamplesEvents ${slices.map((s) => (s.playoutEvents ?? 'n/a')).join(' ')}`,
    );
    console.log(
      `  over the window: AudioContext underrun time ${(whole.contextUnderrunS * 1000).toFixed(0)} ms of ${whole.contextTotalS.toFixed(1)} s rendered` +
        ` (${whole.contexts} live contexts); playout synthesized ${whole.playoutSynthS === null ? 'n/a' : `${(whole.playoutSynthS * 1000).toFixed(0)} ms`}`,
    );
    report('conference9_underruns', [whole.contextUnderruns + (whole.playoutEvents ?? 0)], 'events', 0);
    if (whole.machineCores > 0.9 * whole.cpus) {
      console.log(`  note: the machine was saturated (${whole.machineCores.toFixed(2)} of ${whole.cpus} cores busy): underruns may come from other load, not the host's own`);
    }
    console.log(
      `  supporting, receive-side concealment (NetEq, not counted above): host over 8 legs ${whole.hostConcealmentEvents} events,` +
        ` ${pct(whole.hostConcealed, whole.hostReceived)} of samples concealed; participant ${EXTS[0]} ${whole.participantConcealmentEvents} events,` +
        ` ${pct(whole.participantConcealed, whole.participantReceived)} concealed`,
    );
  } finally {
    await hostBrowser.close();
    await Promise.all(remotes.map((r) => r.close()));
    await pbx.stop();
    await server.close();
  }
}

/** The shared sign-in, on this bench's PBX port. */
function signIn(page: Page, base: string, ext: string): Promise<void> {
  return signInAt(page, base, WS_PORT, ext, TIMEOUT);
}

const callPanel = (page: Page) => page.getByRole('region', { name: 'Current call' });
const conference = (page: Page) => page.getByRole('region', { name: 'Conference' });

async function answer(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Answer', exact: true }).click({ timeout: TIMEOUT });
  await callPanel(page).getByRole('status').filter({ hasText: /^In call$/ }).first().waitFor({ timeout: TIMEOUT });
}

/** As the e2e test does it: call the first, then "Add participant" → extension → "Invite" for each other. */
async function buildConference(host: Page, others: Page[]): Promise<void> {
  await host.getByRole('searchbox', { name: 'Search or dial' }).fill(EXTS[0]);
  await host.getByRole('button', { name: 'Call', exact: true }).click();
  await answer(others[0]!);
  await callPanel(host).getByRole('button', { name: 'Add participant' }).click({ timeout: TIMEOUT });
  for (const [i, ext] of EXTS.slice(1).entries()) {
    if (i > 0) await conference(host).getByRole('button', { name: 'Add participant' }).click({ timeout: TIMEOUT });
    const box = host.getByRole('searchbox', { name: 'Add to the conference…' });
    await box.fill(ext, { timeout: TIMEOUT });
    await host.getByRole('button', { name: 'Invite', exact: true }).click({ timeout: TIMEOUT });
    await answer(others[i + 1]!);
  }
  await conference(host).getByText('9 of 9 people').waitFor({ timeout: TIMEOUT });
  await conference(host).getByRole('listitem').filter({ hasText: 'In the conference' }).nth(8).waitFor({ timeout: TIMEOUT });
}

/** The conference must really mix before its cost means anything: fail loudly if it does not. */
async function verifyMix(host: Page, others: Page[]): Promise<void> {
  const hostHears = await bandLevels(host, [...TONES], 2000);
  const hostMissing = TONES.filter((hz) => hostHears.present[hz]! < 0.9);
  console.log(`  the host hears: ${TONES.map((hz) => `${hz} Hz ${hostHears.levelDb[hz]} dBFS`).join(', ')}`);
  if (hostMissing.length > 0) throw new Error(`the host does not hear ${hostMissing.join(', ')} Hz: ${JSON.stringify(hostHears)}`);
  const own = TONES[0];
  const rest = [HOST_HZ, ...TONES.filter((hz) => hz !== own)];
  const hears = await bandLevels(others[0]!, [own, ...rest], 2000);
  const heard = rest.filter((hz) => hears.present[hz]! >= 0.9);
  console.log(
    `  ${EXTS[0]} (${own} Hz) hears: ${rest.map((hz) => `${hz} Hz ${hears.levelDb[hz]} dBFS${hears.present[hz]! >= 0.9 ? '' : ' (absent)'}`).join(', ')}; own tone ${hears.levelDb[own]} dBFS`,
  );
  if (!heard.includes(HOST_HZ) || heard.length < 3) {
    throw new Error(`${EXTS[0]} should hear the host and at least two other parties at once, heard ${heard.join(', ') || 'nothing'} Hz`);
  }
  // With eight tones summed, intermodulation puts a little energy in every band, own one included
  // (around −48 dBFS against −25 for a real tone): only an own tone near the others' level is an echo.
  const typical = [...heard.map((hz) => hears.levelDb[hz]!)].sort((x, y) => x - y)[Math.floor(heard.length / 2)]!;
  if (hears.levelDb[own]! > typical - 15) throw new Error(`${EXTS[0]} hears itself (${own} Hz at ${hears.levelDb[own]} dBFS): the mix-minus is broken`);
  if (heard.length < rest.length) console.log(`  warning: ${EXTS[0]} hears ${heard.length} of ${rest.length} others`);
}

/** Bench-only init script: keeps the page's RTCPeerConnections and AudioContexts where we can read their stats. */
function keepPeerConnectionsAndAudioContexts(): void {
  const w = window as unknown as { __bench: { pcs: RTCPeerConnection[]; contexts: AudioContext[] } };
  w.__bench = { pcs: [], contexts: [] };
  const PC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends PC {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__bench.pcs.push(this);
    }
  } as typeof RTCPeerConnection;
  const AC = window.AudioContext;
  window.AudioContext = class extends AC {
    constructor(options?: AudioContextOptions) {
      super(options);
      w.__bench.contexts.push(this);
    }
  } as typeof AudioContext;
}

interface PageAudio {
  contexts: number;
  contextUnderruns: number;
  contextUnderrunS: number;
  contextTotalS: number;
  /** null when this Chromium has no `media-playout` stats. */
  playoutEvents: number | null;
  playoutSynthS: number | null;
  concealmentEvents: number;
  concealed: number;
  received: number;
}

/** Runs in the page: cumulative audio counters since the page started. */
async function pageAudio(): Promise<PageAudio> {
  const bench = (window as unknown as { __bench: { pcs: RTCPeerConnection[]; contexts: AudioContext[] } }).__bench;
  const out: PageAudio = { contexts: 0, contextUnderruns: 0, contextUnderrunS: 0, contextTotalS: 0, playoutEvents: null, playoutSynthS: null, concealmentEvents: 0, concealed: 0, received: 0 };
  for (const ctx of bench.contexts) {
    if (ctx.state === 'closed') continue;
    const stats = (ctx as unknown as { playbackStats?: { underrunEvents: number; underrunDuration: number; totalDuration: number } }).playbackStats;
    if (!stats) continue;
    out.contexts++;
    out.contextUnderruns += stats.underrunEvents;
    out.contextUnderrunS += stats.underrunDuration;
    out.contextTotalS += stats.totalDuration;
  }
  for (const pc of bench.pcs) {
    if (pc.connectionState === 'closed') continue;
    const report = await pc.getStats();
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.concealmentEvents += Number(s.concealmentEvents ?? 0);
        out.concealed += Number(s.concealedSamples ?? 0);
        out.received += Number(s.totalSamplesReceived ?? 0);
      }
      // One audio playout serves every call of the page: every connection reports the same one.
      if (s.type === 'media-playout') {
        out.playoutEvents = Math.max(out.playoutEvents ?? 0, Number(s.synthesizedSamplesEvents ?? 0));
        out.playoutSynthS = Math.max(out.playoutSynthS ?? 0, Number(s.synthesizedSamplesDuration ?? 0));
      }
    });
  }
  return out;
}

interface Sample {
  at: number;
  hostTicks: number;
  remoteTicks: number;
  machine: { busy: number; total: number };
  byType: Record<string, number>;
  rendererS: number;
  host: PageAudio;
  participant: PageAudio;
}

async function sample(host: Page, participant: Page, cdp: Awaited<ReturnType<Browser['newBrowserCDPSession']>>, hostPid: number, remotePids: number[]): Promise<Sample> {
  const at = performance.now();
  const hostTicks = treeTicks(hostPid);
  const remoteTicks = remotePids.reduce((sum, pid) => sum + treeTicks(pid), 0);
  const machine = machineTicks();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number; cpuTime: number }> };
  const byType: Record<string, number> = {};
  for (const p of processInfo) byType[p.type] = (byType[p.type] ?? 0) + p.cpuTime;
  const [h, q] = await Promise.all([host.evaluate(pageAudio), participant.evaluate(pageAudio)]);
  return { at, hostTicks, remoteTicks, machine, byType, rendererS: byType.renderer ?? 0, host: h, participant: q };
}

interface Slice {
  hostCores: number;
  rendererCores: number;
  remoteCores: number;
  machineCores: number;
  cpus: number;
  byType: Record<string, number>;
  contexts: number;
  contextUnderruns: number;
  contextUnderrunS: number;
  contextTotalS: number;
  playoutEvents: number | null;
  playoutSynthS: number | null;
  hostConcealmentEvents: number;
  hostConcealed: number;
  hostReceived: number;
  participantConcealmentEvents: number;
  participantConcealed: number;
  participantReceived: number;
}

function diff(a: Sample, b: Sample): Slice {
  const wall = (b.at - a.at) / 1000;
  const cpus = readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length;
  const byType: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.byType)) byType[k] = (v - (a.byType[k] ?? 0)) / wall;
  const orNull = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  return {
    hostCores: (b.hostTicks - a.hostTicks) / CLK_TCK / wall,
    rendererCores: (b.rendererS - a.rendererS) / wall,
    remoteCores: (b.remoteTicks - a.remoteTicks) / CLK_TCK / wall,
    machineCores: ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cpus,
    cpus,
    byType,
    contexts: b.host.contexts,
    contextUnderruns: b.host.contextUnderruns - a.host.contextUnderruns,
    contextUnderrunS: b.host.contextUnderrunS - a.host.contextUnderrunS,
    contextTotalS: b.host.contextTotalS - a.host.contextTotalS,
    playoutEvents: orNull(a.host.playoutEvents, b.host.playoutEvents),
    playoutSynthS: orNull(a.host.playoutSynthS, b.host.playoutSynthS),
    hostConcealmentEvents: b.host.concealmentEvents - a.host.concealmentEvents,
    hostConcealed: b.host.concealed - a.host.concealed,
    hostReceived: b.host.received - a.host.received,
    participantConcealmentEvents: b.participant.concealmentEvents - a.participant.concealmentEvents,
    participantConcealed: b.participant.concealed - a.participant.concealed,
    participantReceived: b.participant.received - a.participant.received,
  };
}

// Linux reports utime/stime in clock ticks; 100 per second on every architecture we run on.
const CLK_TCK = 100;

/** utime + stime of a process and all its descendants (the whole browser: zygotes, utilities…). */
function treeTicks(root: number): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the ")" of the command name: state ppid … utime(14) stime(15), 1-based overall.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // Gone since the listing.
    }
  }
  const under = (pid: number): boolean => {
    for (let cur: number | undefined = pid; cur !== undefined && cur > 1; cur = procs.get(cur)?.ppid) if (cur === root) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, p] of procs) if (under(pid)) sum += p.ticks;
  return sum;
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((s, v) => s + v, 0);
  const idle = cpu[3]! + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

async function browserPid(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
  await cdp.detach();
  const main = processInfo.find((p) => p.type === 'browser');
  if (!main) throw new Error('no browser process in SystemInfo.getProcessInfo');
  return main.id;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(2)} %` : 'n/a';
}

await main();
