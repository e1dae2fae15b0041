/**
 * Chat figures (issue 7), two Offhook pages through the real Kamailio on loopback:
 *
 *  chat_delivery_ms   the Send click at the sender → the message is in the recipient's open
 *                     conversation (DOM), n = RUNS (default 60).
 *  chat_search_ms     100k messages in the history: a query typed into "Search messages" → the
 *                     results are on screen; half the queries match, half match nothing (a full scan).
 *  chat_history_load_ms  (for information) reload with 100k messages → the search index is ready.
 */
import { chromium, type Page } from '@playwright/test';
import { startPbx } from '../tests/pbx/pbx';
import { chromiumArgs, CHROMIUM } from '../tests/e2e/support/browser';
import { report } from './lib/stats';
import { signInAt } from './lib/sign-in';
import { serve } from './lib/static-server';

const RUNS = Number(process.env.RUNS ?? 60);
const SEARCHES = Number(process.env.SEARCHES ?? 40);
const HISTORY = Number(process.env.HISTORY ?? 100_000);
const WS_PORT = 15266;
const HTTP_PORT = 14280;

/** The shared sign-in, on this bench's PBX port. */
function signIn(page: Page, base: string, ext: string): Promise<void> {
  return signInAt(page, base, WS_PORT, ext);
}

async function openChatWith(page: Page, ext: string): Promise<void> {
  await page.evaluate(() => (location.hash = '#chat'));
  await page.getByRole('textbox', { name: 'Extension or SIP address' }).fill(ext);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('textbox', { name: /^Message to / }).waitFor();
}

/** In the recipient: the wall-clock time each "bench-N" message first appears. */
function watchArrivals(): void {
  const w = window as unknown as { __seen: Record<string, number> };
  w.__seen = {};
  new MutationObserver((records) => {
    const t = performance.timeOrigin + performance.now();
    for (const r of records)
      for (const n of r.addedNodes) {
        const text = (n as HTMLElement).textContent ?? '';
        for (const m of text.matchAll(/bench-(\d+)/g)) w.__seen[m[1]!] ??= t;
      }
  }).observe(document.body, { childList: true, subtree: true });
}

async function main(): Promise<void> {
  const server = await serve({ '/': new URL('../out/renderer/', import.meta.url).pathname }, HTTP_PORT);
  const pbx = await startPbx({ wsPort: WS_PORT, udpPort: WS_PORT - 6 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
  try {
    const [ctxA, ctxB] = await Promise.all([browser.newContext({ locale: 'en-US' }), browser.newContext({ locale: 'en-US' })]);
    for (const ctx of [ctxA!, ctxB!]) await ctx.addInitScript('window.__name = (f) => f');
    const a = await ctxA!.newPage();
    const b = await ctxB!.newPage();
    for (const p of [a, b]) p.on('pageerror', (e) => console.error('[page]', e));
    b.on('console', (m) => m.type() === 'error' && console.error('[b console]', m.text()));
    await Promise.all([signIn(a, server.url, '1001'), signIn(b, server.url, '1002')]);
    await openChatWith(a, '1002');
    await openChatWith(b, '1001');
    await b.evaluate(watchArrivals);

    const delivery: number[] = [];
    const box = a.getByRole('textbox', { name: /^Message to / });
    for (let i = 0; i < RUNS + 3; i++) {
      await box.fill(`bench-${i}`);
      const t0 = await a.evaluate(() => {
        const t = performance.timeOrigin + performance.now();
        (document.querySelector('.composer button[type="submit"]') as HTMLButtonElement).click();
        return t;
      });
      const seen = await b.waitForFunction((n) => (window as unknown as { __seen: Record<string, number> }).__seen[n], String(i));
      if (i >= 3) delivery.push(((await seen.jsonValue()) as number) - t0); // the first few warm up JIT and auth
      await a.waitForTimeout(20);
    }
    report('chat_delivery_ms', delivery, 'ms', 1);

    // 100k messages in b's history, over 50 conversations, a year's spread.
    await b.evaluate(async (count) => {
      const words = ['budget', 'meeting', 'report', 'customer', 'invoice', 'release', 'lunch', 'call', '会议', '报告', '客户', '发票', '明天', '项目', 'deadline', 'server'];
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open('offhook-chat:sip:1002@127.0.0.1');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const now = Date.now();
      let seed = 7;
      const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
      for (let start = 0; start < count; start += 10_000) {
        const tx = db.transaction('messages', 'readwrite');
        for (let i = start; i < Math.min(count, start + 10_000); i++) {
          const peer = 3000 + (i % 50);
          const text = Array.from({ length: 6 + rnd(10) }, () => words[rnd(words.length)]).join(' ') + ` #${i}`;
          const sentAt = now - 360 * 86400_000 + Math.floor((i / count) * 359 * 86400_000);
          tx.objectStore('messages').put({
            id: `seed-${i}`,
            conversationId: `1:sip:${peer}@127.0.0.1`,
            kind: 'text',
            from: { uri: `sip:${peer}@127.0.0.1`, number: String(peer), name: `Person ${peer}` },
            outgoing: false,
            text,
            sentAt,
            receivedAt: sentAt,
            state: 'received',
          });
        }
        await new Promise((resolve) => (tx.oncomplete = resolve));
      }
      db.close();
    }, HISTORY);
    const loadStart = Date.now();
    await b.reload();
    await b.locator('.reg[data-state="registered"]').or(b.getByLabel('Server')).first().waitFor();
    if (await b.getByLabel('Server').isVisible()) await signIn(b, server.url, '1002');
    await b.evaluate(() => (location.hash = '#chat'));
    const search = b.getByRole('searchbox', { name: 'Search messages' });
    // ready when a query finds a seeded message
    await search.fill(`#${HISTORY - 1}`);
    await b
      .getByRole('region', { name: 'Search results' })
      .getByRole('button')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        await b.screenshot({ path: '/tmp/chat-bench-fail.png' });
        throw e;
      });
    const loadMs = Date.now() - loadStart;
    await search.fill('');

    const queries = ['budget report', '会议 报告', 'customer', '#4242', 'zzz-no-such', '不存在的词', 'invoice deadline', 'nothing here at all'];
    const searchMs: number[] = [];
    for (let i = 0; i < SEARCHES + 2; i++) {
      const q = `${queries[i % queries.length]}${i >= queries.length ? ' ' : ''}`;
      const ms = await b.evaluate(async (query) => {
        const input = document.querySelector('input[aria-label="Search messages"]') as HTMLInputElement;
        const region = () => document.querySelector('section.results');
        input.value = '';
        input.dispatchEvent(new Event('input'));
        for (let i = 0; i < 100 && region(); i++) await new Promise((r) => setTimeout(r, 10));
        return await new Promise<number>((resolve) => {
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            const r = region();
            // answered: the results on screen are for this query
            if (!r || r.getAttribute('aria-busy') !== 'false') return;
            observer.disconnect();
            resolve(performance.now() - t0);
          });
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          setTimeout(() => (observer.disconnect(), resolve(-1)), 5000);
          input.value = query;
          input.dispatchEvent(new Event('input'));
        });
      }, q);
      if (ms < 0) throw new Error(`search for "${q}" showed nothing in 5 s`);
      if (i >= 2) searchMs.push(ms);
    }
    report('chat_search_ms', searchMs, 'ms', 1);
    console.log(`chat_history_load_ms ${loadMs} (${HISTORY} messages, reload → first search answered)`);
  } finally {
    await browser.close();
    await pbx.stop();
    await server.close();
  }
}

await main();
