/**
 * zod objects silently strip keys they do not declare, and the contract's nested schemas are not
 * strict. Comparing what came in with what parsing kept finds every extra field, at any depth,
 * so main can reject it instead of quietly ignoring it.
 */
import { isPlainObject } from '../settings/store-port';

export function findUnknownKeys(input: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) {
    return input.flatMap((item, i) => (i < parsed.length ? findUnknownKeys(item, parsed[i], `${path}[${i}]`) : []));
  }
  if (isPlainObject(input) && isPlainObject(parsed)) {
    return Object.keys(input).flatMap((key) => {
      const keyPath = path ? `${path}.${key}` : key;
      return key in parsed ? findUnknownKeys(input[key], parsed[key], keyPath) : [keyPath];
    });
  }
  return [];
}
