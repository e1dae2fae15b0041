/** The recordings' file operations over node:fs (the real port for recordings-service.ts). */
import { copyFile, mkdir, open, readFile, rm } from 'node:fs/promises';
import type { RecordingFsPort } from './recordings-service';

export const nodeRecordingFs: RecordingFsPort = {
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
  async create(file) {
    // 'wx': never truncate or follow into an existing file.
    const handle = await open(file, 'wx', 0o600);
    return {
      write: async (bytes) => {
        let offset = 0;
        while (offset < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
          offset += bytesWritten;
        }
      },
      sync: () => handle.datasync(),
      close: () => handle.close(),
    };
  },
  async readFile(file) {
    try {
      return await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  copyFile: (from, to) => copyFile(from, to),
  remove: (file) => rm(file, { force: true }),
};
