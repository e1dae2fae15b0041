/**
 * Video fall-back (F2): a video call to a phone that has no video. baresip (audio-only, no video
 * module) answers the INVITE with the video m-line rejected (port 0); Offhook must keep the call,
 * tell the user it goes on as audio, and the audio must flow both ways.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { BaresipPeer } from '../pbx/peers/baresip';
import { startTestBaresip } from './support/baresip';
import { launchParty } from './support/browser';
import { expectHears } from './support/audio';
import { callPanel, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';

const BARESIP_HZ = 700;
const OFFHOOK_HZ = 500;
let browser: Browser;
let page: Page;
let phone: BaresipPeer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  phone = await startTestBaresip('1020', BARESIP_HZ);
  ({ browser, page } = await launchParty(OFFHOOK_HZ));
});

test.afterAll(async () => {
  await browser?.close();
  await phone?.stop();
});

test('a video call to an audio-only phone goes on as audio, and says so', async () => {
  await signIn(page, '1016');
  await expectOnline(page);
  await page.getByRole('searchbox', { name: 'Search or dial' }).fill('1020');
  await page.getByRole('button', { name: 'Video call', exact: true }).click(); // baresip answers by itself
  await expectInCall(page);
  await expect(callPanel(page).getByText('The other side has no video: the call continues with audio.')).toBeVisible();
  // The camera is off again: no preview, and nothing offers to stop a video that is not sent.
  await expect(page.getByLabel('Your camera')).toBeHidden();
  await expect(callPanel(page).getByRole('button', { name: 'Stop video' })).toHaveCount(0);
  await expectHears(page, BARESIP_HZ);
  await expectInCall(page); // the fall-back did not end the call
  await hangUpAll(page);
  const heard = await phone.receivedFrequency();
  expect(Math.abs(heard - OFFHOOK_HZ)).toBeLessThan(OFFHOOK_HZ * 0.05);
});
