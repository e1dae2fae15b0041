/**
 * Presence at scale (issue 6, B2): 500 colleagues.
 *
 *  presence500_all_correct_ms  the Sign in click → the presence store holds the right state for
 *                              every one of 500 watched colleagues (their lamps render from it).
 *
 * The 500 presentities (2000–2499) publish known states from UDP into Kamailio before the client
 * signs in (the test PBX lets 2000–2499 PUBLISH for themselves from this host without an
 * account): the six statuses in turn, and every tenth publishes nothing, which the app shows as
 * "not signed in". The client has all 500 as favourites (the settings allow 500), so they are
 * watched from the start: 1000 SUBSCRIBEs (presence + dialog) through the bounded queue.
 *
 * RUNS (default 5) sign-ins, each in a fresh page.
 */
import { chromium, type Page } from '@playwright/test';
import dgram from 'node:dgram';
import { startPbx } from '../tests/pbx/pbx';
import { chromiumArgs, CHROMIUM } from '../tests/e2e/support/browser';
import { buildPidf } from '../src-renderer/telephony/pidf';
import { MY_STATUSES } from '../src-preload/contract';
import { report } from './lib/stats';
import { serve } from './lib/static-server';

const RUNS = Number(process.env.RUNS ?? 5);
const COUNT = 500;
const WS_PORT = 15266;
const UDP_PORT = 15260;
const HTTP_PORT = 14280;

const extensions = Array.from({ length: COUNT }, (_, i) => String(2000 + i));
const expected: Record<string, string> = Object.fromEntries(
  extensions.map((ext, i) => [ext, i % 10 === 9 ? 'unregistered' : MY_STATUSES[i % MY_STATUSES.length]!]),
);

