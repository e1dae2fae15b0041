/**
 * Local test PBX: Kamailio (SIP over ws:// + UDP) and optionally rtpengine,
 * all on 127.0.0.1. Module for tests/benchmarks and CLI (`npm run pbx`).
 * Background and pitfalls: /work/shared/research/sip-test-stack.md
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PbxOptions {
  wsPort?: number;
  udpPort?: number;
  runDir?: string;
  rtpengine?: boolean;
  rtpPortMin?: number;
  rtpPortMax?: number;
  ngPort?: number;
  log?: boolean;
  /**
   * Kamailio's shared memory in MB (default 64). Hundreds of presence subscriptions at once (the
   * presence bench: 1000 SUBSCRIBEs, their NOTIFYs and the transactions behind them) need more.
   */
  shmMb?: number;
  /** keep an auto-created run dir (logs) after stop(); also OFFHOOK_PBX_KEEP=1. A given runDir is always kept. */
  keepRunDir?: boolean;
}

export interface Pbx {
  wsUrl: string;
  udpPort: number;
  domain: string;
  stop(): Promise<void>;
  logFile: string;
  /** extras, not needed by most callers */
  wsPort: number;
  runDir: string;
  rtpengine: boolean;
  /** ms from spawning Kamailio until it answered OPTIONS and the WS port accepted */
  startMs: number;
}

export const DOMAIN = '127.0.0.1';
export const ACCOUNTS = Array.from({ length: 20 }, (_, i) => {
  const user = String(1001 + i);
  return { user, password: `pw${user}` };
});

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CFG = path.join(HERE, 'kamailio.cfg');
const SCHEMAS = ['standard', 'presence', 'msilo'].map((n) => `/usr/share/kamailio/db_sqlite/${n}-create.sql`);

const BASE_PKGS = ['kamailio', 'kamailio-websocket-modules', 'kamailio-presence-modules', 'kamailio-sqlite-modules', 'sqlite3'];
const RTPENGINE_PKGS = ['rtpengine-daemon']; // not the metapackage: that pulls in DKMS
const PEER_PKGS = ['baresip', 'sip-tester', 'sox'];

let aptUpdated = false;

function missingPackages(pkgs: string[]): string[] {
  return pkgs.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

export async function ensurePackages(opts: { rtpengine?: boolean; peers?: boolean } = {}): Promise<void> {
  const wanted = [...BASE_PKGS, ...(opts.rtpengine ? RTPENGINE_PKGS : []), ...(opts.peers ? PEER_PKGS : [])];
  const missing = missingPackages(wanted);
  if (missing.length === 0) return;
  const cmd = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`test PBX: missing Debian packages: ${missing.join(' ')}\nInstall them as root: apt-get update && ${cmd}`);
  }
  // Debian's init scripts would otherwise start kamailio/rtpengine daemons on
  // their default ports (5060, ...) right after install.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !fs.existsSync(policy);
  if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args: string[]) => {
      const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
      if (r.status !== 0) throw new Error(`test PBX: apt-get ${args.join(' ')} failed (exit ${r.status})`);
    };
    if (!aptUpdated) {
      run(['update']);
      aptUpdated = true;
    }
    run(['install', '-y', '--no-install-recommends', ...missing]);
  } finally {
    if (ownPolicy) fs.rmSync(policy, { force: true });
  }
}

// ---------- process bookkeeping ----------

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Children run in their own process group (detached) so Kamailio's forked
  // workers die with it; kill whole groups.
  process.on('exit', () => {
    for (const c of live) killGroup(c, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      for (const c of live) killGroup(c, 'SIGTERM');
      // only take over termination if nobody else (e.g. a test runner) listens
      if (process.listeners(sig).length === 1) process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.on(sig, handler);
  }
}

function killGroup(c: ChildProcess, sig: NodeJS.Signals): void {
  if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
  try {
    process.kill(-c.pid, sig);
  } catch {
    try {
      c.kill(sig);
    } catch {
      /* already gone */
    }
  }
}

function exited(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => c.once('exit', () => resolve()));
}

