#!/usr/bin/env node
/**
 * `npm test`: type checks, unit tests, then the end-to-end tests against a fresh build.
 *
 * The end-to-end tests make real WebRTC calls. Where we are root and `unshare` exists, they run in
 * a private network namespace that has nothing but loopback, so no media or SIP can leave the
 * machine and Chromium only ever gathers 127.0.0.1 candidates. Elsewhere they run as they are.
 */
import { spawnSync } from 'node:child_process';

const step = (title, cmd, args, opts = {}) => {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  console.log(`  ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const only = process.argv[2]; // 'unit' | 'e2e' | undefined (everything)

if (!only || only === 'unit') {
  step('type check (main, preload, tests)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('type check (renderer)', 'npx', ['vue-tsc', '--noEmit', '-p', 'src-renderer/tsconfig.json']);
  step('unit tests', 'npx', ['vitest', 'run', '--config', 'tests/vitest.config.ts']);
}

if (!only || only === 'e2e') {
  step('tools for the SIP tests (Kamailio, Chromium, sox)', 'npx', ['tsx', 'tests/e2e/support/prepare.ts']);
  step('build the web app', 'npx', ['vite', 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn']);
  const playwright = ['playwright', 'test', '--config', 'tests/playwright.config.ts', ...process.argv.slice(3)];
  const canIsolate =
    process.getuid?.() === 0 &&
    !process.env.OFFHOOK_NO_NETNS &&
    spawnSync('unshare', ['--net', 'true']).status === 0;
  /** Runs a command in a fresh loopback-only network namespace where we can. */
  const isolated = (title, args) =>
    canIsolate
      ? step(`${title} (loopback-only network namespace)`, 'unshare', [
          '--net',
          'sh',
          '-c',
          `ip link set lo up && exec npx ${args.map((a) => `'${a}'`).join(' ')}`,
        ])
      : step(title, 'npx', args);
  if (process.argv.length <= 3) {
    isolated('SIP server checks', ['tsx', 'tests/pbx/selftest/basic.ts', '--rtpengine']);
    isolated('SIP server checks with a plain SIP phone', ['tsx', 'tests/pbx/selftest/baresip.ts']);
  }
  isolated('end-to-end tests', playwright);
}
