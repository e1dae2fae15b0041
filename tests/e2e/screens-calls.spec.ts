/**
 * Screenshots of issue 5's call screens in both languages and themes: a conference with a pending
 * invitation, a video call (and its floating mini view on another screen), a transfer in
 * preparation and its outcome. Looked at by people; checked for unnamed controls.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchParties, type Parties } from './support/parties';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';
import { LOOKS, look, switchLook } from './support/look';

let parties: Parties;
let host: Page;
let b: Page;
let c: Page;
let d: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  parties = await launchParties([500, 800, 1200, 1500]);
  [host, b, c, d] = parties.pages as [Page, Page, Page, Page];
  await Promise.all([signIn(host, '1014'), signIn(b, '1015'), signIn(c, '1016'), signIn(d, '1017')]);
  await Promise.all(parties.pages.map(expectOnline));
});

test.afterAll(async () => {
  for (const p of parties.pages) await switchLook(p, 'en', 'light').catch(() => undefined);
  await parties.close();
});

test.afterEach(async () => {
  const end = host.getByRole('button', { name: /End for all|结束会议/ }).first();
  if (await end.isVisible()) await end.click();
  await switchLook(host, 'en', 'light');
  await hangUpAll(host, b, c, d);
  for (const p of parties.pages) await expect(callPanel(p)).toHaveCount(0, { timeout: 10_000 });
});

test('conference with a pending invitation', async () => {
  await dial(host, '1015');
  await b.getByRole('button', { name: 'Answer', exact: true }).click();
  await expectInCall(host);
  await callPanel(host).getByRole('button', { name: 'Add participant' }).click();
  await host.getByRole('searchbox', { name: 'Add to the conference…' }).fill('1016');
  await host.getByRole('button', { name: 'Invite', exact: true }).click();
  await c.getByRole('button', { name: 'Answer', exact: true }).click();
  const conference = host.getByRole('region', { name: 'Conference' });
  await conference.getByRole('button', { name: 'Add participant' }).click();
  await host.getByRole('searchbox', { name: 'Add to the conference…' }).fill('1017');
  await host.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(conference.getByRole('listitem').filter({ hasText: '1017' })).toContainText('Ringing');
  await conference.getByRole('button', { name: 'Mute 1016' }).click();
  for (const [lang, theme] of LOOKS) {
    await switchLook(host, lang, theme);
    await look(host, `conference.${lang}.${theme}`);
  }
});

test('video call, full view and the floating mini view', async () => {
  await host.getByRole('searchbox', { name: 'Search or dial' }).fill('1015');
  await host.getByRole('button', { name: 'Video call', exact: true }).click();
  await expect(b.getByRole('alertdialog')).toBeVisible();
  await look(b, 'incoming-video.en.light');
  await b.getByRole('button', { name: 'Answer with video' }).click();
  await expectInCall(host);
  await expect(host.locator('video.remote-video')).toBeVisible({ timeout: 10_000 });
  await host.waitForTimeout(1000);
  for (const [lang, theme] of LOOKS) {
    await switchLook(host, lang, theme);
    await look(host, `video-call.${lang}.${theme}`);
  }
  await switchLook(host, 'en', 'light', 'history');
  await expect(host.getByRole('complementary', { name: 'Video call with 1015' })).toBeVisible();
  await look(host, 'video-mini.en.light');
  await host.getByRole('link', { name: 'Back to the call' }).click();
  await expect(host.getByRole('complementary')).toHaveCount(0);
});

test('transfer in preparation, and a failed transfer', async () => {
  await dial(host, '1015');
  await b.getByRole('button', { name: 'Answer', exact: true }).click();
  await expectInCall(host);
  await callPanel(host).getByRole('button', { name: 'Transfer', exact: true }).click();
  await host.getByRole('searchbox', { name: /Transfer 1015 to/ }).fill('1016');
  for (const [lang, theme] of LOOKS) {
    await switchLook(host, lang, theme);
    await look(host, `transfer-target.${lang}.${theme}`);
  }
  await switchLook(host, 'en', 'light');
  await host.getByRole('button', { name: 'Transfer now' }).click();
  await c.getByRole('button', { name: 'Decline', exact: true }).click();
  await expect(host.getByTestId('transfer-status')).toContainText('failed');
  await look(host, 'transfer-failed.en.light');
});
