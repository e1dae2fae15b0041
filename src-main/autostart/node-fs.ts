/** The Linux autostart file operations over node:fs (the real port for autostart.ts). */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AutostartFsPort } from './autostart';

export const nodeAutostartFs: AutostartFsPort = {
  async readFile(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  writeFile: (path, contents) => writeFile(path, contents, { encoding: 'utf8', mode: 0o644 }),
  removeFile: (path) => rm(path, { force: true }),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true, mode: 0o700 });
  },
};
