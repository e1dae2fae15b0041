/**
 * Sends one file over an open (or opening) data channel: meta, wait for "ready", the chunks with
 * backpressure, "done", then wait for the receiver's verdict on the SHA-256.
 */
import { ChannelWatch, STALL_MS } from './file-transfer-channel';
import {
  CHUNK_BYTES,
  HIGH_WATER_BYTES,
  LOW_WATER_BYTES,
  TransferError,
  chunkCount,
  withinLimit,
  type ControlMessage,
  type DataChannelLike,
} from './file-transfer-protocol';
import type { FileOffer } from './file-offer';

/** Read from disk this much at a time and cut it into chunks (one read per chunk costs a promise each). */
const READ_BYTES = 1024 * 1024;

export interface SenderOptions {
  /** Bytes that have left this computer (handed to the channel and no longer queued in it). */
  onProgress?: (bytes: number) => void;
  stallMs?: number;
}

export class FileSender {
  private readonly watch: ChannelWatch;
  private reply: ((message: ControlMessage) => void) | null = null;

  constructor(
    channel: DataChannelLike,
    private readonly file: Blob,
    private readonly offer: FileOffer,
    private readonly options: SenderOptions = {},
  ) {
    this.watch = new ChannelWatch(channel, options.stallMs ?? STALL_MS, (m) => this.reply?.(m), () => undefined);
  }

  /** Resolves when the receiver confirmed the SHA-256; rejects with a TransferError otherwise. */
  async run(): Promise<void> {
    try {
      await this.send();
      this.watch.finish();
    } catch (error) {
      const failure = error instanceof TransferError ? error : new TransferError('read', String(error));
      // Our own reasons (unreadable file, protocol error) still have to reach the far end.
      if (!this.watch.settled) this.watch.send({ t: 'cancel' });
      this.watch.fail(failure);
      throw failure;
    }
  }

  /** Stop from this side; run() rejects with 'cancelled'. */
  cancel(): void {
    this.watch.cancel();
  }

  private async send(): Promise<void> {
    const { offer, file, watch } = this;
    if (!withinLimit(file.size)) throw new TransferError('too-large');
    const channel = watch.channel;
    await watch.opened();
    channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
    const chunks = chunkCount(file.size);
    watch.send({ t: 'meta', id: offer.transferId, size: file.size, chunks, sha256: offer.sha256 });
    const answer = await this.next();
    if (answer.t === 'refuse') throw new TransferError(answer.reason === 'too-large' ? 'too-large' : answer.reason === 'mismatch' ? 'mismatch' : 'unannounced');
    if (answer.t !== 'ready') throw new TransferError('connection', `expected ready, got ${answer.t}`);

    let queued = 0;
    for (let offset = 0; offset < file.size; offset += READ_BYTES) {
      const block = await watch.race(file.slice(offset, offset + READ_BYTES).arrayBuffer());
      for (let at = 0; at < block.byteLength; at += CHUNK_BYTES) {
        while (channel.bufferedAmount > HIGH_WATER_BYTES) {
          await watch.drained();
          this.options.onProgress?.(queued - channel.bufferedAmount);
          watch.alive();
        }
        if (watch.settled) throw new TransferError('connection', 'stopped while sending');
        channel.send(block.slice(at, at + CHUNK_BYTES));
        queued += Math.min(CHUNK_BYTES, block.byteLength - at);
      }
      this.options.onProgress?.(queued - channel.bufferedAmount);
    }
    watch.send({ t: 'done', chunks });
    const verdict = await this.next();
    this.options.onProgress?.(file.size);
    if (verdict.t !== 'ack') throw new TransferError('connection', `expected ack, got ${verdict.t}`);
    if (!verdict.ok) throw new TransferError('mismatch');
  }

  /** The receiver's next control message. The stall clock keeps running while waiting. */
  private next(): Promise<ControlMessage> {
    return this.watch.race(
      new Promise<ControlMessage>((resolve) => {
        this.reply = (message) => {
          this.reply = null;
          resolve(message);
        };
      }),
    );
  }
}
