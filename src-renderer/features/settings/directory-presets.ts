/** Filter and attribute names that work out of the box for the two common directories. */
import type { DirectorySettings } from '../../../src-preload/contract';

type Preset = Pick<DirectorySettings, 'filter' | 'attributes'>;

export const DIRECTORY_PRESETS: Record<'openldap' | 'activeDirectory', Preset> = {
  /** inetOrgPerson (RFC 2798); departments are the organisational units (ou) holding the entries. */
  openldap: {
    filter: '(objectClass=inetOrgPerson)',
    attributes: { name: 'cn', firstName: 'givenName', lastName: 'sn', extension: 'telephoneNumber', mobile: 'mobile', email: 'mail', department: 'ou', title: 'title', company: 'o' },
  },
  /** People only (no computers or contacts), and not disabled accounts (userAccountControl bit 2). */
  activeDirectory: {
    filter: '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
    attributes: { name: 'displayName', firstName: 'givenName', lastName: 'sn', extension: 'telephoneNumber', mobile: 'mobile', email: 'mail', department: 'department', title: 'title', company: 'company' },
  },
};