/** PUBLISHes every presentity's state from one UDP socket; resolves when all were answered 200. */
async function publishAll(): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const port = sock.address().port;
  const waiting = new Map<string, (status: number) => void>();
  sock.on('message', (m) => {
    const text = m.toString();
    const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
    const callId = /\r\nCall-ID:\s*(\S+)/i.exec(text)?.[1];
    if (status >= 200 && callId) waiting.get(callId)?.(status);
  });
  const t0 = performance.now();
  const publishOne = (ext: string) =>
          new Promise<number>((resolve) => {
            const callId = `bench-${ext}-${Date.now()}`;
            const body = buildPidf(`sip:${ext}@127.0.0.1`, expected[ext] as (typeof MY_STATUSES)[number], `bench ${ext}`, `t${ext}`);
            waiting.set(callId, resolve);
            const msg =
              `PUBLISH sip:${ext}@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${callId};rport\r\n` +
              `Max-Forwards: 70\r\nFrom: <sip:${ext}@127.0.0.1>;tag=${ext}\r\nTo: <sip:${ext}@127.0.0.1>\r\nCall-ID: ${callId}\r\n` +
              `CSeq: 1 PUBLISH\r\nEvent: presence\r\nExpires: 3600\r\nContent-Type: application/pidf+xml\r\n` +
              `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
            sock.send(msg, UDP_PORT, '127.0.0.1');
            setTimeout(() => resolve(0), 5_000);
          });
  // a few at a time: a burst of 450 datagrams overflows the socket buffers (UDP has no back-pressure)
  const results: number[] = [];
  const todo = extensions.filter((ext) => expected[ext] !== 'unregistered');
  for (let i = 0; i < todo.length; i += 25) results.push(...(await Promise.all(todo.slice(i, i + 25).map(publishOne))));
  sock.close();
  const bad = results.filter((s) => s !== 200);
  if (bad.length) throw new Error(`${bad.length} PUBLISHes were not answered 200 (${[...new Set(bad)].join(', ')})`);
  return Math.round(performance.now() - t0);
}

/** In the page: polls the presence store (through the app's Pinia) until every colleague is right. */
function watchUntilCorrect(want: Record<string, string>): void {
  const w = window as unknown as { __presenceDone?: number; __presenceWrong?: number };
  const tick = () => {
    const app = (document.querySelector('#app') as unknown as { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, unknown> } } } } })?.__vue_app__;
    const store = app?.config.globalProperties.$pinia?._s.get('presence') as { info(e: string): { state: string } } | undefined;
    if (store) {
      let wrong = 0;
      for (const [ext, state] of Object.entries(want)) if (store.info(ext).state !== state) wrong++;
      w.__presenceWrong = wrong;
      const marks = ((w as { __marks?: Record<string, number> }).__marks ??= {});
      if (!marks.registered && document.querySelector('.reg[data-state="registered"]')) marks.registered = Date.now();
      if (!marks.half && wrong <= Object.keys(want).length / 2) marks.half = Date.now();
      if (wrong === 0) {
        w.__presenceDone = Date.now();
        return;
      }
    }
    setTimeout(tick, 5);
  };
  tick();
}

async function signInOnce(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/`);
  await page.evaluate((favourites) => {
    localStorage.clear();
    sessionStorage.clear();
    localStorage.setItem('offhook.settings', JSON.stringify({ colleagues: { favourites, showUnregistered: true } }));
  }, extensions);
  await page.reload();
  await page.getByLabel('Server').fill(`ws://127.0.0.1:${WS_PORT}`);
  await page.getByLabel('Extension').fill('1001');
  await page.getByLabel('Password', { exact: true }).fill('pw1001');
  await page.getByLabel('Remember me').uncheck().catch(() => undefined);
  await page.evaluate(watchUntilCorrect, expected);
  const t0 = await page.evaluate(() => Date.now());
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    const done = await page.waitForFunction(() => (window as unknown as { __presenceDone?: number }).__presenceDone, undefined, { timeout: 30_000 });
    const end = (await done.jsonValue()) as number;
    const marks = await page.evaluate(() => (window as unknown as { __marks?: Record<string, number> }).__marks ?? {});
    console.log(`  registered +${(marks.registered ?? NaN) - t0} ms, half the lamps right +${(marks.half ?? NaN) - t0} ms, all +${end - t0} ms`);
    return end - t0;
  } catch (e) {
    const wrong = await page.evaluate((want) => {
      const app = (document.querySelector('#app') as unknown as { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, unknown> } } } } })?.__vue_app__;
      const store = app?.config.globalProperties.$pinia?._s.get('presence') as { info(e: string): { state: string }; stats(): unknown };
      return { page: document.body.innerText.slice(0, 300), stats: store.stats(), wrongCount: Object.entries(want).filter(([e, s]) => store.info(e).state !== s).length, wrong: Object.entries(want).filter(([e, s]) => store.info(e).state !== s).slice(0, 5).map(([e, s]) => `${e}: ${store.info(e).state}, want ${s}`) };
    }, expected);
    throw new Error(`not all lamps right after 30 s: ${JSON.stringify(wrong)}`, { cause: e });
  }
}

async function main(): Promise<void> {
  const server = await serve({ '/': new URL('../out/renderer/', import.meta.url).pathname }, HTTP_PORT);
  const pbx = await startPbx({ wsPort: WS_PORT, udpPort: UDP_PORT, shmMb: 256 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
  try {
    const publishMs = await publishAll();
    console.log(`published ${extensions.filter((e) => expected[e] !== 'unregistered').length} presentities in ${publishMs} ms`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ locale: 'en-US' });
      await ctx.addInitScript('window.__name = (f) => f');
      const page = await ctx.newPage();
      times.push(await signInOnce(page, server.url));
      // sign out (unsubscribes everything), so the next run's subscriptions are the only ones
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await ctx.close();
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`\n${COUNT} colleagues watched (${COUNT * 2} subscriptions), ${RUNS} sign-ins:`);
    report('presence500_all_correct_ms', times);
  } finally {
    await browser.close();
    await pbx.stop();
    await server.close();
  }
}

await main();
