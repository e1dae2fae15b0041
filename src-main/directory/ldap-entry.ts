/** An LDAP entry, as ldapts returns it, mapped through the settings' attribute names. */
import type { DirectoryPerson, DirectorySettings } from '../../src-preload/contract';

export type LdapEntry = { dn: string } & Record<string, unknown>;

/** ldapts gives a string, a string[] or a Buffer per attribute, with the name as asked or as the server spells it. */
function first(entry: LdapEntry, attribute: string): string {
  if (!attribute) return '';
  let value = entry[attribute];
  if (value === undefined) {
    const lower = attribute.toLowerCase();
    const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
    value = key === undefined ? undefined : entry[key];
  }
  const one = Array.isArray(value) ? value[0] : value;
  if (typeof one === 'string') return one.trim();
  if (one instanceof Uint8Array) return Buffer.from(one).toString('utf8').trim();
  return '';
}

/** "uid=u1,ou=Sales,ou=people,dc=x" → "Sales": the nearest organisational unit holding the entry. */
export function departmentFromDn(dn: string): string {
  const rdns = dn.split(/(?<!\\),/).slice(1);
  for (const rdn of rdns) {
    const m = /^\s*ou\s*=(.*)$/i.exec(rdn);
    if (m) return unescapeDnValue(m[1]!.trim());
  }
  return '';
}

/** DN values escape with `\,` or `\xx` hex pairs (UTF-8). */
function unescapeDnValue(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '\\' && i + 1 < value.length) {
      bytes.push(...Buffer.from(value[++i]!, 'utf8'));
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function mapEntry(entry: LdapEntry, attributes: DirectorySettings['attributes']): DirectoryPerson {
  const firstName = first(entry, attributes.firstName);
  const lastName = first(entry, attributes.lastName);
  const name = first(entry, attributes.name) || [firstName, lastName].filter(Boolean).join(' ');
  return {
    id: entry.dn,
    name,
    firstName,
    lastName,
    extension: first(entry, attributes.extension),
    mobile: first(entry, attributes.mobile),
    email: first(entry, attributes.email),
    department: first(entry, attributes.department) || departmentFromDn(entry.dn),
    title: first(entry, attributes.title),
    company: first(entry, attributes.company),
  };
}
