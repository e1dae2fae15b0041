import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSender } from '../../../../src-renderer/chat/file-transfer-sender';
import { FileReceiver } from '../../../../src-renderer/chat/file-transfer-receiver';
import { CHUNK_BYTES, HIGH_WATER_BYTES, TransferError } from '../../../../src-renderer/chat/file-transfer-protocol';
import { MAX_FILE_BYTES, type FileOffer } from '../../../../src-renderer/chat/file-offer';
import { bytes, channelPair } from './fake-data-channel';

function offerFor(data: Uint8Array, patch: Partial<FileOffer> = {}): FileOffer {
  return { transferId: 'abcdef0123456789', name: 'report.bin', size: data.byteLength, mime: 'application/pdf', sha256: createHash('sha256').update(data).digest('hex'), ...patch };
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransferError) return error.reason;
    throw error;
  }
  return 'resolved';
}

afterEach(() => vi.useRealTimers());

describe('FileSender with FileReceiver', () => {
  it('sends a file in 64 KiB chunks and the receiver gets the same bytes, hash checked', async () => {
    const data = bytes(3 * CHUNK_BYTES + 5);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const progress: number[] = [];
    const sender = new FileSender(a, new Blob([data]), offer, { onProgress: (n) => progress.push(n) });
    const receiver = new FileReceiver(b, offer);
    const sending = sender.run();
    a.open();
    const [blob] = await Promise.all([receiver.run(), sending]);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data);
    expect(a.binaryCount()).toBe(4);
    const sizes = a.sent.filter((m): m is ArrayBuffer => typeof m !== 'string').map((m) => m.byteLength);
    expect(sizes).toEqual([CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 5]);
    expect(a.controls()).toEqual([
      { t: 'meta', id: offer.transferId, size: data.byteLength, chunks: 4, sha256: offer.sha256 },
      { t: 'done', chunks: 4 },
    ]);
    expect(b.controls()).toEqual([{ t: 'ready' }, { t: 'ack', ok: true }]);
    expect(progress.at(-1)).toBe(data.byteLength);
    // Not a previewable picture: never typed as something a blob: URL would render.
    expect(blob.type).toBe('application/octet-stream');
  });

  it('an empty file still goes through meta, done and ack', async () => {
    const data = new Uint8Array(0);
    const offer = offerFor(data, { mime: 'image/png' });
    const [a, b] = channelPair();
    const sending = new FileSender(a, new Blob([data]), offer).run();
    const receiving = new FileReceiver(b, offer).run();
    a.open();
    const [blob] = await Promise.all([receiving, sending]);
    expect(blob.size).toBe(0);
    expect(blob.type).toBe('image/png');
  });

  it('keeps the send queue under the high-water mark and waits for bufferedamountlow', async () => {
    const data = bytes(12 * 1024 * 1024, 7);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const sending = new FileSender(a, new Blob([data]), offer).run();
    const receiving = new FileReceiver(b, offer).run();
    a.open();
    const [blob] = await Promise.all([receiving, sending]);
    expect(blob.size).toBe(data.byteLength);
    // Without backpressure all 12 MiB would be queued at once.
    expect(a.maxBuffered).toBeGreaterThan(HIGH_WATER_BYTES - CHUNK_BYTES);
    expect(a.maxBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES + CHUNK_BYTES);
    expect(a.bufferedAmountLowThreshold).toBeGreaterThan(0);
  });

  it('cancel on the sending side stops both ends', async () => {
    const data = bytes(8 * 1024 * 1024, 3);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const sender = new FileSender(a, new Blob([data]), offer);
    let received = 0;
    const receiver = new FileReceiver(b, offer, { onProgress: (n) => (received = n) });
    const sending = reason(sender.run());
    const receiving = reason(receiver.run());
    a.open();
    await vi.waitFor(() => expect(received).toBeGreaterThan(CHUNK_BYTES));
    sender.cancel();
    expect(await sending).toBe('cancelled');
    expect(await receiving).toBe('cancelled-by-peer');
    expect(received).toBeLessThan(data.byteLength);
    const sentBefore = a.binaryCount();
    await new Promise((r) => setTimeout(r, 20));
    expect(a.binaryCount()).toBe(sentBefore);
  });

  it('cancel on the receiving side stops the sender', async () => {
    const data = bytes(8 * 1024 * 1024, 4);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const receiver = new FileReceiver(b, offer, { onProgress: (n) => n > CHUNK_BYTES && receiver.cancel() });
    const sending = reason(new FileSender(a, new Blob([data]), offer).run());
    const receiving = reason(receiver.run());
    a.open();
    expect(await receiving).toBe('cancelled');
    expect(await sending).toBe('cancelled-by-peer');
    expect(a.binaryCount()).toBeLessThan(data.byteLength / CHUNK_BYTES);
  });

  it('the channel closing mid-way is a connection failure on both ends', async () => {
    const data = bytes(4 * 1024 * 1024, 5);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const receiver = new FileReceiver(b, offer, { onProgress: (n) => n > CHUNK_BYTES && b.close() });
    const sending = reason(new FileSender(a, new Blob([data]), offer).run());
    const receiving = reason(receiver.run());
    a.open();
    expect(await receiving).toBe('connection');
    expect(await sending).toBe('connection');
  });

  it('refuses a file over 100 MB before sending anything', async () => {
    const [a] = channelPair();
    const huge = { size: MAX_FILE_BYTES + 1, type: '', slice: () => new Blob() } as unknown as Blob;
    const sending = reason(new FileSender(a, huge, offerFor(new Uint8Array(0), { size: MAX_FILE_BYTES + 1 })).run());
    a.open();
    expect(await sending).toBe('too-large');
    expect(a.binaryCount()).toBe(0);
    expect(a.controls().map((m) => m.t)).not.toContain('meta');
  });

  it('gives up when nothing moves for the stall time', async () => {
    vi.useFakeTimers();
    const data = bytes(1000);
    const [a] = channelPair(true); // nobody delivers: the far end never answers "ready"
    const sending = reason(new FileSender(a, new Blob([data]), offerFor(data), { stallMs: 5000 }).run());
    a.open();
    await vi.advanceTimersByTimeAsync(5001);
    expect(await sending).toBe('timeout');
  });
});
