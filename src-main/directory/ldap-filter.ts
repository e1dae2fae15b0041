/**
 * The search filter main sends: the configured filter, narrowed by what was typed. Every typed
 * character is escaped (RFC 4515), so a query can never change the filter's structure.
 */
import type { DirectorySettings } from '../../src-preload/contract';

/**
 * RFC 4515 value escaping: `*`, `(`, `)`, `\` and control characters. Other characters stay as
 * they are (the string form allows UTF-8), which matters: ldapts re-parses the filter and would
 * read `\e5\bc\a0` as three Latin-1 characters instead of 张.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A configured filter may be written without its outer parentheses ("objectClass=person"). */
export function wrapFilter(filter: string): string {
  const f = filter.trim();
  if (!f) return '(objectClass=*)';
  return f.startsWith('(') ? f : `(${f})`;
}

/** Attribute names as LDAP allows them (descriptor or OID); anything else is left out of the filter. */
const ATTRIBUTE = /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/;

export function buildSearchFilter(settings: Pick<DirectorySettings, 'filter' | 'attributes'>, query: string): string {
  const base = wrapFilter(settings.filter);
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 4);
  if (words.length === 0) return base;
  const a = settings.attributes;
  const textAttrs = [a.name, a.firstName, a.lastName, a.email, a.department, a.company].filter((x) => ATTRIBUTE.test(x));
  const numberAttrs = [a.extension, a.mobile].filter((x) => ATTRIBUTE.test(x));
  // Every word must match some attribute: "alice smi" finds Alice Smith.
  const perWord = words.map((word) => {
    const v = escapeFilterValue(word);
    const digits = word.replace(/[\s()+.-]/g, '');
    const parts = textAttrs.map((attr) => `(${attr}=*${v}*)`);
    if (/^\d+$/.test(digits)) parts.push(...numberAttrs.map((attr) => `(${attr}=*${escapeFilterValue(digits)}*)`));
    return parts.length === 1 ? parts[0]! : `(|${parts.join('')})`;
  });
  return `(&${base}${perWord.join('')})`;
}

/** The attributes to ask for: each mapped one once, plus 'ou' for grouping. */
export function requestedAttributes(settings: Pick<DirectorySettings, 'attributes'>): string[] {
  const names = Object.values(settings.attributes).filter((x) => ATTRIBUTE.test(x));
  return [...new Set([...names, 'ou'])];
}
