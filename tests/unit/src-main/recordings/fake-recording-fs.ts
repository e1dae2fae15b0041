/**
 * An in-memory disk for the recordings service. Written bytes sit in a cache until sync(); a
 * "crash" keeps only what was synced, as a power cut or a killed process would.
 */
import path from 'node:path';
import type { RecordingFileHandle, RecordingFsPort } from '../../../../src-main/recordings/recordings-service';

const errno = (code: string) => Object.assign(new Error(code), { code });

export class FakeRecordingFs implements RecordingFsPort {
  readonly dirs = new Set<string>();
  /** What is on the disk. */
  readonly durable = new Map<string, Uint8Array>();
  /** Written but not yet synced. */
  readonly cached = new Map<string, Uint8Array>();
  readonly ops: string[] = [];
  failWrites = false;

  async mkdir(dir: string): Promise<void> {
    this.ops.push(`mkdir ${dir}`);
    this.dirs.add(dir);
  }

  async create(file: string): Promise<RecordingFileHandle> {
    if (!this.dirs.has(path.dirname(file))) throw errno('ENOENT');
    if (this.durable.has(file)) throw errno('EEXIST');
    this.ops.push(`create ${file}`);
    this.durable.set(file, new Uint8Array());
    this.cached.set(file, new Uint8Array());
    return {
      write: async (bytes) => {
        if (this.failWrites) throw errno('ENOSPC');
        this.cached.set(file, concat(this.cached.get(file)!, bytes));
      },
      sync: async () => {
        this.ops.push(`sync ${file}`);
        this.durable.set(file, this.cached.get(file)!);
      },
      close: async () => {
        this.ops.push(`close ${file}`);
        this.durable.set(file, this.cached.get(file)!);
      },
    };
  }

  async readFile(file: string): Promise<Uint8Array | null> {
    this.ops.push(`read ${file}`);
    return this.durable.get(file) ?? null;
  }

  async copyFile(from: string, to: string): Promise<void> {
    const bytes = this.durable.get(from);
    if (!bytes) throw errno('ENOENT');
    this.ops.push(`copy ${from} -> ${to}`);
    this.durable.set(to, bytes);
  }

  async remove(file: string): Promise<void> {
    this.ops.push(`remove ${file}`);
    this.durable.delete(file);
    this.cached.delete(file);
  }

  /** The disk as a crash leaves it. */
  afterCrash(): Map<string, Uint8Array> {
    return new Map(this.durable);
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
