/**
 * Issue 5: the local conference. The host (1007) mixes with WebAudio; every participant must hear
 * everyone else at once (two or more FFT peaks in what they receive) and never themselves; the
 * host's controls act on what everyone hears; participants are told when the host ends it.
 */
import { expect, test, type Page } from '@playwright/test';
import { launchParties, type Parties } from './support/parties';
import { expectTones } from './support/spectrum';
import { callPanel, dial, expectInCall, expectOnline, hangUpAll, signIn, callStatus } from './support/app';

// Chosen so that no sum or difference of two of them lands near a third (the codec is not perfectly linear).
const HOST = 520;
const TONES = [760, 1010, 1330, 1690] as const;
const EXT = ['1008', '1009', '1010', '1011'] as const;

let parties: Parties;
let host: Page;
let others: Page[];

test.describe.configure({ mode: 'serial' });

function conference(page: Page) {
  return page.getByRole('region', { name: 'Conference' });
}

test.beforeAll(async () => {
  parties = await launchParties([HOST, ...TONES]);
  [host, ...others] = parties.pages as [Page, ...Page[]];
  await Promise.all([signIn(host, '1007'), ...others.map((p, i) => signIn(p, EXT[i]!))]);
  await Promise.all(parties.pages.map(expectOnline));
});

test.afterAll(async () => {
  await parties.close();
});

test.afterEach(async () => {
  const end = host.getByRole('button', { name: 'End for all' }).first();
  if (await end.isVisible()) await end.click();
  await hangUpAll(host, ...others);
  for (const p of parties.pages) await expect(callPanel(p)).toHaveCount(0, { timeout: 10_000 });
  await expect(conference(host)).toHaveCount(0, { timeout: 10_000 });
});

async function answer(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Answer', exact: true }).click();
  await expectInCall(page);
}

test('merge two calls: each participant hears the host and the other participant, not themselves', async () => {
  const [b, c] = others as [Page, Page];
  await dial(host, EXT[0]);
  await answer(b);
  await callPanel(host).getByRole('button', { name: 'Add call' }).click();
  await dial(host, EXT[1]);
  await answer(c);
  await callPanel(host).getByRole('button', { name: 'Merge calls' }).click();
  await expect(conference(host).getByText('3 of 9 people')).toBeVisible();
  await expect(conference(host).getByRole('listitem').filter({ hasText: 'In the conference' })).toHaveCount(3);
  await expectTones(b, [HOST, TONES[1]], [TONES[0]]);
  await expectTones(c, [HOST, TONES[0]], [TONES[1]]);
  await expectTones(host, [TONES[0], TONES[1]]);

  // Host mutes C: nobody hears C any more (B in particular), and un-muting brings C back.
  await conference(host).getByRole('button', { name: `Mute ${EXT[1]}` }).click();
  await expectTones(b, [HOST], [TONES[1]]);
  await expectTones(host, [TONES[0]], [TONES[1]]);
  await conference(host).getByRole('button', { name: `Unmute ${EXT[1]}` }).click();
  await expectTones(b, [HOST, TONES[1]]);

  // Host mutes themselves: the participants still hear each other.
  await conference(host).getByRole('button', { name: 'Mute me' }).click();
  await expectTones(b, [TONES[1]], [HOST]);
  await conference(host).getByRole('button', { name: 'Unmute me' }).click();

  // Remove C: C's call ends, B and the host go on.
  await conference(host).getByRole('button', { name: `Remove ${EXT[1]}` }).click();
  await expect(callPanel(c)).toHaveCount(0, { timeout: 10_000 });
  await expect(conference(host).getByText('2 of 9 people')).toBeVisible();
  await expectTones(b, [HOST], [TONES[1]]);

  // The host ends it: B is told why instead of being cut off.
  await conference(host).getByRole('button', { name: 'End for all' }).click();
  await expect(callStatus(b)).toHaveText('The host ended the conference.');
});

test('a five-party conference built with "Add participant": everyone hears all the others', async () => {
  await dial(host, EXT[0]);
  await answer(others[0]!);
  await callPanel(host).getByRole('button', { name: 'Add participant' }).click();
  for (const [i, ext] of EXT.slice(1).entries()) {
    if (i > 0) await conference(host).getByRole('button', { name: 'Add participant' }).click();
    const box = host.getByRole('searchbox', { name: 'Add to the conference…' });
    await expect(box).toBeFocused();
    await box.fill(ext);
    await host.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(conference(host).getByRole('listitem').filter({ hasText: ext })).toContainText('Ringing');
    await answer(others[i + 1]!);
  }
  await expect(conference(host).getByText('5 of 9 people')).toBeVisible();
  for (const [i, page] of others.entries()) {
    const rest = TONES.filter((_, j) => j !== i);
    await expectTones(page, [HOST, ...rest], [TONES[i]!]);
  }

  // "Leave" for the host means the end for all, and says so before doing it.
  await conference(host).getByRole('button', { name: 'Leave' }).click();
  await expect(host.getByRole('alert')).toContainText('Leaving ends the conference for everyone');
  await host.getByRole('alert').getByRole('button', { name: 'End for all' }).click();
  for (const page of others) await expect(callStatus(page)).toHaveText('The host ended the conference.');
});

test('cancel a pending invitation', async () => {
  await dial(host, EXT[0]);
  await answer(others[0]!);
  await callPanel(host).getByRole('button', { name: 'Add participant' }).click();
  await host.getByRole('searchbox', { name: 'Add to the conference…' }).fill(EXT[1]);
  await host.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(others[1]!.getByRole('alertdialog')).toBeVisible();
  await conference(host).getByRole('button', { name: `Cancel invitation to ${EXT[1]}` }).click();
  await expect(others[1]!.getByRole('alertdialog')).toHaveCount(0);
  await expect(conference(host).getByText('2 of 9 people')).toBeVisible();
  await expectTones(others[0]!, [HOST]);
});
