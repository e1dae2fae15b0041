import { describe, expect, it, vi } from 'vitest';
import { createUpdateService, decideUpdates, type UpdaterPort } from '../../../../src-main/app/updater';

describe('decideUpdates', () => {
  it('is active only for a packaged app with a configured feed', () => {
    expect(decideUpdates({ isPackaged: true, hasUpdateConfig: true, env: {} })).toEqual({ active: true });
    expect(decideUpdates({ isPackaged: false, hasUpdateConfig: true, env: {} })).toEqual({ active: false, reason: 'not-packaged' });
    expect(decideUpdates({ isPackaged: true, hasUpdateConfig: false, env: {} })).toEqual({ active: false, reason: 'no-feed' });
    expect(decideUpdates({ isPackaged: true, hasUpdateConfig: true, env: { OFFHOOK_DISABLE_UPDATES: '1' } })).toEqual({ active: false, reason: 'disabled' });
  });
});

describe('update service', () => {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };

  it('never loads the updater (no network) when inactive', async () => {
    const loadUpdater = vi.fn();
    const setInterval = vi.fn();
    const service = createUpdateService({ decision: { active: false, reason: 'no-feed' }, loadUpdater, logger, setInterval });
    await expect(service.start()).resolves.toBe(false);
    expect(loadUpdater).not.toHaveBeenCalled();
    expect(setInterval).not.toHaveBeenCalled();
  });

  it('checks now and periodically when active, logging through our logger', async () => {
    const updater: UpdaterPort = { autoDownload: false, logger: null, checkForUpdatesAndNotify: vi.fn(async () => null) };
    const setInterval = vi.fn();
    const service = createUpdateService({ decision: { active: true }, loadUpdater: async () => updater, logger, setInterval, intervalMs: 1000 });
    await expect(service.start()).resolves.toBe(true);
    await expect(service.start()).resolves.toBe(false);
    expect(updater.autoDownload).toBe(true);
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledOnce();
    expect(setInterval).toHaveBeenCalledWith(expect.any(Function), 1000);
    (updater.logger as { info(m: string): void }).info('Checking for update');
    expect(logger.info).toHaveBeenCalledWith('Checking for update');
  });

  it('logs a failed check instead of crashing', async () => {
    const updater: UpdaterPort = { autoDownload: false, logger: null, checkForUpdatesAndNotify: vi.fn(async () => Promise.reject(new Error('offline'))) };
    await createUpdateService({ decision: { active: true }, loadUpdater: async () => updater, logger, setInterval: vi.fn() }).start();
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('offline')));
  });
});
