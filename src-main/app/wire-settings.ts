/**
 * Settings and secrets in the settings store, and how a settings change reaches the rest of main
 * (launch at login, hotkeys, languages, theme, headset).
 */
import type { NativeTheme, SafeStorage } from 'electron';
import type { Settings } from '../../src-preload/contract';
import type { AutostartService } from '../autostart/autostart';
import type { HeadsetService } from '../headset/headset-service';
import type { HotkeyService } from '../hotkeys/hotkey-service';
import { observeSettings, type SettingsListener } from '../settings/observe';
import { createSecretService, type SecretService } from '../settings/secret-service';
import { createSettingsService, type SettingsService } from '../settings/settings-service';
import type { KeyValueStore } from '../settings/store-port';
import type { PopupManager } from '../windows/popup-window';
import type { Logger } from './logger';
import type { ShellService } from './shell-service';

export interface SettingsWiring {
  settings: SettingsService;
  secrets: SecretService;
  /** Who applies settings changes, once everything they apply to exists. */
  onSettingsChanged(listener: SettingsListener): void;
}

export function wireSettings(input: { store: KeyValueStore; safeStorage: SafeStorage; platform: NodeJS.Platform; log: Logger }): SettingsWiring {
  const { store, safeStorage, platform, log } = input;
  const storedSettings = createSettingsService({ store, onEvent: (event) => log.info('settings', event) });
  const secrets = createSecretService({
    store,
    safeStorage,
    platform,
    onFailure: (failure) => log.warn('secret operation failed', failure),
  });

  let onSettingsChanged: SettingsListener = () => undefined;
  const settings = observeSettings(
    storedSettings,
    (next, previous) => onSettingsChanged(next, previous),
    (error) => log.error('applying settings failed', error),
  );
  return {
    settings,
    secrets,
    onSettingsChanged: (listener) => {
      onSettingsChanged = listener;
    },
  };
}

export interface SettingsTargets {
  autostart: Pick<AutostartService, 'apply'>;
  hotkeys: Pick<HotkeyService, 'apply'>;
  shellService: Pick<ShellService, 'refresh'>;
  popup: Pick<PopupManager, 'refresh'>;
  headset: Pick<HeadsetService, 'applySettings'>;
  nativeTheme: NativeTheme;
  log: Logger;
}

/** Applies `next`; with `previous` null (start-up) everything, else only what changed. */
export function createSettingsApplier(targets: SettingsTargets): (next: Settings, previous: Settings | null) => void {
  const { autostart, hotkeys, shellService, popup, headset, nativeTheme, log } = targets;
  return function applyDesktopSettings(next, previous) {
    const { desktop } = next;
    if (!previous || desktop.launchAtLogin !== previous.desktop.launchAtLogin || desktop.startHidden !== previous.desktop.startHidden) {
      autostart
        .apply(desktop)
        .then((outcome) => log.info('launch at login', outcome))
        .catch((error: unknown) => log.error('launch at login failed', error));
    }
    const statuses = hotkeys.apply(desktop.hotkeys);
    if (!previous || JSON.stringify(desktop.hotkeys) !== JSON.stringify(previous.desktop.hotkeys)) {
      log.info('hotkeys', statuses.map(({ action, state }) => ({ action, state })));
    }
    if (previous && next.language !== previous.language) {
      shellService.refresh();
      popup.refresh();
    }
    if (!previous || next.theme !== previous.theme) nativeTheme.themeSource = next.theme;
    if (previous && JSON.stringify(next.headset) !== JSON.stringify(previous.headset)) headset.applySettings(next.headset);
  };
}
