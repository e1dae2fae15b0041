/**
 * Headless baresip (Debian package, 1.0.0) as a non-browser far end:
 * registered over UDP through the test PBX, auto-answers, sends a sine tone,
 * dumps what it receives to WAV (sndfile) and is driven over ctrl_tcp
 * (JSON netstrings). Browser calls reach it only when the PBX runs with
 * rtpengine (it speaks plain RTP/AVP, no ICE/DTLS).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnLogged, tail, type Pbx } from '../pbx';

export interface BaresipEvent {
  type: string;
  param?: string;
  class?: string;
  peeruri?: string;
  [k: string]: unknown;
}

export interface BaresipPeer {
  aor: string;
  dir: string;
  sipPort: number;
  ctrlPort: number;
  logFile: string;
  events: BaresipEvent[];
  /** Next not-yet-consumed event of this type (each type is consumed in order). */
  waitFor(type: string | string[], timeoutMs?: number): Promise<BaresipEvent>;
  /** Raw ctrl_tcp command, resolves with the response's data. */
  command(command: string, params?: string): Promise<string>;
  dial(uri: string): Promise<void>;
  hangup(): Promise<void>;
  /**
   * Digits received as RFC 4733 telephone-events, in order. CALL_DTMF_START
   * events cannot tell RFC 4733 from SIP INFO, so this reads baresip's log.
   */
  receivedDtmf(): string;
  /** digits received as SIP INFO (application/dtmf-relay) */
  receivedDtmfInfo(): string;
  /** sox "Rough frequency" of the newest received-audio dump (call it after hangup) */
  receivedFrequency(): Promise<number>;
  stop(): Promise<void>;
}

export interface BaresipOptions {
  pbx: Pbx;
  extension?: string;
  password?: string;
  toneHz?: number;
  dir?: string;
  /** SIP listens on UDP+TCP sipPort and TLS sipPort+1 */
  sipPort?: number;
  ctrlPort?: number;
  /** RTP port range, default sipPort+10 .. sipPort+59 */
  rtpPorts?: [number, number];
  answermode?: 'auto' | 'manual';
  /**
   * baresip audio_codecs. PCMU first on purpose: with opus/48000 plus
   * telephone-event/8000 (all baresip offers) Chrome sends only the 3 "end"
   * packets per digit, and baresip then reports the first digit only.
   */
  audioCodecs?: string;
  /** echo baresip's output to stderr */
  log?: boolean;
  /** baresip -v (debug output into the log file) */
  verbose?: boolean;
  /** keep an auto-created dir (log, WAV dumps) after stop(); also OFFHOOK_PBX_KEEP=1 */
  keepDir?: boolean;
}

