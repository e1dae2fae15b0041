/**
 * What sender and receiver share: one data channel watched for the ways a transfer can end early —
 * a cancel from either side, the channel closing, nothing moving for too long — turned into one
 * rejection that every wait in the transfer races against.
 */
import { TransferError, encodeControl, parseControl, type ControlMessage, type DataChannelLike } from './file-transfer-protocol';

/** Nothing received or sent for this long ends the transfer. */
export const STALL_MS = 30_000;

export class ChannelWatch {
  /** Rejects when the transfer ends early; never resolves. */
  readonly stopped: Promise<never>;
  private stop!: (error: TransferError) => void;
  private stoppedWith: TransferError | null = null;
  private finished = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposers: Array<() => void> = [];

  constructor(
    readonly channel: DataChannelLike,
    private readonly stallMs: number,
    onControl: (message: ControlMessage) => void,
    onBinary: (data: ArrayBuffer) => void,
  ) {
    this.stopped = new Promise<never>((_, reject) => (this.stop = reject));
    // A rejection nobody awaits yet (before the first race) must not surface as unhandled.
    this.stopped.catch(() => undefined);
    channel.binaryType = 'arraybuffer';
    const onMessage = (event: { data: unknown }): void => {
      if (this.settled) return;
      this.alive();
      if (typeof event.data === 'string') {
        const message = parseControl(event.data);
        if (message?.t === 'cancel') this.fail(new TransferError('cancelled-by-peer'));
        else if (message) onControl(message);
      } else if (event.data instanceof ArrayBuffer) onBinary(event.data);
    };
    const onClose = (): void => this.fail(new TransferError('connection', 'data channel closed'));
    channel.addEventListener('message', onMessage);
    channel.addEventListener('close', onClose);
    channel.addEventListener('error', onClose);
    this.disposers.push(
      () => channel.removeEventListener('message', onMessage),
      () => channel.removeEventListener('close', onClose),
      () => channel.removeEventListener('error', onClose),
    );
    this.alive();
  }

  get settled(): boolean {
    return this.finished || this.stoppedWith !== null;
  }

  /** Something moved: restart the stall clock. */
  alive(): void {
    clearTimeout(this.stallTimer);
    if (this.settled) return;
    this.stallTimer = setTimeout(() => this.fail(new TransferError('timeout', `nothing moved for ${this.stallMs} ms`)), this.stallMs);
  }

  /** Waits for `promise`, unless the transfer stops first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.stopped]);
  }

  send(message: ControlMessage): void {
    if (this.channel.readyState === 'open') this.channel.send(encodeControl(message));
  }

  /** Resolves once the channel is open. */
  opened(): Promise<void> {
    if (this.channel.readyState === 'open') return Promise.resolve();
    return this.race(new Promise<void>((resolve) => this.once('open', resolve)));
  }

  /** Resolves when the channel's send queue falls to its low-water mark. */
  drained(): Promise<void> {
    return this.race(new Promise<void>((resolve) => this.once('bufferedamountlow', resolve)));
  }

  /** Ends the transfer early; the first reason wins. */
  fail(error: TransferError): void {
    if (this.settled) return;
    this.stoppedWith = error;
    this.dispose();
    this.stop(error);
  }

  /** We stop: tell the far end, then end with 'cancelled'. */
  cancel(): void {
    if (this.settled) return;
    this.send({ t: 'cancel' });
    this.fail(new TransferError('cancelled'));
  }

  /** The transfer completed: stop watching (a later close is the normal end). */
  finish(): void {
    if (this.settled) return;
    this.finished = true;
    this.dispose();
  }

  private once(type: 'open' | 'bufferedamountlow', resolve: () => void): void {
    const listener = (): void => {
      this.channel.removeEventListener(type, listener);
      resolve();
    };
    this.channel.addEventListener(type, listener);
    this.disposers.push(() => this.channel.removeEventListener(type, listener));
  }

  private dispose(): void {
    clearTimeout(this.stallTimer);
    for (const d of this.disposers.splice(0)) d();
  }
}
