/**
 * F4/I3: writing call recordings to disk. The renderer records (MediaRecorder) and sends a chunk a
 * second; each chunk is written and flushed to disk before it is acknowledged, so a crash of either
 * process loses at most the chunk in flight. Files are named by main and addressed by that name
 * only; appends go only to recordings begun in this run.
 */
import {
  RECORDING_LIMITS,
  type RecordingBeginResult,
  type RecordingFailure,
  type RecordingFailureReason,
  type RecordingMeta,
  type RecordingRemoveResult,
  type RecordingSaveResult,
  type RecordingWriteResult,
} from '../../src-preload/contract';
import { recordingFileName, resolveRecording } from './recording-names';

export interface RecordingFileHandle {
  write(bytes: Uint8Array): Promise<void>;
  /** fdatasync: the bytes are on the disk, not only in the OS's cache. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file operations the service needs (node:fs in ./node-fs.ts, a fake in the tests). */
export interface RecordingFsPort {
  mkdir(dir: string): Promise<void>;
  /** Creates a new file; fails with code EEXIST when it exists. */
  create(file: string): Promise<RecordingFileHandle>;
  /** null when there is no such file. */
  readFile(file: string): Promise<Uint8Array | null>;
  copyFile(from: string, to: string): Promise<void>;
  /** Quiet when the file is already gone. */
  remove(file: string): Promise<void>;
}

export interface RecordingsServiceOptions {
  fs: RecordingFsPort;
  /** The folder to use now: the setting, or the default when it is ''. */
  folder(): string;
  /** Where to save a copy; null when the user cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  limits?: { chunkBytes: number; recordingBytes: number };
  onEvent?(event: string, detail: Record<string, unknown>): void;
}

export interface RecordingsService {
  begin(meta: RecordingMeta): Promise<RecordingBeginResult>;
  append(id: string, seq: number, chunk: Uint8Array): Promise<RecordingWriteResult>;
  finish(id: string): Promise<RecordingWriteResult>;
  read(id: string): Promise<Uint8Array | null>;
  saveAs(id: string): Promise<RecordingSaveResult>;
  remove(ids: readonly string[]): Promise<RecordingRemoveResult>;
  /** Closes every open recording (quit): what they hold is already on disk. */
  closeAll(): Promise<void>;
}

interface OpenRecording {
  handle: RecordingFileHandle;
  size: number;
  nextSeq: number;
  /** Appends run one after another even if two requests overlap. */
  queue: Promise<unknown>;
  failed: RecordingFailure | null;
}

const MiB = 1024 * 1024;
const fail = (reason: RecordingFailureReason, message: string): RecordingFailure => ({ ok: false, reason, message });
const codeOf = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

export function createRecordingsService(options: RecordingsServiceOptions): RecordingsService {
  const { fs } = options;
  const limits = options.limits ?? RECORDING_LIMITS;
  const open = new Map<string, OpenRecording>();
  const log = (event: string, detail: Record<string, unknown>) => options.onEvent?.(event, detail);

  async function appendNow(id: string, rec: OpenRecording, seq: number, chunk: Uint8Array): Promise<RecordingWriteResult> {
    if (rec.failed) return rec.failed;
    if (seq !== rec.nextSeq) return fail('out-of-order', `chunk ${seq} arrived, chunk ${rec.nextSeq} was expected`);
    if (chunk.byteLength > limits.chunkBytes) {
      return fail('chunk-too-large', `a chunk of ${chunk.byteLength} bytes is over the ${limits.chunkBytes}-byte limit`);
    }
    if (rec.size + chunk.byteLength > limits.recordingBytes) {
      // Later chunks are refused too: a recording with a hole in the middle is worse than a short one.
      rec.failed = fail('too-large', `the recording reached its size limit of ${Math.round(limits.recordingBytes / MiB)} MiB; recording stopped`);
      log('recording over the size limit', { id, size: rec.size });
      return rec.failed;
    }
    try {
      await rec.handle.write(chunk);
      await rec.handle.sync();
    } catch (error) {
      rec.failed = fail('io', `writing the recording failed (${codeOf(error) ?? 'error'})`);
      log('recording write failed', { id, code: codeOf(error) });
      return rec.failed;
    }
    rec.size += chunk.byteLength;
    rec.nextSeq += 1;
    return { ok: true, size: rec.size };
  }

  async function finish(id: string): Promise<RecordingWriteResult> {
    const rec = open.get(id);
    if (!rec) return fail('unknown-recording', 'no recording with that name is being written');
    open.delete(id);
    await rec.queue;
    try {
      await rec.handle.close();
    } catch (error) {
      log('closing a recording failed', { id, code: codeOf(error) });
    }
    log('recording finished', { id, size: rec.size });
    return { ok: true, size: rec.size };
  }

  return {
    async begin(meta) {
      const folder = options.folder();
      try {
        await fs.mkdir(folder);
      } catch (error) {
        log('recordings folder could not be created', { code: codeOf(error) });
        return fail('io', `the recordings folder could not be created (${codeOf(error) ?? 'error'})`);
      }
      for (let n = 1; n <= 99; n++) {
        const id = recordingFileName(meta.startedAt, meta.party, n);
        const file = resolveRecording(folder, id);
        if (!file) return fail('invalid-name', 'no valid file name could be made for this recording');
        try {
          const handle = await fs.create(file);
          open.set(id, { handle, size: 0, nextSeq: 0, queue: Promise.resolve(), failed: null });
          log('recording started', { id });
          return { ok: true, id };
        } catch (error) {
          if (codeOf(error) === 'EEXIST') continue;
          log('recording file could not be created', { code: codeOf(error) });
          return fail('io', `the recording file could not be created (${codeOf(error) ?? 'error'})`);
        }
      }
      return fail('io', 'too many recordings with the same name');
    },

    append(id, seq, chunk) {
      const rec = open.get(id);
      if (!rec) return Promise.resolve(fail('unknown-recording', 'no recording with that name is being written'));
      const result = rec.queue.then(() => appendNow(id, rec, seq, chunk));
      rec.queue = result;
      return result;
    },

    finish,

    async read(id) {
      const file = resolveRecording(options.folder(), id);
      if (!file) return null;
      return fs.readFile(file);
    },

    async saveAs(id) {
      const file = resolveRecording(options.folder(), id);
      if (!file) return { ok: false, reason: 'invalid-name' };
      if ((await fs.readFile(file)) === null) return { ok: false, reason: 'missing' };
      const target = await options.chooseSavePath(id);
      if (!target) return { ok: false, reason: 'cancelled' };
      try {
        await fs.copyFile(file, target);
        return { ok: true };
      } catch (error) {
        log('saving a copy failed', { id, code: codeOf(error) });
        return { ok: false, reason: 'io' };
      }
    },

    async remove(ids) {
      const folder = options.folder();
      const removed: string[] = [];
      const failed: string[] = [];
      for (const id of ids) {
        const file = resolveRecording(folder, id);
        // A recording still being written is finished first, so its handle is not left open.
        if (file && open.has(id)) await finish(id);
        try {
          if (!file) throw new Error('invalid name');
          await fs.remove(file);
          removed.push(id);
        } catch (error) {
          log('deleting a recording failed', { code: codeOf(error) });
          failed.push(id);
        }
      }
      return { removed, failed };
    },

    async closeAll() {
      await Promise.all([...open.keys()].map((id) => finish(id)));
    },
  };
}
