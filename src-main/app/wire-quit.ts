/**
 * Quitting: when closing the last window really quits, and what quitting waits for (the headset)
 * and releases (global hotkeys, the power save blocker, the popup, the tray).
 */
import type { App } from 'electron';
import type { HeadsetService } from '../headset/headset-service';
import type { HotkeyService } from '../hotkeys/hotkey-service';
import type { PowerService } from '../power/power-service';
import type { TrayService } from '../tray/tray-service';
import type { PopupManager } from '../windows/popup-window';

/** How long quitting waits for the headset to turn its lights off and close. */
const HEADSET_CLOSE_MS = 1500;

/** Returns whether the user (tray Quit, OS shutdown, Cmd+Q) asked to quit: closing then really closes. */
export function wireQuitting(app: App, platform: NodeJS.Platform): () => boolean {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('window-all-closed', () => {
    // Closing the main window only hides it (the phone lives on in the tray), so this fires only
    // once windows were really closed while quitting. macOS apps stay alive without windows.
    if (platform !== 'darwin') app.quit();
  });
  return () => quitting;
}

export interface QuitInput {
  app: App;
  headset: Pick<HeadsetService, 'dispose'>;
  hotkeys: Pick<HotkeyService, 'dispose'>;
  power: Pick<PowerService, 'dispose'>;
  popup: Pick<PopupManager, 'closeAll'>;
  tray: Pick<TrayService, 'destroy'>;
}

export function releaseOnQuit({ app, headset, hotkeys, power, popup, tray }: QuitInput): void {
  // The headset is closed before the process ends (node-hid has crashed on exit with devices
  // open) and its lights are turned off: quitting waits for that, at most HEADSET_CLOSE_MS.
  let headsetClosed = false;
  app.on('will-quit', (event) => {
    if (!headsetClosed) {
      headsetClosed = true;
      event.preventDefault();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, HEADSET_CLOSE_MS).unref());
      void Promise.race([headset.dispose(), timeout]).finally(() => app.quit());
      return;
    }
    hotkeys.dispose();
    power.dispose();
    popup.closeAll();
    tray.destroy();
  });
}
