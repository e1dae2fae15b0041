/**
 * ICE gathering must never stall call set-up: with a STUN and a TURN server configured that never
 * answer (a UDP socket that swallows everything), a call still connects in under a second and
 * carries audio. JsSIP's stock behaviour waits ~40 s for gathering here.
 */
import { createSocket, type Socket } from 'node:dgram';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { launchParty } from './support/browser';
import { expectHears } from './support/audio';
import { expectInCall, expectOnline, hangUpAll, signIn } from './support/app';
import { autoAnswerInPage, placeCallTimed } from './support/timing';

let blackHole: Socket;
let browsers: Browser[] = [];
let caller: Page;
let callee: Page;
const BLACK_HOLE_PORT = 15478;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  blackHole = createSocket('udp4');
  blackHole.on('message', () => undefined); // read and never answer
  await new Promise<void>((r) => blackHole.bind(BLACK_HOLE_PORT, '127.0.0.1', r));
  const parties = await Promise.all([launchParty(500), launchParty(800)]);
  browsers = parties.map((p) => p.browser);
  [caller, callee] = parties.map((p) => p.page) as [Page, Page];
  for (const p of [caller, callee]) await p.context().addInitScript('window.__name = (f) => f');
});

test.afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  blackHole.close();
});

test('unreachable STUN and TURN servers do not hold up a call', async () => {
  await Promise.all([signIn(caller, '1004'), signIn(callee, '1005')]);
  await Promise.all([expectOnline(caller), expectOnline(callee)]);
  await caller.getByRole('link', { name: 'Settings' }).click();
  await caller.getByLabel('STUN/TURN servers').fill(`stun:127.0.0.1:${BLACK_HOLE_PORT}\nturn:127.0.0.1:${BLACK_HOLE_PORT} user secret`);
  await caller.getByRole('button', { name: 'Save servers' }).click();
  await expect(caller.getByText('Saved.', { exact: true })).toBeVisible();
  await caller.reload(); // the page must get `window.__name` for the timing helper
  await expectOnline(caller);

  await callee.reload();
  await expectOnline(callee);
  await callee.evaluate(autoAnswerInPage);
  const ms = await caller.evaluate(placeCallTimed, '1005');
  await expectInCall(callee);
  console.log(`call set-up with unreachable STUN/TURN: ${Math.round(ms)} ms`);
  expect(ms).toBeLessThan(1000);
  await expectHears(callee, 500);
  await expectHears(caller, 800);
  await hangUpAll(caller);
});

test('a garbage STUN/TURN line gets a clear message and is not saved', async () => {
  await caller.getByRole('link', { name: 'Settings' }).click();
  await caller.getByLabel('STUN/TURN servers').fill('http://example.com\nturn:127.0.0.1:3478');
  await caller.getByRole('button', { name: 'Save servers' }).click();
  await expect(caller.getByRole('alert')).toHaveText('Line 1 is not a STUN or TURN server: http://example.com');
  await caller.reload();
  await caller.getByRole('link', { name: 'Settings' }).click();
  await expect(caller.getByLabel('STUN/TURN servers')).toHaveValue(`stun:127.0.0.1:${BLACK_HOLE_PORT}\nturn:127.0.0.1:${BLACK_HOLE_PORT} user secret`);
});
