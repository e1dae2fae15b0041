/**
 * Headsets (J8): node-hid is loaded here, lazily, so a missing libusb only turns the feature off.
 */
import { createHeadsetService, type HeadsetService } from '../headset/headset-service';
import type { NodeHidPort } from '../headset/hid-driver';
import { readHidrawDescriptor } from '../headset/linux-descriptor';
import type { SendEvent } from '../ipc/events';
import type { Logger } from './logger';

export function wireHeadset({ platform, sendEvent, log }: { platform: NodeJS.Platform; sendEvent: SendEvent; log: Logger }): HeadsetService {
  return createHeadsetService({
    platform,
    loadHid: async () => {
      // A plain require (the bundle keeps it external): the packaged module sits in app.asar with its
      // prebuilds unpacked beside it, where Electron's CommonJS loader finds them.
      const hid: NodeHidPort = require('node-hid') as typeof import('node-hid');
      return hid;
    },
    readDescriptor: (devicePath) => readHidrawDescriptor(devicePath),
    sendEvent,
    logger: log.child('headset'),
    timers: {
      // Polling must never keep the process alive on its own.
      setInterval: (callback, ms) => setInterval(callback, ms).unref(),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    },
  });
}
