/**
 * Receives one announced file over a data channel: checks the meta against the offer the chat
 * brought, hashes the chunks as they come, and at "done" answers with the verdict.
 */
import { ChannelWatch, STALL_MS } from './file-transfer-channel';
import { createSha256, type IncrementalHash } from './file-transfer-hash';
import { TransferError, chunkCount, safeBlobType, withinLimit, type ControlMessage, type DataChannelLike } from './file-transfer-protocol';
import type { FileOffer } from './file-offer';

/** Received chunks are folded into a Blob every this many bytes, so the renderer does not hold them all as ArrayBuffers. */
const FOLD_BYTES = 8 * 1024 * 1024;

export interface ReceiverOptions {
  onProgress?: (bytes: number) => void;
  stallMs?: number;
}

export class FileReceiver {
  private readonly watch: ChannelWatch;
  private readonly hash: IncrementalHash = createSha256();
  private started = false;
  private bytes = 0;
  private chunks = 0;
  private readonly parts: Blob[] = [];
  private pending: ArrayBuffer[] = [];
  private pendingBytes = 0;
  private resolve!: (blob: Blob) => void;
  private readonly result: Promise<Blob>;

  constructor(
    channel: DataChannelLike,
    private readonly offer: FileOffer,
    private readonly options: ReceiverOptions = {},
  ) {
    this.result = new Promise<Blob>((resolve) => (this.resolve = resolve));
    this.watch = new ChannelWatch(
      channel,
      options.stallMs ?? STALL_MS,
      (m) => this.onControl(m),
      (data) => this.onChunk(data),
    );
  }

  /** The verified file; rejects with a TransferError (mismatch, cancelled, timeout…). */
  run(): Promise<Blob> {
    return this.watch.race(this.result);
  }

  cancel(): void {
    this.watch.cancel();
  }

  private onControl(message: ControlMessage): void {
    if (message.t === 'meta') this.onMeta(message);
    else if (message.t === 'done') this.onDone(message.chunks);
  }

  private onMeta(meta: Extract<ControlMessage, { t: 'meta' }>): void {
    const { offer } = this;
    if (this.started) return this.refuse('mismatch', 'second meta');
    if (meta.id !== offer.transferId) return this.refuse('unannounced', `meta for ${meta.id}`);
    if (!withinLimit(meta.size) || !withinLimit(offer.size)) return this.refuse('too-large');
    if (meta.size !== offer.size || meta.sha256 !== offer.sha256 || meta.chunks !== chunkCount(meta.size)) {
      return this.refuse('mismatch', 'meta differs from the offer');
    }
    this.started = true;
    this.watch.send({ t: 'ready' });
  }

  private onChunk(data: ArrayBuffer): void {
    if (!this.started) return this.refuse('unannounced', 'data before meta');
    if (this.bytes + data.byteLength > this.offer.size) return this.refuse('too-large', 'more bytes than offered');
    this.hash.update(new Uint8Array(data));
    this.bytes += data.byteLength;
    this.chunks++;
    this.pending.push(data);
    this.pendingBytes += data.byteLength;
    if (this.pendingBytes >= FOLD_BYTES) this.fold();
    this.options.onProgress?.(this.bytes);
  }

  private onDone(chunks: number): void {
    if (!this.started) return this.refuse('unannounced', 'done before meta');
    this.fold();
    const complete = chunks === this.chunks && this.bytes === this.offer.size;
    const ok = complete && this.hash.hex() === this.offer.sha256;
    this.watch.send({ t: 'ack', ok });
    if (!ok) {
      this.watch.fail(new TransferError('mismatch', complete ? 'SHA-256 differs' : `${this.bytes} of ${this.offer.size} bytes`));
      return;
    }
    this.watch.finish();
    this.resolve(new Blob(this.parts, { type: safeBlobType(this.offer.mime) }));
  }

  private refuse(reason: 'unannounced' | 'too-large' | 'mismatch', detail?: string): void {
    this.watch.send({ t: 'refuse', reason });
    this.watch.fail(new TransferError(reason, detail));
  }

  private fold(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
