/**
 * The renderer's side of the desktop shell (issue 3), in the web build with a fake preload bridge
 * that records what the renderer asks of main and raises main's events. Real calls go through
 * Kamailio to a second, plain web client.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../../src-preload/contract';
import { launchParty } from './support/browser';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, screenshotTall, signIn, callStatus } from './support/app';
import { bridgeCalls, emitFromMain, installFakeDesktopBridge } from './support/fake-desktop-bridge';
import { expectHears } from './support/audio';
import { APP_URL, ARTIFACTS, PBX_WS_URL } from './support/env';

let browsers: Browser[] = [];
let desk: Page; // 1010, "inside Electron"
let far: Page; // 1011, a plain web client

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const parties = await Promise.all([launchParty(500), launchParty(800)]);
  browsers = parties.map((p) => p.browser);
  [desk, far] = parties.map((p) => p.page) as [Page, Page];
  await desk.addInitScript(installFakeDesktopBridge, DEFAULT_SETTINGS);
  // Count SDP offers made in the page, to see the ICE restart's re-INVITE.
  await desk.addInitScript(() => {
    const createOffer = RTCPeerConnection.prototype.createOffer;
    RTCPeerConnection.prototype.createOffer = function (this: RTCPeerConnection, ...args: unknown[]) {
      const w = window as unknown as { __offers?: Array<RTCOfferOptions | undefined> };
      (w.__offers ??= []).push(args[0] as RTCOfferOptions | undefined);
      return (createOffer as (...a: unknown[]) => Promise<RTCSessionDescriptionInit>).apply(this, args);
    } as typeof createOffer;
  });
});

test.afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

test.afterEach(async () => {
  await hangUpAll(desk, far);
});

test('a provisioning link fills the sign-in form but does not sign in', async () => {
  await desk.goto(APP_URL);
  await emitFromMain(desk, 'link', { kind: 'provision', server: PBX_WS_URL, extension: '1010', displayName: 'Desk', password: 'pw1010' });
  await expect(desk.getByLabel('Server')).toHaveValue(PBX_WS_URL);
  await expect(desk.getByLabel('Extension')).toHaveValue('1010');
  await expect(desk.getByText('The sign-in form was filled in from a link')).toBeVisible();
  await desk.waitForTimeout(500);
  expect(await desk.locator('.reg').count()).toBe(0); // still on the sign-in form
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await expectOnline(desk);
});

test('after the first sign-in: launch at login and start hidden are on, and the tray hears of it', async () => {
  await expect.poll(async () => (await desk.evaluate(() => (window as any).__bridge.settings().desktop))).toMatchObject({
    launchAtLogin: true,
    startHidden: true,
    autostartDecided: true,
  });
  const states = (await bridgeCalls(desk, 'shell.setState')).map((a) => a[0] as { registration: string });
  expect(states.at(-1)).toMatchObject({ registration: 'registered', ringing: false, inCall: false });
  expect(await bridgeCalls(desk, 'rendererReady')).toHaveLength(1);
});

test('a sip: link puts the number in the dial box; with "call at once" it calls', async () => {
  await signIn(far, '1011');
  await expectOnline(far);
  await emitFromMain(desk, 'link', { kind: 'dial', number: '1011', source: 'sip' });
  await expect(desk.getByRole('searchbox', { name: 'Search or dial' })).toHaveValue('1011');
  await expect(desk.getByRole('searchbox', { name: 'Search or dial' })).toBeFocused();
  await desk.getByRole('searchbox', { name: 'Search or dial' }).fill('');

  await desk.getByRole('link', { name: 'Settings' }).click();
  await desk.getByLabel('When I click a phone link').selectOption('call');
  await desk.getByRole('link', { name: 'Phone' }).click();
  await emitFromMain(desk, 'link', { kind: 'dial', number: '1011', source: 'tel' });
  await expect(far.getByRole('alertdialog', { name: 'Incoming call from Desk' })).toBeVisible();
  await far.getByRole('button', { name: 'Answer' }).click();
  await expectInCall(desk);
});

test('desktop settings are there and named (screenshot for people)', async () => {
  await desk.getByRole('link', { name: 'Settings' }).click();
  await expect(desk.getByLabel('Start Offhook when I sign in to this computer')).toBeChecked();
  await expect(desk.getByLabel('Start hidden in the tray')).toBeChecked();
  await expect(desk.getByRole('group', { name: 'Global shortcuts' })).toBeVisible();
  await screenshotTall(desk, `${ARTIFACTS}/screens/settings-desktop.en.light.png`);
  await desk.getByLabel('Page address').fill('https://crm.example.com/find?n=$CallerNumber');
  await desk.getByRole('button', { name: 'Open a test page' }).click();
  expect(await bridgeCalls(desk, 'popupUrl.test')).toEqual([['https://crm.example.com/find?n=$CallerNumber']]);
  await desk.getByRole('link', { name: 'Phone' }).click();
});

test('a refused link says why', async () => {
  await emitFromMain(desk, 'link', { kind: 'refused', reason: 'unsafe' });
  await expect(desk.getByRole('alert')).toContainText('refused because it contains markup or script');
});

test('an incoming call asks for the popup; the popup\'s Answer answers and closes it', async () => {
  await dial(far, '1010');
  await expect.poll(async () => (await bridgeCalls(desk, 'popup.show')).length).toBe(1);
  const [shown] = (await bridgeCalls(desk, 'popup.show'))[0] as [{ callId: string; number: string; waiting: boolean }];
  expect(shown).toMatchObject({ number: '1011', waiting: false });
  const states = (await bridgeCalls(desk, 'shell.setState')).map((a) => a[0] as { ringing: boolean });
  expect(states.at(-1)).toMatchObject({ ringing: true });

  await emitFromMain(desk, 'popup-action', { callId: shown.callId, action: 'answer' });
  await expectInCall(desk);
  await expectHears(desk, 800);
  await expectHears(far, 500);
  await expect.poll(async () => (await bridgeCalls(desk, 'popup.close')).map((a) => a[0])).toContain(shown.callId);
  const inCall = (await bridgeCalls(desk, 'shell.setState')).map((a) => a[0] as { inCall: boolean });
  expect(inCall.at(-1)).toMatchObject({ inCall: true });
});

test('the popup\'s Decline declines', async () => {
  await dial(far, '1010');
  await expect.poll(async () => (await bridgeCalls(desk, 'popup.show')).length).toBe(2);
  const [shown] = (await bridgeCalls(desk, 'popup.show'))[1] as [{ callId: string }];
  await emitFromMain(desk, 'popup-action', { callId: shown.callId, action: 'decline' });
  await expect(callStatus(far)).toHaveText('Declined.');
});

test('a missed call is notified and counted for the tray', async () => {
  await dial(far, '1010');
  await expect(desk.getByRole('alertdialog')).toBeVisible();
  await far.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(async () => (await bridgeCalls(desk, 'notify')).map((a) => a[0])).toContainEqual(
    expect.objectContaining({ kind: 'missed-call', title: 'Missed call', body: '1011' }),
  );
  // The tray's count follows once the call log has stored the entry, which may come after the notification.
  await expect
    .poll(async () => ((await bridgeCalls(desk, 'shell.setState')).map((a) => a[0] as { missedCalls: number }).at(-1)?.missedCalls ?? 0))
    .toBeGreaterThanOrEqual(1);
});

test('hotkeys answer and mute; a wake-up re-registers', async () => {
  await dial(far, '1010');
  await expect(desk.getByRole('alertdialog')).toBeVisible();
  await emitFromMain(desk, 'hotkey', { action: 'answer' });
  await expectInCall(desk);
  await emitFromMain(desk, 'hotkey', { action: 'muteToggle' });
  await expect(desk.getByRole('button', { name: 'Unmute' })).toBeVisible();
  const offers = () => desk.evaluate(() => (window as unknown as { __offers?: Array<{ iceRestart?: boolean }> }).__offers ?? []);
  const before = (await offers()).length;
  await emitFromMain(desk, 'power', { reason: 'resume' });
  // The call goes through an ICE restart (a re-INVITE) and keeps its audio; registration stays up.
  await expect.poll(async () => (await offers()).slice(before)).toEqual([expect.objectContaining({ iceRestart: true })]);
  await desk.getByRole('button', { name: 'Unmute' }).click();
  await expectInCall(desk);
  await expectHears(desk, 800);
  await expectHears(far, 500);
  await expectOnline(desk);
  await emitFromMain(desk, 'hotkey', { action: 'hangUp' });
  await expect(callStatus(far)).toHaveText('Call ended');
});
