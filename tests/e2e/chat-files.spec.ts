/**
 * Issue 7, D3: files and images between two Offhook clients, peer to peer over a WebRTC data
 * channel set up by a data-only INVITE through Kamailio. Driven through the chat UI: the composer's
 * file button, the file message's progress, Accept, Cancel and Save.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { launchParties, type Parties } from './support/parties';
import { expectOnline, signIn } from './support/app';
import { ARTIFACTS } from './support/env';
import { switchLook } from './support/look';

let parties: Parties;
let a: Page; // 1001 sends
let b: Page; // 1002 receives
let c: Page; // 1003 signs out again

test.describe.configure({ mode: 'serial' });

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function openChat(page: Page, target: string): Promise<void> {
  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByLabel('Extension or SIP address').fill(target);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('heading', { name: target })).toBeVisible();
}

async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer } | string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Send a file' }).click();
  await (await chooser).setFiles(file);
}

/** The file message for `name` in the open conversation. */
function fileMessage(page: Page, name: string) {
  return page.getByRole('log').locator('.file').filter({ hasText: name });
}

/** A solid-colour PNG, built here so the test depends on no image file. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from(rgb))]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A large random file on disk (Playwright streams paths; big Buffers go over the protocol). */
function bigFile(name: string, megabytes: number): string {
  const dir = path.join(ARTIFACTS, 'chat-files');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, randomBytes(megabytes * 1024 * 1024));
  return file;
}

test.beforeAll(async () => {
  parties = await launchParties([500, 800, 1200]);
  [a, b, c] = parties.pages as [Page, Page, Page];
  await Promise.all([signIn(a, '1001'), signIn(b, '1002'), signIn(c, '1003')]);
  await Promise.all([expectOnline(a), expectOnline(b), expectOnline(c)]);
  await openChat(a, '1002');
  await openChat(b, '1001');
});

test.afterAll(async () => {
  await parties.close();
  // The random files are large; the screenshots stay.
  for (const name of ['big-receiver-cancels.bin', 'big-sender-cancels.bin', 'too-big.bin']) rmSync(path.join(ARTIFACTS, 'chat-files', name), { force: true });
});

test('a 5 MB file arrives with the same SHA-256, verified, and saves intact', async () => {
  const content = randomBytes(5 * 1024 * 1024);
  const started = Date.now();
  await attach(a, { name: 'random-5mb.bin', mimeType: 'application/octet-stream', buffer: content });

  const received = fileMessage(b, 'random-5mb.bin');
  await expect(received.getByText('Verified')).toBeVisible({ timeout: 30_000 });
  await expect(received.getByRole('status')).toHaveText('Received');
  const sent = fileMessage(a, 'random-5mb.bin');
  await expect(sent.getByText('Verified')).toBeVisible();
  await expect(sent.getByRole('status')).toHaveText('Delivered');
  console.log(`5 MB: picked to verified on both ends in ${Date.now() - started} ms`);

  // The bytes the person saves, hashed here with Node's crypto.
  const download = b.waitForEvent('download');
  await received.getByRole('link', { name: 'Save random-5mb.bin' }).click();
  const saved = await (await download).path();
  const bytes = readFileSync(saved);
  expect(bytes.length).toBe(content.length);
  expect(sha256(bytes)).toBe(sha256(content));
  expect((await download).suggestedFilename()).toBe('random-5mb.bin');
});

test('an image is previewed inline on both ends', async () => {
  const image = png(64, 48, [220, 40, 40]);
  await attach(a, { name: 'red.png', mimeType: 'image/png', buffer: image });
  const preview = fileMessage(b, 'red.png').getByRole('img', { name: 'Picture: red.png' });
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  expect(await preview.getAttribute('src')).toMatch(/^blob:/);
  await expect(fileMessage(a, 'red.png').getByRole('img', { name: 'Picture: red.png' })).toBeVisible();
});

