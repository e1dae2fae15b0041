import type { Settings, SettingsPatch } from '../../src-preload/contract';

/** Applies a patch section by section (a patch of `account` keeps the account fields it does not name). */
export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  return {
    ...base,
    ...(patch.language ? { language: patch.language } : {}),
    ...(patch.theme ? { theme: patch.theme } : {}),
    account: { ...base.account, ...(patch.account ?? {}) },
    audio: { ...base.audio, ...(patch.audio ?? {}) },
    desktop: { ...base.desktop, ...(patch.desktop ?? {}) },
    headset: { ...base.headset, ...(patch.headset ?? {}) },
    voicemail: { ...base.voicemail, ...(patch.voicemail ?? {}) },
    recordings: { ...base.recordings, ...(patch.recordings ?? {}) },
  };
}
