/**
 * Auto-update (K7) through electron-updater, and only when it can mean something: a packaged app
 * whose build configured an update feed. electron-builder writes `app-update.yml` into the app's
 * resources only when electron-builder.yml has a `publish` entry; without that file (or in
 * development, or with OFFHOOK_DISABLE_UPDATES=1) the updater is never even loaded, so no
 * network request is ever made.
 */

export type UpdateDecision = { active: true } | { active: false; reason: 'not-packaged' | 'no-feed' | 'disabled' };

export function decideUpdates(input: { isPackaged: boolean; hasUpdateConfig: boolean; env: Readonly<Record<string, string | undefined>> }): UpdateDecision {
  if (input.env.OFFHOOK_DISABLE_UPDATES === '1') return { active: false, reason: 'disabled' };
  if (!input.isPackaged) return { active: false, reason: 'not-packaged' };
  if (!input.hasUpdateConfig) return { active: false, reason: 'no-feed' };
  return { active: true };
}

/** The part of electron-updater's autoUpdater used here. */
export interface UpdaterPort {
  autoDownload: boolean;
  logger: unknown;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export interface UpdateServiceOptions {
  decision: UpdateDecision;
  loadUpdater(): Promise<UpdaterPort>;
  /** Where the updater logs (redacted like everything else). */
  logger: { info(message: string): void; warn(message: string): void; error(message: string): void; debug(message: string): void };
  setInterval(callback: () => void, ms: number): unknown;
  intervalMs?: number;
}

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdateService {
  /** Loads the updater and checks now and then periodically, if active. Returns whether it started. */
  start(): Promise<boolean>;
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  let started = false;
  return {
    async start() {
      if (!options.decision.active || started) return false;
      started = true;
      const updater = await options.loadUpdater();
      updater.autoDownload = true;
      updater.logger = {
        info: (m: unknown) => options.logger.info(String(m)),
        warn: (m: unknown) => options.logger.warn(String(m)),
        error: (m: unknown) => options.logger.error(String(m)),
        debug: (m: unknown) => options.logger.debug(String(m)),
      };
      const check = () => {
        updater.checkForUpdatesAndNotify().catch((error: unknown) => options.logger.warn(`update check failed: ${String(error)}`));
      };
      check();
      options.setInterval(check, options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
      return true;
    },
  };
}
