/**
 * The headset as main's IPC sees it (J8): one headset session for the app's lifetime (it holds
 * the call state across plug-ins), the node-hid driver under it, and the two events the renderer
 * hears: `headset` (a button asked for something) and `headset-devices` (the list changed).
 *
 * Nothing here throws into IPC for a device problem: a headset that cannot be written to is
 * logged, and the call goes on.
 */
import type { HeadsetCallState, HeadsetDescription, HeadsetDeviceInfo, HeadsetRequest, HeadsetSettings, MainEvents } from '../../src-preload/contract';
import type { Logger } from '../app/logger';
import { createHeadsetSession, type HeadsetSession } from './core/headset-session';
import type { HeadsetRequest as CoreRequest } from './core/state-machine';
import { createHidDriver, type DriverStatus, type HidDriverOptions } from './hid-driver';

// The contract restates the core's requests for the bridge; this fails to compile if they drift.
const sameRequests: [CoreRequest, HeadsetRequest] extends [HeadsetRequest, CoreRequest] ? true : never = true;
void sameRequests;

export type HeadsetEventSender = <K extends 'headset' | 'headset-devices'>(name: K, payload: MainEvents[K]) => boolean;

export interface HeadsetServiceOptions extends Pick<HidDriverOptions, 'platform' | 'loadHid' | 'readDescriptor' | 'timers' | 'pollMs'> {
  sendEvent: HeadsetEventSender;
  logger: Logger;
  /** Milliseconds for the state machine's echo and settle windows. */
  clock?: () => number;
}

export interface HeadsetService {
  /** Load node-hid and look for headsets with these settings. Never rejects. */
  start(settings: HeadsetSettings): Promise<void>;
  /** Settings → Audio → Headset changed. */
  applySettings(settings: HeadsetSettings): void;
  setCallState(state: HeadsetCallState): void;
  devices(): Promise<HeadsetDeviceInfo[]>;
  /** Rescan now (and retry what failed before); the list afterwards. */
  connect(): Promise<HeadsetDeviceInfo[]>;
  describe(description: HeadsetDescription): Promise<void>;
  status(): DriverStatus;
  dispose(): Promise<void>;
  readonly session: HeadsetSession;
}

export function createHeadsetService(options: HeadsetServiceOptions): HeadsetService {
  const { logger, sendEvent } = options;
  const session = createHeadsetSession({
    onRequest: (request) => {
      logger.info('headset request', { type: request.type });
      if (!sendEvent('headset', { request })) logger.warn('headset request dropped: no main window', { type: request.type });
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const driver = createHidDriver({
    platform: options.platform,
    loadHid: options.loadHid,
    readDescriptor: options.readDescriptor,
    timers: options.timers,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    session,
    logger,
    onDevices: (devices) => {
      sendEvent('headset-devices', { devices });
    },
  });

  const safely = async <T>(what: string, task: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await task();
    } catch (error) {
      logger.error(`headset ${what} failed`, error);
      return fallback;
    }
  };

  return {
    session,
    async start(settings) {
      await safely('start', () => driver.start(settings), []);
    },
    applySettings(settings) {
      void safely('settings', () => driver.configure(settings), []);
    },
    setCallState(state) {
      // The session writes the LEDs; a failed write is logged by the driver, never thrown here.
      try {
        session.setCallState(state);
      } catch (error) {
        logger.error('headset call state failed', error);
      }
    },
    devices: () => safely('listing', () => driver.devices(), []),
    connect: () => safely('rescan', () => driver.connect(), []),
    async describe(description) {
      await safely('description', () => driver.describe(description), []);
    },
    status: () => driver.status(),
    dispose: () => safely('shutdown', () => driver.dispose(), undefined),
  };
}
