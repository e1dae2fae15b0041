/**
 * Non-browser far end selftest:  npx tsx tests/pbx/selftest/baresip.ts
 *  1. baresip 1019 registers through the PBX (with rtpengine, as e2e runs it)
 *  2. sipp (as 1001) calls it and plays RFC 4733 telephone-events from pcaps:
 *     baresip must report them as CALL_DTMF_START events over ctrl_tcp
 *  3. SIP INFO DTMF is told apart from RFC 4733 (receivedDtmfInfo)
 *  4. baresip 1019 (700 Hz) calls baresip 1018 (1000 Hz): each hears the other
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPbx } from '../pbx';
import { startBaresip, type BaresipPeer } from '../peers/baresip';
import { SipUa, sdpOffer } from './sipua';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UDP = 25060;
let failed = 0;
function check(name: string, ok: boolean, detail = '') {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `  (${detail})` : ''}`);
}
const ms = (t0: number) => Math.round(performance.now() - t0);

function sipp(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn('sipp', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    const t = setTimeout(() => c.kill('SIGKILL'), 20000);
    c.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

const pbx = await startPbx({ udpPort: UDP, wsPort: 25066, rtpengine: true, ngPort: 25223, rtpPortMin: 25300, rtpPortMax: 25399 });
console.log(`PBX (rtpengine) up in ${pbx.startMs} ms`);
const peers: BaresipPeer[] = [];
let work = '';
try {
  let t0 = performance.now();
  const b = await startBaresip({ pbx, extension: '1019', toneHz: 700 });
  peers.push(b);
  check('baresip 1019 registered', true, `${ms(t0)} ms, sip ${b.sipPort}, ctrl ${b.ctrlPort}`);

  // --- RFC 4733 DTMF from sipp ---
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'offhook-sipp-'));
  const pcap = (d: string) => `/usr/share/sip-tester/dtmf_2833_${d}.pcap`;
  t0 = performance.now();
  // prettier-ignore
  const r = await sipp([
    `127.0.0.1:${UDP}`, '-sf', path.join(HERE, 'sipp/uac-dtmf.xml'), '-s', '1019',
    '-au', '1001', '-ap', 'pw1001', '-key', 'caller', '1001',
    '-key', 'digits1', pcap('5'), '-key', 'digits2', pcap('pound'),
    '-i', '127.0.0.1', '-p', '25070', '-cp', '25071', '-mi', '127.0.0.1', '-mp', '25072',
    '-m', '1', '-nostdin', '-trace_err', '-timeout', '15s',
  ], work);
  check('sipp call to baresip completed', r.code === 0, `exit ${r.code}, ${ms(t0)} ms${r.code ? `\n${r.out.slice(-1500)}` : ''}`);
  const est = await b.waitFor('CALL_ESTABLISHED').catch(() => undefined);
  check('baresip auto-answered (CALL_ESTABLISHED)', !!est);
  await b.waitFor('CALL_CLOSED').catch(() => undefined);
  const starts = b.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param).join('');
  check('baresip reported RFC 4733 DTMF "5#" (CALL_DTMF_START events + receivedDtmf)', starts === '5#' && b.receivedDtmf() === '5#', `events "${starts}", receivedDtmf "${b.receivedDtmf()}"`);
  console.log('     events:', b.events.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(' '));

  // --- SIP INFO DTMF is reported too, but kept apart ---
  const ua = await new SipUa('1002', 'pw1002', UDP).open();
  const call = await ua.invite('sip:1019@127.0.0.1', sdpOffer(25074));
  await b.waitFor('CALL_ESTABLISHED');
  const info = await ua.inDialog(call.dialog!, 'INFO', { body: 'Signal=7\r\nDuration=100\r\n', contentType: 'application/dtmf-relay' });
  await b.waitFor('CALL_DTMF_START');
  check('SIP INFO digit 7 -> receivedDtmfInfo(), not receivedDtmf()', info?.status === 200 && b.receivedDtmfInfo() === '7' && b.receivedDtmf() === '5#', `info "${b.receivedDtmfInfo()}"`);
  await ua.inDialog(call.dialog!, 'BYE');
  await b.waitFor('CALL_CLOSED');
  ua.close();

  // --- baresip <-> baresip audio, checks dial/hangup/receivedFrequency ---
  const c = await startBaresip({ pbx, extension: '1018', toneHz: 1000 });
  peers.push(c);
  t0 = performance.now();
  await b.dial('sip:1018@127.0.0.1');
  await b.waitFor('CALL_ESTABLISHED');
  check('baresip 1019 -> 1018 established', true, `${ms(t0)} ms`);
  await new Promise((res) => setTimeout(res, 1500));
  await b.hangup();
  await Promise.all([b.waitFor('CALL_CLOSED'), c.waitFor('CALL_CLOSED')]);
  const fb = await b.receivedFrequency();
  const fc = await c.receivedFrequency();
  check('1019 hears ~1000 Hz', Math.abs(fb - 1000) < 50, `${fb} Hz`);
  check('1018 hears ~700 Hz', Math.abs(fc - 700) < 35, `${fc} Hz`);
} catch (e) {
  failed++;
  console.log('FAIL exception:', e);
} finally {
  let t0 = performance.now();
  await Promise.all(peers.map((p) => p.stop()));
  console.log(`baresip stopped in ${ms(t0)} ms`);
  t0 = performance.now();
  await pbx.stop();
  console.log(`PBX stopped in ${ms(t0)} ms`);
  if (work) fs.rmSync(work, { recursive: true, force: true });
}
console.log(failed ? `${failed} check(s) FAILED` : 'all checks passed');
process.exit(failed ? 1 : 0);