test('a large file waits for Accept; cancelling mid-way on the receiving side stops both ends', async () => {
  const file = bigFile('big-receiver-cancels.bin', 90);
  await attach(a, file);
  const incoming = fileMessage(b, 'big-receiver-cancels.bin');
  await expect(incoming.getByRole('status')).toHaveText('1001 wants to send you this file.', { timeout: 30_000 });
  await expect(fileMessage(a, 'big-receiver-cancels.bin').getByRole('status')).toHaveText(/Waiting for .* to accept/);
  await incoming.getByRole('button', { name: 'Accept big-receiver-cancels.bin' }).click();

  const bar = incoming.getByRole('progressbar', { name: 'Transfer of big-receiver-cancels.bin' });
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(0);
  await incoming.getByRole('button', { name: 'Cancel the transfer of big-receiver-cancels.bin' }).click();

  await expect(incoming.getByRole('status')).toHaveText('Cancelled.');
  await expect(fileMessage(a, 'big-receiver-cancels.bin').getByRole('status')).toHaveText(/cancelled the transfer/);
  await expect(incoming.getByRole('link', { name: /^Save/ })).toHaveCount(0);
});

test('cancelling mid-way on the sending side stops both ends', async () => {
  const file = bigFile('big-sender-cancels.bin', 90);
  await attach(a, file);
  const incoming = fileMessage(b, 'big-sender-cancels.bin');
  await incoming.getByRole('button', { name: 'Accept big-sender-cancels.bin' }).click({ timeout: 30_000 });
  const outgoing = fileMessage(a, 'big-sender-cancels.bin');
  const bar = outgoing.getByRole('progressbar', { name: 'Transfer of big-sender-cancels.bin' });
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(0);
  await outgoing.getByRole('button', { name: 'Cancel the transfer of big-sender-cancels.bin' }).click();

  await expect(outgoing.getByRole('status')).toHaveText('Cancelled.');
  await expect(incoming.getByRole('status')).toHaveText('1001 cancelled the transfer.');
  await expect(incoming.getByRole('progressbar')).toHaveCount(0);
});

test('sending to someone who signed out says plainly that they are offline', async () => {
  await c.getByRole('link', { name: 'Settings', exact: true }).click();
  await c.getByRole('button', { name: 'Sign out' }).click();
  await expect(c.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await openChat(a, '1003');
  await attach(a, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('see you tomorrow\n') });
  await expect(a.getByRole('alert').filter({ hasText: 'not online' })).toHaveText(
    /1003 is not online, so the file can’t be sent now\. Try again when they are online\./,
    { timeout: 20_000 },
  );
  // Nothing was announced: no file message in the conversation.
  await expect(fileMessage(a, 'notes.txt')).toHaveCount(0);
});

test('a file over 100 MB is refused before anything starts', async () => {
  await openChat(a, '1002');
  const file = bigFile('too-big.bin', 101);
  await attach(a, file);
  await expect(a.getByRole('alert').filter({ hasText: 'too-big.bin' })).toHaveText(/files can be at most 100 MB/);
  await expect(fileMessage(b, 'too-big.bin')).toHaveCount(0);
});

test('screenshots of file messages in both themes and languages', async () => {
  const dir = path.join(ARTIFACTS, 'chat-files');
  for (const [language, theme] of [['en', 'light'], ['en', 'dark'], ['zh-CN', 'dark'], ['zh-CN', 'light']] as const) {
    for (const [who, page, peer] of [['receiver', b, '1001'], ['sender', a, '1002']] as const) {
      await switchLook(page, language, theme, 'chat');
      // Leaving the chat screen closes the conversation: open it again from the list.
      await page.getByRole('button', { name: new RegExp(`^${peer} `) }).click();
      await expect(page.getByRole('log')).toBeVisible();
      await page.screenshot({ path: path.join(dir, `${who}-${language}-${theme}.png`) });
    }
  }
  await switchLook(a, 'en', 'light', 'chat');
  await switchLook(b, 'en', 'light', 'chat');
});
