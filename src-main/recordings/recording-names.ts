/**
 * Recording file names, and the one way a name from the renderer becomes a path: a bare file name
 * of the recording pattern, resolved inside the recordings folder and checked to stay there.
 */
import nodePath from 'node:path';
import { recordingIdSchema } from '../../src-preload/contract';

export { recordingFileName, sanitizeParty } from './file-name';

type PathApi = Pick<typeof nodePath, 'resolve' | 'dirname' | 'basename'>;

/** The file for a recording id inside `folder`, or null for anything that is not one of our names. */
export function resolveRecording(folder: string, id: unknown, path: PathApi = nodePath): string | null {
  if (typeof id !== 'string' || !recordingIdSchema.safeParse(id).success) return null;
  if (id.includes('..')) return null;
  const root = path.resolve(folder);
  const file = path.resolve(root, id);
  return path.dirname(file) === root && path.basename(file) === id ? file : null;
}

/**
 * The folder recordings go to: the setting when it is an absolute path, else "Offhook Recordings"
 * in the user's Music folder (Documents where there is none).
 */
export function recordingsFolder(setting: string, getPath: (name: 'music' | 'documents' | 'home') => string, path: Pick<typeof nodePath, 'isAbsolute' | 'join'> = nodePath): string {
  if (setting && path.isAbsolute(setting)) return setting;
  for (const name of ['music', 'documents', 'home'] as const) {
    try {
      const base = getPath(name);
      if (base) return path.join(base, 'Offhook Recordings');
    } catch {
      // Electron throws for a folder the desktop does not define; try the next one.
    }
  }
  return path.join('.', 'Offhook Recordings');
}
