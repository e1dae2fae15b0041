import { defineConfig } from '@playwright/test';
import { APP_PORT } from './e2e/support/env';

/**
 * End-to-end tests: the web build in Debian's Chromium, through a real Kamailio, with fake
 * microphones that play a distinct tone per party. `npm test` runs these inside a private
 * loopback-only network namespace where it can (tests/run.mjs).
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: './.artifacts/results',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  webServer: {
    command: `npx vite preview --config src-renderer/vite.config.ts --port ${APP_PORT} --strictPort`,
    cwd: '..',
    url: `http://127.0.0.1:${APP_PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
  },
});