function portFree(port: number): Promise<boolean> {
  const tcp = new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  const udp = new Promise<boolean>((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return Promise.all([tcp, udp]).then(([a, b]) => a && b);
}

/** A free block of 100 ports: base = SIP, +1 TLS, +2 ctrl_tcp, +3 dead DNS, +10.. RTP. */
async function pickBase(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 40000 + Math.floor(Math.random() * 100) * 100;
    const probes = await Promise.all([0, 1, 2, 10, 11].map((o) => portFree(base + o)));
    if (probes.every(Boolean)) return base;
  }
  throw new Error('baresip: no free port block found in 40000-49999');
}

export async function startBaresip(opts: BaresipOptions): Promise<BaresipPeer> {
  const ext = opts.extension ?? '1019';
  const pw = opts.password ?? `pw${ext}`;
  const base = opts.sipPort ?? (await pickBase());
  const sipPort = base;
  const ctrlPort = opts.ctrlPort ?? base + 2;
  const [rtpMin, rtpMax] = opts.rtpPorts ?? [base + 10, base + 59];
  const dir = opts.dir ? path.resolve(opts.dir) : fs.mkdtempSync(path.join(os.tmpdir(), `offhook-baresip-${ext}-`));
  const recDir = path.join(dir, 'rec');
  fs.mkdirSync(recDir, { recursive: true });
  const aor = `sip:${ext}@${opts.pbx.domain}`;

  fs.writeFileSync(
    path.join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'net_interface 127.0.0.1', // "lo" fails: could not get IPv4 address
      // nothing answers here, so baresip never asks the system resolver
      `dns_server 127.0.0.1:${base + 3}`,
      `rtp_ports ${rtpMin}-${rtpMax}`,
      'rtcp_mux no',
      'call_max_calls 4',
      // ausine only works at 48 kHz stereo
      `audio_source ausine,${opts.toneHz ?? 700}`,
      'ausrc_srate 48000',
      'ausrc_channels 2',
      'audio_player alsa,null',
      'audio_alert alsa,null',
      'audio_buffer 20-160',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module opus.so',
      'module ausine.so',
      'module alsa.so',
      'module sndfile.so',
      `snd_path ${recDir}`,
      'module_tmp uuid.so',
      'module_tmp account.so',
      'module_app menu.so', // provides dial/hangup/accept commands
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      'statmode_default off', // the status line floods the log otherwise
      '',
    ].join('\n'),
  );
  // The account is created over ctrl_tcp once we listen (uanew below):
  // registering at startup would fire REGISTER_OK before we can see it.
  const account =
    `<${aor}>;auth_pass=${pw};outbound="sip:127.0.0.1:${opts.pbx.udpPort};transport=udp";` +
    `answermode=${opts.answermode ?? 'auto'};audio_codecs=${opts.audioCodecs ?? 'pcmu'};regint=600;mwi=no`;
  fs.writeFileSync(path.join(dir, 'accounts'), '');
  fs.writeFileSync(path.join(dir, 'contacts'), '');

  const logFile = path.join(dir, 'baresip.log');
  const child: ChildProcess = spawnLogged('baresip', ['-f', dir, ...(opts.verbose ? ['-v'] : [])], logFile, opts.log ?? false, dir);

  const events: BaresipEvent[] = [];
  const cursors = new Map<string, number>();
  const waiters = new Set<() => void>();
  const pending = new Map<string, { resolve: (d: string) => void; reject: (e: Error) => void }>();
  let token = 0;
  let sock: net.Socket | undefined;

  const exitedEarly = () => child.exitCode !== null || child.signalCode !== null;
  const fail = (msg: string) => new Error(`baresip ${ext}: ${msg}. Log ${logFile}:\n${tail(logFile, 25)}`);

  // ctrl_tcp comes up a few ms after start
  for (let t0 = Date.now(); !sock; ) {
    if (exitedEarly()) throw fail('exited while starting');
    if (Date.now() - t0 > 5000) {
      await stopProcess(child);
      throw fail(`ctrl_tcp 127.0.0.1:${ctrlPort} not reachable`);
    }
    sock = await new Promise<net.Socket | undefined>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: ctrlPort });
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
    if (!sock) await new Promise((r) => setTimeout(r, 20));
  }

  let buf = '';
  sock.setEncoding('utf8');
  sock.on('data', (d: string) => {
    buf += d;
    for (;;) {
      const colon = buf.indexOf(':');
      if (colon < 0) return;
      const len = Number(buf.slice(0, colon));
      if (buf.length < colon + 1 + len + 1) return;
      const json = buf.slice(colon + 1, colon + 1 + len);
      buf = buf.slice(colon + 1 + len + 1); // trailing ","
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(json);
      } catch {
        continue;
      }
      if (msg.event) {
        events.push(msg as BaresipEvent);
        for (const w of [...waiters]) w();
      } else if (msg.response && typeof msg.token === 'string') {
        const p = pending.get(msg.token);
        pending.delete(msg.token);
        if (msg.ok === false) p?.reject(new Error(`baresip ${ext}: command failed: ${String(msg.data)}`));
        else p?.resolve(String(msg.data ?? ''));
      }
    }
  });
  sock.on('error', () => {});

  // several types: whichever comes first (each still consumed per type)
  const waitFor = (type: string | string[], timeoutMs = 5000): Promise<BaresipEvent> =>
    new Promise((resolve, reject) => {
      const types = Array.isArray(type) ? type : [type];
      const check = () => {
        const i = events.findIndex((e, idx) => types.includes(e.type) && idx >= (cursors.get(e.type) ?? 0));
        if (i < 0) return false;
        cursors.set(events[i]!.type, i + 1);
        waiters.delete(check);
        clearTimeout(timer);
        resolve(events[i]!);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(fail(`no ${type} event within ${timeoutMs} ms (events so far: ${events.map((e) => e.type).join(', ')})`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });

  const command = (cmd: string, params?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const tok = String(++token);
      const json = JSON.stringify({ command: cmd, params, token: tok });
      pending.set(tok, { resolve, reject });
      sock!.write(`${Buffer.byteLength(json)}:${json},`);
      setTimeout(() => {
        if (pending.delete(tok)) reject(fail(`no response to ${cmd}`));
      }, 5000);
    });

  try {
    await command('uanew', account);
    const e = await waitFor(['REGISTER_OK', 'REGISTER_FAIL']);
    if (e.type === 'REGISTER_FAIL') throw fail(`REGISTER failed: ${e.param}`);
  } catch (e) {
    sock.destroy();
    await stopProcess(child);
    throw e;
  }

  // audio.c logs every telephone-event start as "received event: 'X' (end=0)"
  // and call.c every INFO digit as "call: received DTMF: 'X'"
  const logDigits = (re: RegExp) => {
    const text = fs.readFileSync(logFile, 'utf8');
    return [...text.matchAll(re)].map((m) => m[1]).join('');
  };

  let stopping: Promise<void> | undefined;
  return {
    aor,
    dir,
    sipPort,
    ctrlPort,
    logFile,
    events,
    waitFor,
    command,
    dial: async (uri) => {
      await command('dial', uri);
    },
    hangup: async () => {
      await command('hangup');
    },
    receivedDtmf: () => logDigits(/received event: '(.)' \(end=0\)/g),
    receivedDtmfInfo: () => logDigits(/call: received DTMF: '(.)'/g),
    receivedFrequency: async () => {
      const dumps = fs
        .readdirSync(recDir)
        .filter((f) => f.endsWith('-dec.wav'))
        .map((f) => path.join(recDir, f))
        .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
      const file = dumps.at(-1);
      if (!file) throw fail(`no received-audio dump in ${recDir}`);
      // the dump is stereo: without "remix 1" sox's estimate is wrong
      const r = spawnSync('sox', [file, '-n', 'remix', '1', 'trim', '0.3', 'stat'], { encoding: 'utf8' });
      const m = /Rough\s+frequency:\s+(\d+)/.exec(r.stderr);
      if (!m) throw fail(`sox could not analyse ${file}: ${r.stderr}`);
      return Number(m[1]);
    },
    stop: () =>
      (stopping ??= (async () => {
        sock?.destroy();
        await stopProcess(child);
        if (!opts.dir && !opts.keepDir && !process.env.OFFHOOK_PBX_KEEP) fs.rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

/** SIGTERM makes baresip wait for its un-REGISTER; a second SIGTERM/SIGKILL ends it. */
async function stopProcess(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const done = new Promise<void>((r) => c.once('exit', () => r()));
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-c.pid!, sig);
    } catch {
      /* gone */
    }
  };
  kill('SIGTERM');
  const t1 = setTimeout(() => kill('SIGTERM'), 300);
  const t2 = setTimeout(() => kill('SIGKILL'), 1500);
  await done;
  clearTimeout(t1);
  clearTimeout(t2);
}
