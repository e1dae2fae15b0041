/**
 * What Enter (or Call) in "Search or dial" reaches. A name reaches its top match; a number is
 * dialled as typed unless an option was chosen with the arrow keys, so '100' still dials 100
 * when extension 1001 is listed; nothing matching dials what was typed.
 */
import { isNumberQuery } from '../../search/normalize';
import type { SearchHit } from '../../search/search-index';

export function dialChoice(typed: string, hits: readonly SearchHit[], active: number): string {
  const text = typed.trim();
  if (!text) return '';
  const chosen = active >= 0 ? hits[active] : undefined;
  if (chosen?.number) return chosen.number;
  if (isNumberQuery(text) || text.includes('@') || /^sips?:/i.test(text) || /^[*#]/.test(text)) return text;
  return hits[0]?.number || text;
}
