/**
 * Issue 5: video calls between two Offhook clients through Kamailio, with Chromium's fake camera.
 * A remote `<video>` counts as working when it decodes frames (the count grows) of a real size.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchParties, type Parties } from './support/parties';
import { expectTones } from './support/spectrum';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn } from './support/app';

let parties: Parties;
let a: Page; // 1012
let b: Page; // 1013

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  parties = await launchParties([600, 900]);
  [a, b] = parties.pages as [Page, Page];
  await Promise.all([signIn(a, '1012'), signIn(b, '1013')]);
  await Promise.all([expectOnline(a), expectOnline(b)]);
});

test.afterAll(async () => {
  await parties.close();
});

test.afterEach(async () => {
  await hangUpAll(a, b);
  for (const p of [a, b]) await expect(callPanel(p)).toHaveCount(0, { timeout: 8000 });
});

/** Frames decoded by the remote video, its size, measured twice a second apart. */
async function remoteVideo(page: Page): Promise<{ framesBefore: number; framesAfter: number; width: number; height: number }> {
  return page.evaluate(async () => {
    const video = document.querySelector<HTMLVideoElement>('video.remote-video');
    if (!video) return { framesBefore: 0, framesAfter: 0, width: 0, height: 0 };
    const framesBefore = video.getVideoPlaybackQuality().totalVideoFrames;
    await new Promise((r) => setTimeout(r, 1000));
    return { framesBefore, framesAfter: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth, height: video.videoHeight };
  });
}

async function expectVideoFlowing(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const v = await remoteVideo(page);
      return v.framesAfter > v.framesBefore && v.width > 0 && v.height > 0;
    }, { timeout: 15_000 })
    .toBe(true);
}

test('a video call: both sides decode the other camera, with a local preview', async () => {
  await a.getByRole('searchbox', { name: 'Search or dial' }).fill('1013');
  await a.getByRole('button', { name: 'Video call', exact: true }).click();
  await expect(b.getByRole('alertdialog', { name: 'Incoming call from 1012' })).toContainText('Video call');
  await b.getByRole('button', { name: 'Answer with video' }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  await expectVideoFlowing(a);
  await expectVideoFlowing(b);
  await expect(a.getByLabel('Your camera')).toBeVisible();
  await expectTones(b, [600]);
  await expect(callPanel(a).getByRole('button', { name: 'Stop video' })).toBeVisible();
});

test('answering a video call with audio only still shows the caller', async () => {
  await a.getByRole('searchbox', { name: 'Search or dial' }).fill('1013');
  await a.getByRole('button', { name: 'Video call', exact: true }).click();
  await b.getByRole('button', { name: 'Answer', exact: true }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  await expectVideoFlowing(b);
  await expect(callPanel(b).getByRole('button', { name: 'Start video' })).toBeVisible();
  await expect(b.getByLabel('Your camera')).toBeHidden();
});

test('audio → video mid-call (renegotiation), then back to audio', async () => {
  await dial(a, '1013');
  await b.getByRole('button', { name: 'Answer', exact: true }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  await expect(b.getByTestId('video-stage')).toHaveCount(0);
  await callPanel(a).getByRole('button', { name: 'Start video' }).click();
  await expectVideoFlowing(b);
  await expectTones(b, [600]); // audio goes on through the re-INVITE
  // B turns its camera on too: now both ways.
  await callPanel(b).getByRole('button', { name: 'Start video' }).click();
  await expectVideoFlowing(a);
  await callPanel(a).getByRole('button', { name: 'Stop video' }).click();
  await expect(callPanel(a).getByRole('button', { name: 'Start video' })).toBeVisible();
  await expectTones(a, [900]);
});

test('live call quality: a MOS and the codec in the call panel, and the summary kept in the call log', async () => {
  await dial(a, '1013');
  await b.getByRole('button', { name: 'Answer', exact: true }).click();
  await Promise.all([expectInCall(a), expectInCall(b)]);
  // Loopback: no loss, sub-millisecond round trip, so the estimate must be at the top of the scale.
  await expect(callPanel(a).getByText(/Call quality 4\.\d of 5: Excellent/)).toBeAttached({ timeout: 10_000 });
  await callPanel(a).getByText('Call quality details').click();
  await expect(callPanel(a).getByText(/opus/i)).toBeVisible();
  await callPanel(a).getByRole('button', { name: 'Hang up', exact: true }).click();
  await a.getByRole('link', { name: 'Call log' }).click();
  await expect(a.getByText(/Call quality 4\.\d of 5/).first()).toBeAttached();
});
