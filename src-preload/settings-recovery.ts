/**
 * Turning whatever was stored into valid Settings, field by field. Shared by main (electron-store)
 * and the web build (localStorage), so both recover a damaged or older value the same way.
 */
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './contract';

type JsonObject = Record<string, unknown>;

const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
    const raw = source[key];
    if (fieldSchema instanceof z.ZodArray && Array.isArray(raw)) {
      // One damaged function key or holiday costs that entry, not the other 119.
      const element = fieldSchema.element as z.ZodType;
      const kept = raw.flatMap((item) => {
        const one = element.safeParse(item);
        return one.success ? [one.data] : [];
      });
      const list = fieldSchema.safeParse(kept);
      out[key] = list.success ? list.data : structuredClone(fieldFallback);
      continue;
    }
    const parsed = (fieldSchema as z.ZodType).safeParse(raw);
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
