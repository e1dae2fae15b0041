/**
 * Pure helpers for stored settings: recovery (shared with the web build) and applying a patch.
 */
import { isPlainObject, type JsonObject } from './store-port';

export { toValidSettings } from '../../src-preload/settings-recovery';

/**
 * Merge a patch into stored settings: sections (plain objects) are merged one level deep, other
 * values replaced, `undefined` ignored. Works on raw objects too, so unknown fields written by a
 * newer version survive a write from this one.
 */
export function mergePatch<T extends JsonObject>(base: T, patch: JsonObject): T {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    if (isPlainObject(value) && isPlainObject(current)) {
      const section: JsonObject = { ...current };
      for (const [field, fieldValue] of Object.entries(value)) {
        if (fieldValue !== undefined) section[field] = fieldValue;
      }
      out[key] = section;
    } else {
      out[key] = value;
    }
  }
  return out as T;
}