export async function stopChild(c: ChildProcess, graceMs = 3000): Promise<void> {
  killGroup(c, 'SIGTERM');
  const timer = setTimeout(() => killGroup(c, 'SIGKILL'), graceMs);
  await exited(c);
  clearTimeout(timer);
  // workers that outlived their main process
  try {
    if (c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
  } catch {
    /* group already empty */
  }
  live.delete(c);
}

export function spawnLogged(cmd: string, args: string[], logFile: string, echo: boolean, cwd?: string): ChildProcess {
  installExitHooks();
  const out = fs.openSync(logFile, 'a');
  const c = spawn(cmd, args, {
    cwd,
    detached: true,
    stdio: ['ignore', echo ? 'pipe' : out, echo ? 'pipe' : out],
  });
  if (echo) {
    const sink = fs.createWriteStream('', { fd: out });
    for (const s of [c.stdout, c.stderr]) {
      s?.on('data', (d: Buffer) => {
        sink.write(d);
        process.stderr.write(d);
      });
    }
  } else {
    fs.closeSync(out);
  }
  live.add(c);
  c.once('exit', () => live.delete(c));
  // If this Node process is SIGKILLed no exit hook runs: a tiny watchdog then
  // kills the group, so no Kamailio stays behind holding the ports.
  if (c.pid !== undefined) {
    const wd = spawn(
      'bash', // dash's kill cannot address a process group
      ['-c', 'while kill -0 "$0" 2>/dev/null && kill -0 -- "-$1" 2>/dev/null; do sleep 0.5; done; kill -KILL -- "-$1" 2>/dev/null', String(process.pid), String(c.pid)],
      { detached: true, stdio: 'ignore' },
    );
    wd.unref();
  }
  return c;
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------- readiness probes ----------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One UDP request from a fresh socket on 127.0.0.1; resolves whether the first answer passes
 * `ok`, or false on error or time-out.
 */
function udpAsk(port: number, timeoutMs: number, request: (localPort: number) => string, ok: (answer: string) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    const done = (result: boolean) => {
      clearTimeout(timer);
      sock.close();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('error', () => done(false));
    sock.on('message', (m) => done(ok(m.toString())));
    sock.bind(0, '127.0.0.1', () => sock.send(request(sock.address().port), port, '127.0.0.1'));
  });
}

/** One OPTIONS to the PBX itself over UDP; resolves true on a 200. */
export function sipOptionsOk(port: number, timeoutMs = 200): Promise<boolean> {
  const id = Math.random().toString(36).slice(2);
  return udpAsk(
    port,
    timeoutMs,
    (lport) =>
      `OPTIONS sip:127.0.0.1:${port} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP 127.0.0.1:${lport};branch=z9hG4bK${id};rport\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=${id}\r\nTo: <sip:127.0.0.1:${port}>\r\n` +
      `Call-ID: ${id}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    (answer) => /^SIP\/2\.0 200 /.test(answer),
  );
}

/** Refuses early and clearly: a probe would otherwise be answered by whoever holds the port. */
async function assertFree(port: number, proto: 'udp' | 'tcp', what: string): Promise<void> {
  const err = await new Promise<Error | undefined>((resolve) => {
    if (proto === 'udp') {
      const s = dgram.createSocket('udp4');
      s.once('error', (e) => resolve(e));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(undefined)));
    } else {
      const s = net.createServer();
      s.once('error', (e) => resolve(e));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(undefined)));
    }
  });
  if (err) throw new Error(`test PBX: ${what} port ${proto}/127.0.0.1:${port} is not free (${(err as NodeJS.ErrnoException).code ?? err.message})`);
}

export function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** rtpengine ng protocol (bencode over UDP): "ping" -> "pong". */
export function ngPing(port: number, timeoutMs = 200): Promise<boolean> {
  return udpAsk(port, timeoutMs, () => 'c1 d7:command4:pinge', (answer) => answer.includes('pong'));
}

async function waitUntil(what: string, child: ChildProcess, logFile: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`test PBX: ${what} exited (${child.exitCode ?? child.signalCode}) while starting. Log ${logFile}:\n${tail(logFile)}`);
    }
    if (await probe()) return;
    await sleep(5);
  }
  throw new Error(`test PBX: ${what} not ready after ${timeoutMs} ms. Log ${logFile}:\n${tail(logFile)}`);
}

// ---------- start / stop ----------

export async function startPbx(opts: PbxOptions = {}): Promise<Pbx> {
  const wsPort = opts.wsPort ?? 5066;
  const udpPort = opts.udpPort ?? 5060;
  const ngPort = opts.ngPort ?? 2223;
  const rtpMin = opts.rtpPortMin ?? 20000;
  const rtpMax = opts.rtpPortMax ?? 20999;
  const echo = opts.log ?? false;

  let runDir: string;
  if (opts.runDir) {
    runDir = path.resolve(opts.runDir);
    fs.mkdirSync(runDir, { recursive: true });
  } else {
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offhook-pbx-'));
  }
  if (runDir.includes('!')) throw new Error(`test PBX: run dir may not contain "!": ${runDir}`);

  // fresh DB every start: msilo's silo table is the only thing really stored
  const db = path.join(runDir, 'pbx.sqlite');
  fs.rmSync(db, { force: true });
  const sql = SCHEMAS.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const r = spawnSync('sqlite3', [db], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`test PBX: sqlite3 failed: ${r.stderr || r.error}`);

  await assertFree(udpPort, 'udp', 'SIP UDP');
  await assertFree(wsPort, 'tcp', 'WebSocket');
  if (opts.rtpengine) await assertFree(ngPort, 'udp', 'rtpengine ng');

  const children: ChildProcess[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
  };

  try {
    if (opts.rtpengine) {
      const rlog = path.join(runDir, 'rtpengine.log');
      const rtpe = spawnLogged(
        'rtpengine',
        [
          '--config-file=none',
          '--table=-1', // userspace only, no kernel module
          '--interface=127.0.0.1',
          `--listen-ng=127.0.0.1:${ngPort}`,
          `--port-min=${rtpMin}`,
          `--port-max=${rtpMax}`,
          '--foreground',
          '--log-stderr',
          `--pidfile=${path.join(runDir, 'rtpengine.pid')}`,
        ],
        rlog,
        echo,
      );
      children.push(rtpe);
      await waitUntil('rtpengine', rtpe, rlog, 10000, () => ngPing(ngPort, 25));
    }

    const logFile = path.join(runDir, 'kamailio.log');
    const args = [
      '-f', CFG, '-DD', '-E', '-m', String(opts.shmMb ?? 64), '-M', '8', '-Y', runDir, '-w', runDir,
      `--substdef=!PBX_UDP_PORT!${udpPort}!g`,
      `--substdef=!PBX_WS_PORT!${wsPort}!g`,
      `--substdef=!PBX_NG_PORT!${ngPort}!g`,
      `--substdef=!PBX_DB_URL!sqlite:///${db}!g`, // 3 slashes + "/abs" = 4 = absolute; 3 would be relative
    ];
    if (opts.rtpengine) args.push('-A', 'WITH_RTPENGINE');
    const t0 = performance.now();
    const kam = spawnLogged('kamailio', args, logFile, echo, runDir);
    children.push(kam);
    // TCP first: refused instantly while Kamailio is still starting
    await waitUntil('Kamailio', kam, logFile, 10000, async () => (await tcpAccepts(wsPort)) && (await sipOptionsOk(udpPort, 50)));
    const startMs = Math.round(performance.now() - t0);

    const readyAt = performance.now();
    let stopping: Promise<void> | undefined;
    const stop = async () => {
      // Kamailio workers that get SIGTERM within a few ms of readiness can
      // ignore it (seen 1 in 5 when stopping right away) and cost the 3 s
      // SIGKILL grace; 150 ms after readiness it never happened in 45 runs.
      const young = 150 - (performance.now() - readyAt);
      if (young > 0) await sleep(young);
      await stopAll();
      if (!opts.runDir && !opts.keepRunDir && !process.env.OFFHOOK_PBX_KEEP) fs.rmSync(runDir, { recursive: true, force: true });
    };
    return {
      wsUrl: `ws://127.0.0.1:${wsPort}`,
      wsPort,
      udpPort,
      domain: DOMAIN,
      logFile,
      runDir,
      rtpengine: !!opts.rtpengine,
      startMs,
      stop: () => (stopping ??= stop()),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

// ---------- CLI ----------

function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return fs.realpathSync(arg) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const num = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const rtpengine = argv.includes('--rtpengine');
  await ensurePackages({ rtpengine });
  const pbx = await startPbx({
    rtpengine,
    log: argv.includes('--log'),
    wsPort: num('--ws-port'),
    udpPort: num('--udp-port'),
    ngPort: num('--ng-port'),
  });
  // The company directory too (B1/C1): OpenLDAP with 520 people, 1001-1020 among them.
  const { startLdap, LDAP_READER_DN, LDAP_READER_PASSWORD, LDAP_PEOPLE_BASE } = await import('./ldap');
  const ldap = argv.includes('--no-ldap') ? null : await startLdap({ port: num('--ldap-port') });
  const accounts = `${ACCOUNTS[0]!.user}-${ACCOUNTS.at(-1)!.user}, password "pw" + extension (e.g. 1001 / pw1001)`;
  console.log(
    [
      `Offhook test PBX ready in ${pbx.startMs} ms${pbx.rtpengine ? ' (with rtpengine)' : ''}`,
      `  WebSocket: ${pbx.wsUrl}`,
      `  UDP:       sip:127.0.0.1:${pbx.udpPort}`,
      `  Domain:    ${pbx.domain}   (URIs like sip:1001@${pbx.domain})`,
      `  Accounts:  ${accounts}`,
      `  Log:       ${pbx.logFile}`,
      ...(ldap ? [`  LDAP:      ${ldap.url}  bind ${LDAP_READER_DN} / ${LDAP_READER_PASSWORD}, base ${LDAP_PEOPLE_BASE}`] : []),
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    const t0 = performance.now();
    await Promise.all([pbx.stop(), ldap?.stop()]);
    console.log(`stopped in ${Math.round(performance.now() - t0)} ms`);
    process.exit(0);
  };
  // registered after startPbx's hooks, so those defer to this one
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (isMain()) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
