import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src-preload/contract';
import { buildSearchFilter, escapeFilterValue, requestedAttributes } from '../../../../src-main/directory/ldap-filter';
import { departmentFromDn, mapEntry } from '../../../../src-main/directory/ldap-entry';
import { classifyLdapError } from '../../../../src-main/directory/directory-service';

const dir = DEFAULT_SETTINGS.directory;

describe('LDAP filters', () => {
  it('escapes filter syntax in what was typed, keeps other characters', () => {
    expect(escapeFilterValue('a*(b)\\c')).toBe('a\\2a\\28b\\29\\5cc');
    expect(escapeFilterValue('张三')).toBe('张三');
    expect(escapeFilterValue('x\u0000')).toBe('x\\00');
  });

  it('narrows the configured filter by every word, numbers also as digits', () => {
    expect(buildSearchFilter(dir, '')).toBe('(objectClass=inetOrgPerson)');
    expect(buildSearchFilter({ ...dir, filter: 'objectClass=person' }, '')).toBe('(objectClass=person)');
    const f = buildSearchFilter(dir, 'alice 138-0013');
    expect(f.startsWith('(&(objectClass=inetOrgPerson)(|(cn=*alice*)')).toBe(true);
    expect(f).toContain('(telephoneNumber=*1380013*)');
    expect(f).toContain('(mobile=*1380013*)');
    expect(f).not.toContain('(telephoneNumber=*alice*)');
  });

  it('leaves attribute names that are not LDAP names out', () => {
    const f = buildSearchFilter({ ...dir, attributes: { ...dir.attributes, email: 'mail)(x=*' } }, 'a');
    expect(f).not.toContain('x=*');
    expect(requestedAttributes({ attributes: { ...dir.attributes, email: 'mail)(x=*' } })).not.toContain('mail)(x=*');
  });
});

describe('LDAP entries', () => {
  it('maps attributes (any case, arrays, buffers) and takes the department from the DN when there is none', () => {
    const p = mapEntry({ dn: 'uid=u1,ou=R\\2cD,ou=people,dc=x', CN: ['张三', 'Zhang San'], telephonenumber: '1001', mail: Buffer.from('a@b') }, dir.attributes);
    expect(p).toMatchObject({ id: 'uid=u1,ou=R\\2cD,ou=people,dc=x', name: '张三', extension: '1001', email: 'a@b', department: 'R,D' });
    expect(mapEntry({ dn: 'uid=u2,dc=x', givenName: 'Ann', sn: 'Lee' }, dir.attributes).name).toBe('Ann Lee');
    expect(departmentFromDn('uid=u,ou=\\E7\\A0\\94\\E5\\8F\\91\\E9\\83\\A8,dc=x')).toBe('研发部');
  });

  it('names failures without repeating anything sent', () => {
    expect(classifyLdapError(Object.assign(new Error('x'), { name: 'InvalidCredentialsError' })).reason).toBe('bad-credentials');
    expect(classifyLdapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).reason).toBe('unreachable');
    expect(classifyLdapError(Object.assign(new Error('self signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).reason).toBe('tls');
    expect(classifyLdapError(new Error('Connection timeout after 8000')).reason).toBe('timeout');
  });
});
