/**
 * Sleep, lock and calls (K6). After a resume or an unlock the SIP registration and the media
 * paths are likely dead (NAT bindings expired, Wi-Fi changed): the renderer is told at once so it
 * re-registers and ICE-restarts live calls. Network changes are seen by the renderer itself
 * (`online`/`offline`), which is where the SIP stack lives.
 *
 * During a call the display is kept awake, so a video call does not go dark and the machine does
 * not sleep mid-conversation.
 */
import type { MainEvents } from '../../src-preload/contract';

/** The part of Electron's powerMonitor used here. */
export interface PowerMonitorPort {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

/** The part of Electron's powerSaveBlocker used here. */
export interface PowerSaveBlockerPort {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
}

export interface PowerServiceOptions {
  powerMonitor: PowerMonitorPort;
  powerSaveBlocker: PowerSaveBlockerPort;
  onWake(event: MainEvents['power']): void;
}

export interface PowerService {
  /** From shellState.inCall. */
  setInCall(inCall: boolean): void;
  isKeepingDisplayAwake(): boolean;
  dispose(): void;
}

export function createPowerService({ powerMonitor, powerSaveBlocker, onWake }: PowerServiceOptions): PowerService {
  let blocker: number | null = null;
  const onResume = () => onWake({ reason: 'resume' });
  const onUnlock = () => onWake({ reason: 'unlock' });
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);

  function release(): void {
    if (blocker === null) return;
    powerSaveBlocker.stop(blocker);
    blocker = null;
  }

  return {
    setInCall(inCall) {
      if (inCall && blocker === null) blocker = powerSaveBlocker.start('prevent-display-sleep');
      else if (!inCall) release();
    },
    isKeepingDisplayAwake: () => blocker !== null,
    dispose() {
      release();
      powerMonitor.removeListener('resume', onResume);
      powerMonitor.removeListener('unlock-screen', onUnlock);
    },
  };
}
