import type { DirectoryPerson } from '../../src-preload/contract';

/**
 * A colleague: a person of the company directory (LDAP, as main maps it) or one added by
 * extension, whose `id` is then `ext:<extension>`. Names are shown whole, so the parts are not kept.
 */
export type Colleague = Omit<DirectoryPerson, 'firstName' | 'lastName'>;
