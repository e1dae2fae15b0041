/**
 * A test company directory: Debian's OpenLDAP (slapd) on 127.0.0.1, run as the current user from a
 * temporary config (slapd.conf) and an mdb database loaded with slapadd from ldap-seed.ts.
 * The server's size limit for ordinary binds is 500 entries, so reading all 520 people needs the
 * paged results control (as with Active Directory's 1000).
 *
 *   const ldap = await startLdap();   // ~100 ms after the first slapadd
 *   ldap.url                          // ldap://127.0.0.1:3389
 *   await ldap.stop();
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLogged, stopChild, tail, tcpAccepts } from './pbx';
import { LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD, LDAP_SUFFIX, seedLdif } from './ldap-seed';

export * from './ldap-seed';

export const LDAP_PACKAGES = ['slapd', 'ldap-utils'];

export interface Ldap {
  url: string;
  port: number;
  runDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface LdapOptions {
  port?: number;
  log?: boolean;
}

const SCHEMAS = ['core', 'cosine', 'inetorgperson'].map((n) => `/etc/ldap/schema/${n}.schema`);

/** Installs slapd with apt when we are root and it is missing (Debian must not start its own daemon). */
export function ensureSlapd(): void {
  if (fs.existsSync('/usr/sbin/slapd') && fs.existsSync('/usr/sbin/slapadd')) return;
  const cmd = `apt-get install -y --no-install-recommends ${LDAP_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) throw new Error(`test LDAP: slapd is missing. Install it as root: apt-get update && ${cmd}`);
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !fs.existsSync(policy);
  if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...LDAP_PACKAGES]]) {
      const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
      if (r.status !== 0) throw new Error(`test LDAP: apt-get ${args.join(' ')} failed (exit ${r.status})`);
    }
  } finally {
    if (ownPolicy) fs.rmSync(policy, { force: true });
  }
}

function slapdConf(runDir: string): string {
  return [
    ...SCHEMAS.map((s) => `include ${s}`),
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${path.join(runDir, 'slapd.pid')}`,
    `argsfile ${path.join(runDir, 'slapd.args')}`,
    // Ordinary binds get 500 entries per search; with paging the total is unlimited.
    'sizelimit size.soft=500 size.hard=500 size.prtotal=unlimited',
    'database mdb',
    'maxsize 268435456',
    `suffix "${LDAP_SUFFIX}"`,
    `rootdn "${LDAP_ADMIN_DN}"`,
    `rootpw ${LDAP_ADMIN_PASSWORD}`,
    `directory ${path.join(runDir, 'data')}`,
    'index objectClass eq',
    'index cn,sn,givenName,mail,telephoneNumber,mobile eq,sub',
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
}

export async function startLdap(opts: LdapOptions = {}): Promise<Ldap> {
  ensureSlapd();
  const port = opts.port ?? 3389;
  if (await tcpAccepts(port)) throw new Error(`test LDAP: port tcp/127.0.0.1:${port} is not free`);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offhook-ldap-'));
  fs.mkdirSync(path.join(runDir, 'data'));
  const conf = path.join(runDir, 'slapd.conf');
  fs.writeFileSync(conf, slapdConf(runDir));
  const ldif = path.join(runDir, 'seed.ldif');
  fs.writeFileSync(ldif, seedLdif());
  // Offline load: much faster than ldapadd, and the server starts with everything in place.
  const add = spawnSync('slapadd', ['-q', '-f', conf, '-l', ldif], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`test LDAP: slapadd failed: ${add.stderr || add.error}`);

  const logFile = path.join(runDir, 'slapd.log');
  const url = `ldap://127.0.0.1:${port}`;
  // -d 0: stay in the foreground (so the process group can be stopped) without debug output.
  const child = spawnLogged('slapd', ['-f', conf, '-h', `${url}/`, '-d', opts.log ? 'stats' : '0'], logFile, opts.log ?? false);
  const deadline = Date.now() + 10_000;
  while (!(await tcpAccepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      fs.rmSync(runDir, { recursive: true, force: true });
      throw new Error(`test LDAP: slapd exited (${child.exitCode ?? child.signalCode}) while starting:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`test LDAP: slapd not ready after 10 s:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    runDir,
    logFile,
    stop: () =>
      (stopping ??= (async () => {
        await stopChild(child);
        if (!process.env.OFFHOOK_PBX_KEEP) fs.rmSync(runDir, { recursive: true, force: true });
      })()),
  };
}
