/**
 * Auto-update, started with what only the running app knows: whether it is packaged and whether
 * its resources hold an update feed (app-update.yml). Why both matter: updater.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';
import { createUpdateService, decideUpdates } from './updater';

export function startUpdates({ isPackaged, log }: { isPackaged: boolean; log: Logger }): void {
  const resources = typeof process.resourcesPath === 'string' ? process.resourcesPath : null;
  const updates = createUpdateService({
    decision: decideUpdates({
      isPackaged,
      hasUpdateConfig: resources !== null && existsSync(path.join(resources, 'app-update.yml')),
      env: process.env,
    }),
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    logger: log.child('update'),
    setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  });
  updates.start().catch((error: unknown) => log.error('auto-update failed to start', error));
}
