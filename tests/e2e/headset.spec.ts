/**
 * J8 in the web build: a USB headset (the Jabra EVOLVE LINK MS's real descriptor, seen through a
 * stand-in for WebHID) answers, mutes, survives an unplug mid-call with its lights resynced, hangs
 * up and rejects real calls through Kamailio.
 *
 * Jabra (worked out in tests/unit/src-main/headset): input report 2 — hook switch bit 0, phone mute
 * bit 2, reject bit 6; output report 2 — off-hook bit 0, mute bit 1, ring bit 2, microphone bit 4, ringer bit 5.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { parseReportDescriptor } from '../../src-main/headset/core/descriptor-parser';
import { asWebHid } from '../unit/src-main/headset/webhid-view';
import { loadFixture } from '../unit/src-main/headset/fixtures';
import { launchParty } from './support/browser';
import { expectHears } from './support/audio';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, screenshotTall, signIn, callStatus } from './support/app';
import { ARTIFACTS } from './support/env';
import { installFakeHid, lastLights, pressHeadset } from './support/fake-webhid';

const parsed = parseReportDescriptor(loadFixture('jabra-evolve-link-ms'));
const INPUT_BYTES = parsed.reports.find((r) => r.reportType === 'input' && r.reportId === 2)!.byteLength;
const HOOK = 0x01;
const MUTE_BUTTON = 0x04;
const REJECT = 0x40;
const LED = { offHook: 0x01, mute: 0x02, ring: 0x04, microphone: 0x10, ringer: 0x20 };
const report = (byte0: number): number[] => [byte0, ...new Array(INPUT_BYTES - 1).fill(0)];
const lights = async (page: Page): Promise<number> => (await lastLights(page, 2))?.[0] ?? 0;

let browsers: Browser[] = [];
let desk: Page; // 1014, wearing the headset
let far: Page; // 1015

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const parties = await Promise.all([launchParty(500), launchParty(800)]);
  browsers = parties.map((p) => p.browser);
  [desk, far] = parties.map((p) => p.page) as [Page, Page];
  await desk.addInitScript(installFakeHid, { vendorId: 0x0b0e, productId: 0x2e56, productName: 'Jabra EVOLVE LINK MS', collections: asWebHid(parsed) });
  await Promise.all([signIn(desk, '1014'), signIn(far, '1015')]);
  await Promise.all([expectOnline(desk), expectOnline(far)]);
});

test.afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

test('settings show the headset in use and what it can do', async () => {
  await desk.getByRole('link', { name: 'Settings' }).click();
  await expect(desk.getByTestId('headset-capabilities')).toContainText('Jabra EVOLVE LINK MS');
  await expect(desk.getByTestId('headset-capabilities')).toContainText('answer / hang up, mute, flash (hold, swap), redial, reject');
  await expect(desk.getByTestId('headset-capabilities')).toContainText('off-hook, mute, ring, hold, microphone, ringer');
  await screenshotTall(desk, `${ARTIFACTS}/screens/settings-headset.en.light.png`);
  await desk.getByRole('link', { name: 'Phone' }).click();
});

test('ringing lights the headset; lifting the hook answers; the mute button mutes', async () => {
  await desk.waitForTimeout(400); // the state machine takes the first reports after plug-in as a baseline
  await dial(far, '1014');
  await expect(desk.getByRole('alertdialog')).toBeVisible();
  await expect.poll(() => lights(desk)).toBe(LED.ring | LED.ringer);

  await pressHeadset(desk, 2, report(HOOK));
  await expectInCall(desk);
  await expect.poll(() => lights(desk)).toBe(LED.offHook);
  await expectHears(desk, 800);
  await expectHears(far, 500);

  await pressHeadset(desk, 2, report(HOOK | MUTE_BUTTON));
  await pressHeadset(desk, 2, report(HOOK));
  await expect(desk.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await expect.poll(() => lights(desk)).toBe(LED.offHook | LED.mute | LED.microphone);
});

test('unplugged mid-call the call goes on; plugged back in, the lights come back', async () => {
  await desk.evaluate(() => (window as unknown as { __hid: { unplug(): void } }).__hid.unplug());
  await desk.waitForTimeout(300);
  await expectInCall(desk);
  await expectHears(desk, 800);
  const before = await desk.evaluate(() => (window as unknown as { __hid: { sent: unknown[] } }).__hid.sent.length);
  await desk.evaluate(() => (window as unknown as { __hid: { plug(): void } }).__hid.plug());
  await expect.poll(() => desk.evaluate(() => (window as unknown as { __hid: { sent: unknown[] } }).__hid.sent.length)).toBeGreaterThan(before);
  expect(await lights(desk)).toBe(LED.offHook | LED.mute | LED.microphone);
});

test('putting the hook down hangs up', async () => {
  await desk.waitForTimeout(400);
  await pressHeadset(desk, 2, report(0));
  await expect(callStatus(far)).toHaveText('Call ended');
  await expect.poll(() => lights(desk)).toBe(0);
});

test('the reject button declines a ringing call; a button while idle does nothing', async () => {
  await pressHeadset(desk, 2, report(MUTE_BUTTON));
  await pressHeadset(desk, 2, report(0));
  await desk.waitForTimeout(300);
  await expect(callPanel(desk)).toHaveCount(0, { timeout: 6000 });
  await dial(far, '1014');
  await expect(desk.getByRole('alertdialog')).toBeVisible();
  await pressHeadset(desk, 2, report(REJECT));
  await pressHeadset(desk, 2, report(0));
  await expect(callStatus(far)).toHaveText('Declined.');
  await hangUpAll(desk, far);
});
