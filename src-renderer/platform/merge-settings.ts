import type { Settings, SettingsPatch } from '../../src-preload/contract';

/**
 * One section: the fields the patch names replace the base's. A field given as undefined is left
 * alone, as main's mergePatch does; spreading it would put undefined into Settings and the web
 * bridge's settingsSchema.parse would throw on a patch main accepts.
 */
function section<T extends object>(base: T, patch: Partial<T> | undefined): T {
  const out: T = { ...base };
  if (!patch) return out;
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key];
    if (value !== undefined) out[key] = value as T[keyof T];
  }
  return out;
}

/** Applies a patch section by section (a patch of `account` keeps the account fields it does not name). */
export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  return {
    ...base,
    ...(patch.language ? { language: patch.language } : {}),
    ...(patch.theme ? { theme: patch.theme } : {}),
    account: section(base.account, patch.account),
    audio: section(base.audio, patch.audio),
    desktop: section(base.desktop, patch.desktop),
    headset: section(base.headset, patch.headset),
    voicemail: section(base.voicemail, patch.voicemail),
    recordings: section(base.recordings, patch.recordings),
    directory: section(base.directory, patch.directory),
    contacts: section(base.contacts, patch.contacts),
    colleagues: section(base.colleagues, patch.colleagues),
    status: section(base.status, patch.status),
    functionKeys: section(base.functionKeys, patch.functionKeys),
  };
}
