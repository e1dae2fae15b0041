/**
 * When the driver scans: every `pollMs` while polling (node-hid has no hot-plug events) and at
 * once when asked.
 */
import type { HeadsetDeviceInfo } from '../../src-preload/contract';
import type { DriverLogger, DriverTimers } from './hid-ports';

export interface ScanLoopOptions {
  timers: DriverTimers;
  pollMs: number;
  logger: Pick<DriverLogger, 'error'>;
  /** One scan: enumerate, then open, switch or close devices to match. */
  scanOnce(): Promise<void>;
  /** The list after a scan, told to the renderer when it changed. */
  publish(): HeadsetDeviceInfo[];
  /** Whether polling is worth starting now. */
  canPoll(): boolean;
}

export interface ScanLoop {
  /** Runs `task` after every scan, open and close queued before it. */
  enqueue<T>(task: () => Promise<T>): Promise<T>;
  /** A scan, then the list. */
  scan(): Promise<HeadsetDeviceInfo[]>;
  /** Settles once everything queued so far has run. */
  settled(): Promise<unknown>;
  startPolling(): void;
  stopPolling(): void;
  polling(): boolean;
}

export function createScanLoop(options: ScanLoopOptions): ScanLoop {
  const { timers, pollMs, logger } = options;
  let poller: unknown = null;

  // Scans, opens and closes run one at a time. Callers arriving while a scan runs get the next
  // one, so what they see is fresh.
  let queue: Promise<unknown> = Promise.resolve();
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }
  let queued: Promise<HeadsetDeviceInfo[]> | null = null;
  function scan(): Promise<HeadsetDeviceInfo[]> {
    if (queued) return queued;
    const run = enqueue(async () => {
      queued = null;
      try {
        await options.scanOnce();
      } catch (error) {
        logger.error('headset scan failed', error);
      }
      return options.publish();
    });
    queued = run;
    return run;
  }

  return {
    enqueue,
    scan,
    settled: () => queue,
    startPolling() {
      if (poller !== null || !options.canPoll()) return;
      poller = timers.setInterval(() => void scan(), pollMs);
    },
    stopPolling() {
      if (poller === null) return;
      timers.clearInterval(poller);
      poller = null;
    },
    polling: () => poller !== null,
  };
}
