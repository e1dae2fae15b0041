/**
 * Pure helpers that turn whatever is stored into a valid Settings, and apply a patch.
 */
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../src-preload/contract';
import { isPlainObject, type JsonObject } from './store-port';

/**
 * Keep every field that is valid on its own and take the default for the rest, recursing into
 * sections. One bad value (say a theme a later version added) then costs that field, not the
 * user's whole configuration. Unknown fields are dropped.
 */
function salvage(schema: z.ZodObject, value: unknown, fallback: JsonObject): JsonObject {
  const source = isPlainObject(value) ? value : {};
  const out: JsonObject = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const fieldFallback = fallback[key];
    if (fieldSchema instanceof z.ZodObject && isPlainObject(fieldFallback)) {
      out[key] = salvage(fieldSchema, source[key], fieldFallback);
      continue;
    }
    const parsed = (fieldSchema as z.ZodType).safeParse(source[key]);
    out[key] = parsed.success ? parsed.data : structuredClone(fieldFallback);
  }
  return out;
}

export function toValidSettings(candidate: unknown, defaults: Settings = DEFAULT_SETTINGS): Settings {
  const whole = settingsSchema.safeParse(candidate);
  if (whole.success) return whole.data;
  const salvaged = settingsSchema.safeParse(salvage(settingsSchema, candidate, defaults));
  return salvaged.success ? salvaged.data : structuredClone(defaults);
}

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
