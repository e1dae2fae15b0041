/**
 * A pair of linked data channels that behave like RTCDataChannel where a transfer depends on it:
 * `send` queues (bufferedAmount grows), delivery drains the queue in order and fires
 * 'bufferedamountlow' when it crosses the threshold, sending above 16 MiB queued throws (as
 * Chromium does), and close() closes both ends. Delivery runs on its own (each message after a
 * macrotask) or, with `manual`, only when the test calls pump().
 */
import type { DataChannelLike } from '../../../../src-renderer/chat/file-transfer-protocol';

type Listener = (event: { data: unknown }) => void;

/** Chromium closes a channel whose send queue passes this. */
const QUEUE_LIMIT = 16 * 1024 * 1024;

export class FakeDataChannel implements DataChannelLike {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'blob';
  peer!: FakeDataChannel;
  /** Every message this end sent, in order. */
  readonly sent: Array<string | ArrayBuffer> = [];
  /** The largest bufferedAmount seen. */
  maxBuffered = 0;
  /** Rewrites messages in transit (to corrupt a chunk). */
  tamper: ((data: string | ArrayBuffer, index: number) => string | ArrayBuffer) | null = null;
  private readonly queue: Array<string | ArrayBuffer> = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private scheduled = false;

  constructor(
    readonly label: string,
    private readonly manual = false,
  ) {}

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== 'open') throw new Error(`InvalidStateError: ${this.readyState}`);
    const size = typeof data === 'string' ? data.length : data.byteLength;
    if (this.bufferedAmount + size > QUEUE_LIMIT) throw new Error('OperationError: send queue is full');
    const index = this.sent.length;
    this.sent.push(data);
    this.queue.push(this.tamper ? this.tamper(data, index) : data);
    this.bufferedAmount += size;
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
    if (!this.manual) this.schedule();
  }

  /** Delivers up to `count` queued messages to the other end. */
  pump(count = Infinity): number {
    let n = 0;
    while (n < count && this.queue.length > 0 && this.readyState === 'open') {
      const data = this.queue.shift()!;
      const size = typeof data === 'string' ? data.length : data.byteLength;
      const before = this.bufferedAmount;
      this.bufferedAmount -= size;
      n++;
      this.peer.dispatch('message', { data: typeof data === 'string' ? data : data.slice(0) });
      if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) this.dispatch('bufferedamountlow', { data: null });
    }
    return n;
  }

  open(): void {
    for (const end of [this, this.peer]) {
      end.readyState = 'open';
      end.dispatch('open', { data: null });
    }
  }

  close(): void {
    for (const end of [this, this.peer]) {
      if (end.readyState === 'closed') continue;
      end.readyState = 'closed';
      end.dispatch('close', { data: null });
    }
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  /** Control messages this end sent, parsed. */
  controls(): Array<Record<string, unknown>> {
    return this.sent.filter((m): m is string => typeof m === 'string').map((m) => JSON.parse(m) as Record<string, unknown>);
  }

  binaryCount(): number {
    return this.sent.filter((m) => typeof m !== 'string').length;
  }

  private dispatch(type: string, event: { data: unknown }): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l(event);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      // A few messages per turn, so the queue really builds up and drains.
      this.pump(8);
      if (this.queue.length > 0) this.schedule();
    }, 0);
  }
}

export function channelPair(manual = false, label = 'offhook-file'): [FakeDataChannel, FakeDataChannel] {
  const a = new FakeDataChannel(label, manual);
  const b = new FakeDataChannel(label, manual);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Deterministic pseudo-random bytes (a file's content). */
export function bytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
