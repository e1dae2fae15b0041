/**
 * Recording files for the web build: the bytes live in their own IndexedDB database, one record
 * per chunk, so a tab that closes mid-call keeps every chunk already stored (like main's flushed
 * file). Same names, limits and answers as the desktop's main process.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { RECORDING_LIMITS, recordingIdSchema, type OffhookBridge, type RecordingFailure } from '../../src-preload/contract';
import { recordingFileName } from '../../src-main/recordings/file-name';

interface RecordingFilesDb extends DBSchema {
  files: { key: string; value: { id: string; size: number; nextSeq: number; open: boolean } };
  /** Key [id, seq]: a range over one id reads its chunks in order. */
  chunks: { key: [string, number]; value: Uint8Array };
}

const fail = (reason: RecordingFailure['reason'], message: string): RecordingFailure => ({ ok: false, reason, message });

export function createWebRecordings(name = 'offhook-recordings'): OffhookBridge['recordings'] {
  let dbPromise: Promise<IDBPDatabase<RecordingFilesDb>> | null = null;
  const db = () =>
    (dbPromise ??= openDB<RecordingFilesDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('files', { keyPath: 'id' });
        d.createObjectStore('chunks');
      },
    }));
  const chunkRange = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);
  /** Recordings begun in this tab; appends to anything else are refused, as in main. */
  const writing = new Set<string>();

  async function read(id: string): Promise<Uint8Array | null> {
    if (!recordingIdSchema.safeParse(id).success) return null;
    const d = await db();
    if (!(await d.get('files', id))) return null;
    const chunks = await d.getAll('chunks', chunkRange(id));
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  return {
    async begin(meta) {
      const d = await db();
      for (let n = 1; n <= 99; n++) {
        const id = recordingFileName(meta.startedAt, meta.party, n);
        const tx = d.transaction('files', 'readwrite');
        if (await tx.store.get(id)) continue;
        await tx.store.put({ id, size: 0, nextSeq: 0, open: true });
        await tx.done;
        writing.add(id);
        return { ok: true, id };
      }
      return fail('io', 'too many recordings with the same name');
    },
    async append(id, seq, chunk) {
      if (!writing.has(id)) return fail('unknown-recording', 'no recording with that name is being written');
      if (chunk.byteLength > RECORDING_LIMITS.chunkBytes) return fail('chunk-too-large', `a chunk of ${chunk.byteLength} bytes is over the limit`);
      const tx = (await db()).transaction(['files', 'chunks'], 'readwrite');
      const file = await tx.objectStore('files').get(id);
      if (!file) return fail('unknown-recording', 'the recording was deleted');
      if (seq !== file.nextSeq) return fail('out-of-order', `chunk ${seq} arrived, chunk ${file.nextSeq} was expected`);
      if (file.size + chunk.byteLength > RECORDING_LIMITS.recordingBytes) {
        return fail('too-large', `the recording reached its size limit of ${RECORDING_LIMITS.recordingBytes / 1024 / 1024} MiB; recording stopped`);
      }
      await tx.objectStore('chunks').put(chunk, [id, seq]);
      await tx.objectStore('files').put({ ...file, size: file.size + chunk.byteLength, nextSeq: seq + 1 });
      await tx.done;
      return { ok: true, size: file.size + chunk.byteLength };
    },
    async finish(id) {
      if (!writing.delete(id)) return fail('unknown-recording', 'no recording with that name is being written');
      const d = await db();
      const file = await d.get('files', id);
      if (!file) return fail('unknown-recording', 'the recording was deleted');
      await d.put('files', { ...file, open: false });
      return { ok: true, size: file.size };
    },
    read,
    async saveAs(id) {
      const bytes = await read(id);
      if (!bytes) return { ok: false, reason: recordingIdSchema.safeParse(id).success ? 'missing' : 'invalid-name' };
      // A browser saves through a download; where it goes is the browser's choice.
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/webm' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = id;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return { ok: true };
    },
    async remove(ids) {
      const d = await db();
      const removed: string[] = [];
      const failed: string[] = [];
      for (const id of ids) {
        if (!recordingIdSchema.safeParse(id).success) {
          failed.push(id);
          continue;
        }
        writing.delete(id);
        const tx = d.transaction(['files', 'chunks'], 'readwrite');
        await tx.objectStore('chunks').delete(chunkRange(id));
        await tx.objectStore('files').delete(id);
        await tx.done;
        removed.push(id);
      }
      return { removed, failed };
    },
  };
}
