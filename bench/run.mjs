#!/usr/bin/env node
/**
 * `npm run bench -- NAME` runs bench/NAME.ts. Benchmarks that make calls need the SIP server and
 * Chromium (installed first) and run, like the tests, in a loopback-only network namespace when
 * we are root, so that nothing they send can leave the machine.
 */
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const name = process.argv[2];
const available = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${available.join(', ')})`);
  process.exit(2);
}
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['tsx', 'tests/e2e/support/prepare.ts']);
run('npx', ['vite', 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'error']);
const script = ['tsx', `bench/${name}.ts`, ...process.argv.slice(3)];
const isolate = process.getuid?.() === 0 && !process.env.OFFHOOK_NO_NETNS && spawnSync('unshare', ['--net', 'true']).status === 0;
if (isolate) run('unshare', ['--net', 'sh', '-c', `ip link set lo up && exec npx ${script.map((a) => `'${a}'`).join(' ')}`]);
else run('npx', script);
if (!existsSync('out/renderer/index.html')) process.exit(1);
