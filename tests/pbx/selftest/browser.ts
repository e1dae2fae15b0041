/**
 * Browser <-> non-browser through the PBX with rtpengine:
 *   npx tsx tests/pbx/selftest/browser.ts
 * Headless Chromium + JsSIP (bundled on the fly with esbuild) registers as
 * 1001 over ws://, calls baresip 1019, sends RFC 4733 DTMF; baresip must
 * report the digits and both sides must hear each other's tone. Then
 * baresip calls the browser.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startPbx } from '../pbx';
import { startBaresip, type BaresipPeer } from '../peers/baresip';

let failed = 0;
function check(name: string, ok: boolean, detail = '') {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `  (${detail})` : ''}`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'offhook-browser-'));
await build({ entryPoints: [path.resolve('node_modules/jssip/lib/JsSIP.js')], bundle: true, format: 'iife', globalName: 'JsSIP', platform: 'browser', outfile: path.join(work, 'jssip.js'), logLevel: 'error' });
fs.writeFileSync(path.join(work, 'index.html'), '<!doctype html><script src="/jssip.js"></script><audio id="remote" muted autoplay></audio>');
const server = http.createServer((req, res) => {
  const f = path.join(work, req.url === '/' ? 'index.html' : path.basename(req.url ?? ''));
  if (!fs.existsSync(f)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': f.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(fs.readFileSync(f));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const httpPort = (server.address() as { port: number }).port;

const pbx = await startPbx({ udpPort: 25060, wsPort: 25066, rtpengine: true, ngPort: 25223, rtpPortMin: 25300, rtpPortMax: 25399 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking'],
});
const peers: BaresipPeer[] = [];
try {
  const b = await startBaresip({ pbx, extension: '1019', toneHz: 700 });
  peers.push(b);
  const page = await browser.newPage();
  // tsx (esbuild keepNames) wraps functions passed to evaluate() in __name()
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`http://127.0.0.1:${httpPort}/`);
  await page.evaluate(
    ({ wsUrl }) =>
      new Promise<void>((resolve, reject) => {
        const w = window as any;
        const JsSIP = w.JsSIP;
        const ac = new AudioContext();
        const osc = ac.createOscillator();
        osc.frequency.value = 440;
        const dest = ac.createMediaStreamDestination();
        osc.connect(dest);
        osc.start();
        w.mic = dest.stream;
        w.freq = () => {
          const a = w.analyser as AnalyserNode | undefined;
          if (!a) return 0;
          const bins = new Float32Array(a.frequencyBinCount);
          a.getFloatFrequencyData(bins);
          let best = 0;
          for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
          return bins[best]! > -60 ? (best * ac.sampleRate) / a.fftSize : 0;
        };
        w.attach = (pc: RTCPeerConnection) => {
          pc.addEventListener('track', (e) => {
            const s = e.streams[0] ?? new MediaStream([e.track]);
            (document.getElementById('remote') as HTMLAudioElement).srcObject = s; // WebAudio reads silence without it
            const an = ac.createAnalyser();
            an.fftSize = 4096;
            an.smoothingTimeConstant = 0;
            ac.createMediaStreamSource(s).connect(an);
            w.analyser = an;
          });
        };
        const ua = new JsSIP.UA({ sockets: [new JsSIP.WebSocketInterface(wsUrl)], uri: 'sip:1001@127.0.0.1', password: 'pw1001', register: true, session_timers: false });
        ua.on('newRTCSession', (e: any) => {
          if (e.originator !== 'remote') return;
          w.incoming = e.session;
          e.session.answer({ mediaStream: w.mic, pcConfig: { iceServers: [] } });
          w.attach(e.session.connection);
        });
        ua.on('registered', () => resolve());
        ua.on('registrationFailed', (e: any) => reject(new Error(`registration failed: ${e.cause}`)));
        ua.start();
        w.ua = ua;
      }),
    { wsUrl: pbx.wsUrl },
  );
  check('JsSIP registered over ws://', true);

  let t0 = performance.now();
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const w = window as any;
        const s = w.ua.call('sip:1019@127.0.0.1', {
          mediaStream: w.mic,
          pcConfig: { iceServers: [] },
          eventHandlers: {
            icecandidate: (e: any) => {
              if (/ 127\.0\.0\.1 \d+ typ host/.test(e.candidate.candidate)) e.ready();
            },
            confirmed: () => resolve(),
            failed: (e: any) => reject(new Error(`call failed: ${e.cause}`)),
          },
        });
        w.attach(s.connection);
        w.session = s;
      }),
  );
  check('browser -> baresip call confirmed', true, `${Math.round(performance.now() - t0)} ms`);
  await b.waitFor('CALL_ESTABLISHED');
  await page.waitForTimeout(800);
  const heard = await page.evaluate(() => (window as any).freq());
  check('browser hears baresip tone ~700 Hz', Math.abs(heard - 700) < 30, `${heard.toFixed(0)} Hz`);

  t0 = performance.now();
  await page.evaluate(() => (window as any).session.sendDTMF('123#', { transportType: 'RFC2833', duration: 100, interToneGap: 70 }));
  for (let i = 0; i < 4; i++) await b.waitFor('CALL_DTMF_START', 4000).catch(() => undefined);
  check('baresip got browser DTMF "123#" as RFC 4733 events', b.receivedDtmf() === '123#', `got "${b.receivedDtmf()}" in ${Math.round(performance.now() - t0)} ms`);

  await page.evaluate(() => (window as any).session.terminate());
  await b.waitFor('CALL_CLOSED');
  const bf = await b.receivedFrequency();
  check('baresip heard the browser ~440 Hz', Math.abs(bf - 440) < 25, `${bf} Hz`);

  // reverse direction: baresip calls the browser, which auto-answers
  t0 = performance.now();
  await b.dial('sip:1001@127.0.0.1');
  await b.waitFor('CALL_ESTABLISHED');
  check('baresip -> browser call established', true, `${Math.round(performance.now() - t0)} ms`);
  await page.waitForTimeout(800);
  const heard2 = await page.evaluate(() => (window as any).freq());
  check('browser hears baresip ~700 Hz (incoming call)', Math.abs(heard2 - 700) < 30, `${heard2.toFixed(0)} Hz`);
  await b.hangup();
  await b.waitFor('CALL_CLOSED');
} catch (e) {
  failed++;
  console.log('FAIL exception:', e);
} finally {
  await browser.close();
  await Promise.all(peers.map((p) => p.stop()));
  await pbx.stop();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failed ? `${failed} check(s) FAILED` : 'all checks passed');
process.exit(failed ? 1 : 0);
