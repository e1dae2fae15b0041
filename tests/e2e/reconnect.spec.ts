/**
 * A server that drops: when the PBX goes away the status says so, and when it comes back Offhook
 * registers again by itself, and calls work. This spec runs its own PBX so it can stop it.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startPbx, type Pbx } from '../pbx/pbx';
import { launchParty } from './support/browser';
import { APP_URL } from './support/env';

const WS_PORT = 15266;
const UDP_PORT = 15260;
let pbx: Pbx | null = null;
let browser: Browser;
let page: Page;

const start = () => startPbx({ wsPort: WS_PORT, udpPort: UDP_PORT, rtpengine: false });

test.beforeAll(async () => {
  pbx = await start();
  ({ browser, page } = await launchParty(500));
});

test.afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
});

test('registration comes back on its own after the server restarts', async () => {
  await page.goto(APP_URL);
  await page.getByLabel('Server').fill(`ws://127.0.0.1:${WS_PORT}`);
  await page.getByLabel('Extension').fill('1009');
  await page.getByLabel('Password', { exact: true }).fill('pw1009');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const status = page.locator('.reg');
  await expect(status).toHaveAttribute('data-state', 'registered');

  await pbx!.stop();
  pbx = null;
  await expect(status).toHaveAttribute('data-state', 'connecting');
  await expect(status).toContainText('Cannot reach the server');

  pbx = await start();
  // JsSIP retries the WebSocket with back-off (2 s at first); REGISTER follows the reconnect.
  await expect(status).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await expect(status).toContainText('Online');
});
