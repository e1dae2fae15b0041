import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileSender } from '../../../../src-renderer/chat/file-transfer-sender';
import { FileReceiver } from '../../../../src-renderer/chat/file-transfer-receiver';
import { CHUNK_BYTES, TransferError, chunkCount } from '../../../../src-renderer/chat/file-transfer-protocol';
import { MAX_FILE_BYTES, type FileOffer } from '../../../../src-renderer/chat/file-offer';
import { bytes, channelPair } from './fake-data-channel';

function offerFor(data: Uint8Array, patch: Partial<FileOffer> = {}): FileOffer {
  return { transferId: 'abcdef0123456789', name: 'photo.png', size: data.byteLength, mime: 'image/png', sha256: createHash('sha256').update(data).digest('hex'), ...patch };
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

describe('FileReceiver', () => {
  it('reports a SHA-256 mismatch when a chunk is damaged on the way, and tells the sender', async () => {
    const data = bytes(5 * CHUNK_BYTES, 11);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    a.tamper = (m, i) => {
      if (typeof m === 'string' || i !== 3) return m;
      const copy = new Uint8Array(m.slice(0));
      copy[100] = copy[100]! ^ 0xff;
      return copy.buffer;
    };
    const sending = reason(new FileSender(a, new Blob([data]), offer).run());
    const receiving = reason(new FileReceiver(b, offer).run());
    a.open();
    expect(await receiving).toBe('mismatch');
    expect(await sending).toBe('mismatch');
    expect(b.controls().at(-1)).toEqual({ t: 'ack', ok: false });
  });

  it('reports a mismatch when the bytes are not what the chat offer announced', async () => {
    const data = bytes(2 * CHUNK_BYTES, 12);
    const announced = offerFor(data, { sha256: 'f'.repeat(64) });
    const [a, b] = channelPair();
    // The sender sends what it announced; the bytes differ from that hash.
    const sending = reason(new FileSender(a, new Blob([data]), announced).run());
    const receiving = reason(new FileReceiver(b, announced).run());
    a.open();
    expect(await receiving).toBe('mismatch');
    expect(await sending).toBe('mismatch');
  });

  it('refuses a transfer whose meta does not match the announced offer (unannounced id)', async () => {
    const data = bytes(1000, 13);
    const [a, b] = channelPair();
    const sending = reason(new FileSender(a, new Blob([data]), offerFor(data, { transferId: 'someoneelse00000' })).run());
    const receiving = reason(new FileReceiver(b, offerFor(data)).run());
    a.open();
    expect(await receiving).toBe('unannounced');
    expect(await sending).toBe('unannounced');
    expect(a.binaryCount()).toBe(0);
  });

  it('refuses meta over 100 MB', async () => {
    const [a, b] = channelPair();
    const size = MAX_FILE_BYTES + CHUNK_BYTES;
    const offer: FileOffer = { transferId: 'abcdef0123456789', name: 'big.iso', size, mime: '', sha256: '0'.repeat(64) };
    const receiving = reason(new FileReceiver(b, offer).run());
    a.open();
    a.send(JSON.stringify({ t: 'meta', id: offer.transferId, size, chunks: chunkCount(size), sha256: offer.sha256 }));
    expect(await receiving).toBe('too-large');
    await new Promise((r) => setTimeout(r, 5));
    expect(b.controls()).toEqual([{ t: 'refuse', reason: 'too-large' }]);
  });

  it('refuses more bytes than the offer said', async () => {
    const data = bytes(1000, 14);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const receiving = reason(new FileReceiver(b, offer).run());
    a.open();
    a.send(JSON.stringify({ t: 'meta', id: offer.transferId, size: 1000, chunks: 1, sha256: offer.sha256 }));
    a.send(new Uint8Array(1001).buffer);
    expect(await receiving).toBe('too-large');
  });

  it('refuses data that comes before any meta', async () => {
    const [a, b] = channelPair();
    const receiving = reason(new FileReceiver(b, offerFor(bytes(10))).run());
    a.open();
    a.send(new Uint8Array(10).buffer);
    expect(await receiving).toBe('unannounced');
  });

  it('ignores malformed control messages', async () => {
    const data = bytes(CHUNK_BYTES + 1, 15);
    const offer = offerFor(data);
    const [a, b] = channelPair();
    const receiving = new FileReceiver(b, offer).run();
    a.open();
    a.send('{not json');
    a.send(JSON.stringify({ t: 'meta', id: 5 }));
    const sending = new FileSender(a, new Blob([data]), offer).run();
    const [blob] = await Promise.all([receiving, sending]);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data);
  });
});
