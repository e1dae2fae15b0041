/**
 * SHA-256 that is fed piece by piece. WebCrypto's digest() wants the whole file in one buffer
 * (another 100 MB next to the received Blob); @noble/hashes keeps memory at one chunk and lets the
 * receiver hash while the data arrives, so the check is ready the moment the last chunk is in.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Blocks read from disk at a time while hashing a file before sending it. */
const READ_BYTES = 1024 * 1024;

export interface IncrementalHash {
  update(bytes: Uint8Array): void;
  /** Lowercase hex; the hash cannot be updated afterwards. */
  hex(): string;
}

export function createSha256(): IncrementalHash {
  const h = sha256.create();
  return {
    update: (bytes) => void h.update(bytes),
    hex: () => bytesToHex(h.digest()),
  };
}

/**
 * The SHA-256 of a Blob (a File), read a block at a time. `onProgress` gets the bytes done so far;
 * `signal` stops it (the promise rejects with the signal's reason).
 */
export async function hashBlob(blob: Blob, onProgress?: (done: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createSha256();
  for (let offset = 0; offset < blob.size; offset += READ_BYTES) {
    signal?.throwIfAborted();
    const block = new Uint8Array(await blob.slice(offset, offset + READ_BYTES).arrayBuffer());
    hash.update(block);
    onProgress?.(Math.min(offset + READ_BYTES, blob.size));
  }
  signal?.throwIfAborted();
  return hash.hex();
}
