/**
 * Settings that tell main when they change, so the shell (launch at login, hotkeys, tray
 * language, theme) follows what the user set. A failing listener is reported, never turned into
 * a failed settings write: the value is already stored.
 */
import type { Settings } from '../../src-preload/contract';
import type { SettingsService } from './settings-service';
import { jsonEqual } from './store-port';

export type SettingsListener = (next: Settings, previous: Settings) => void;

export function observeSettings(service: SettingsService, listener: SettingsListener, onListenerError?: (error: unknown) => void): SettingsService {
  return {
    get: () => service.get(),
    set(patch) {
      const previous = service.get();
      const next = service.set(patch);
      if (!jsonEqual(previous, next)) {
        try {
          listener(next, previous);
        } catch (error) {
          onListenerError?.(error);
        }
      }
      return next;
    },
  };
}
