/**
 * The wire protocol of one file transfer over one ordered, reliable RTCDataChannel.
 *
 *   sender → receiver  {"t":"meta", id, size, chunks, sha256}
 *   receiver → sender  {"t":"ready"}  or  {"t":"refuse", reason}
 *   sender → receiver  binary chunks of CHUNK_BYTES (the last one shorter), in order
 *   sender → receiver  {"t":"done", chunks}
 *   receiver → sender  {"t":"ack", ok}   (ok: the SHA-256 matched the offer)
 *   either way         {"t":"cancel"}
 *
 * Control messages are JSON strings, data is binary, so neither can be taken for the other.
 */
import { MAX_FILE_BYTES } from './file-offer';

/** 64 KiB: the largest message every WebRTC stack delivers whole (Chromium's limit is higher, Firefox's SCTP used to be). */
export const CHUNK_BYTES = 64 * 1024;
/** Stop queueing above this much unsent data: Chromium closes a data channel whose send queue passes 16 MiB. */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** Start again when the queue drains to this (the channel's bufferedAmountLowThreshold). */
export const LOW_WATER_BYTES = 1024 * 1024;
/** The data channel's label; the receiver ignores channels with any other. */
export const CHANNEL_LABEL = 'offhook-file';

export type RefuseReason = 'unannounced' | 'too-large' | 'mismatch';

export type ControlMessage =
  | { t: 'meta'; id: string; size: number; chunks: number; sha256: string }
  | { t: 'ready' }
  | { t: 'refuse'; reason: RefuseReason }
  | { t: 'done'; chunks: number }
  | { t: 'ack'; ok: boolean }
  | { t: 'cancel' };

export function chunkCount(size: number): number {
  return Math.ceil(size / CHUNK_BYTES);
}

export function encodeControl(message: ControlMessage): string {
  return JSON.stringify(message);
}

const REFUSE_REASONS: readonly string[] = ['unannounced', 'too-large', 'mismatch'] satisfies RefuseReason[];

/** The control message in `text`, or null for anything malformed (it comes from the network). */
export function parseControl(text: string): ControlMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  const count = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  switch (m.t) {
    case 'meta':
      if (typeof m.id !== 'string' || !count(m.size) || !count(m.chunks) || typeof m.sha256 !== 'string') return null;
      return { t: 'meta', id: m.id, size: m.size, chunks: m.chunks, sha256: m.sha256 };
    case 'refuse':
      return typeof m.reason === 'string' && REFUSE_REASONS.includes(m.reason) ? { t: 'refuse', reason: m.reason as RefuseReason } : null;
    case 'done':
      return count(m.chunks) ? { t: 'done', chunks: m.chunks } : null;
    case 'ack':
      return typeof m.ok === 'boolean' ? { t: 'ack', ok: m.ok } : null;
    case 'ready':
    case 'cancel':
      return { t: m.t };
    default:
      return null;
  }
}

/** The last path segment without control characters, at most 255 characters; 'file' if nothing is left. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base === '.' || base === '..' ? '' : base).slice(0, 255) || 'file';
}

/** Raster images shown inline (never SVG: it is a document, not a picture). */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

export function isPreviewable(mime: string): boolean {
  return PREVIEWABLE.has(mime.toLowerCase());
}

/**
 * The type a received Blob gets: its own for pictures we preview, otherwise octet-stream, so a
 * blob: URL can never be rendered as a page in the app's origin (an offered "text/html", say).
 */
export function safeBlobType(mime: string): string {
  return isPreviewable(mime) ? mime.toLowerCase() : 'application/octet-stream';
}

export function withinLimit(size: number): boolean {
  return size <= MAX_FILE_BYTES;
}

/** The part of RTCDataChannel a transfer uses, so tests can drive it with a fake. */
export interface DataChannelLike {
  readonly label: string;
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  send(data: string | ArrayBuffer): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'bufferedamountlow', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'open' | 'close' | 'error' | 'bufferedamountlow', listener: () => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Why a transfer stopped without the file arriving intact. */
export type TransferFailure =
  | 'offline' // the peer is not signed in (480/404/408 to the INVITE)
  | 'declined' // the peer said no
  | 'busy' // the peer's client turned the INVITE away as busy
  | 'unsupported' // the peer's device cannot take a data channel (488/415: not an Offhook client)
  | 'too-large' // over MAX_FILE_BYTES
  | 'unannounced' // the receiver had no matching file offer
  | 'mismatch' // the bytes arrived, but their SHA-256 is not the offer's
  | 'timeout' // nothing moved for too long, or no answer in time
  | 'connection' // the data channel or the SIP session broke
  | 'not-registered' // we are not signed in
  | 'read' // the file could not be read on this computer
  | 'announce'; // the chat message with the file offer could not be sent

/** Thrown inside a transfer to end it with a reason. */
export class TransferError extends Error {
  constructor(
    readonly reason: TransferFailure | 'cancelled' | 'cancelled-by-peer',
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}
