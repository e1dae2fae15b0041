/**
 * The directory service against a real OpenLDAP (tests/pbx/ldap.ts: Debian's slapd on 127.0.0.1,
 * 520 people, size limit 500 for ordinary binds), through ldapts as main uses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type DirectoryFailure, type DirectorySettings } from '../../../../src-preload/contract';
import { connectLdap } from '../../../../src-main/directory/ldap-client';
import { createDirectoryService } from '../../../../src-main/directory/directory-service';
import { DEPARTMENTS, LDAP_PEOPLE_BASE, LDAP_READER_DN, LDAP_READER_PASSWORD, SEED_COUNT, startLdap, type Ldap } from '../../../pbx/ldap';

const PORT = 23389;
let ldap: Ldap;

beforeAll(async () => {
  ldap = await startLdap({ port: PORT });
}, 60_000);
afterAll(async () => {
  await ldap?.stop();
});

function settingsFor(patch: Partial<DirectorySettings> = {}): DirectorySettings {
  return { ...DEFAULT_SETTINGS.directory, enabled: true, url: ldap.url, bindDn: LDAP_READER_DN, baseDn: LDAP_PEOPLE_BASE, ...patch };
}

function service(settings: DirectorySettings, password: string | null = LDAP_READER_PASSWORD) {
  const failures: DirectoryFailure[] = [];
  const s = createDirectoryService({ settings: () => settings, password: () => password, connect: connectLdap, timeoutMs: 2000, onFailure: (f) => failures.push(f) });
  return Object.assign(s, { failures });
}

describe('directory service against slapd', () => {
  it('reads all 520 people page by page, past the server size limit of 500', async () => {
    const dir = service(settingsFor());
    const ids = new Set<string>();
    let page = 0;
    for (;;) {
      const r = await dir.search({ query: '', page, pageSize: 200 });
      if (!r.ok) throw new Error(r.message);
      expect(r.people.length).toBeLessThanOrEqual(200);
      for (const p of r.people) ids.add(p.id);
      if (!r.hasMore) break;
      page++;
    }
    expect(page).toBe(2);
    expect(ids.size).toBe(SEED_COUNT);
  });

  it('maps inetOrgPerson attributes and groups by organisational unit', async () => {
    const r = await service(settingsFor()).search({ query: '张三', page: 0 });
    expect(r).toMatchObject({ ok: true, hasMore: false });
    if (!r.ok) return;
    expect(r.people).toEqual([
      {
        id: `uid=u1001,ou=Engineering,${LDAP_PEOPLE_BASE}`,
        name: '张三',
        firstName: '三',
        lastName: '张',
        extension: '1001',
        mobile: '+86 138 0013 1001',
        email: '1001@offhook.test',
        department: 'Engineering',
        title: 'Engineer',
        company: 'Offhook Test',
      },
    ]);
    const all = await service(settingsFor()).search({ query: '', page: 0, pageSize: 1000 });
    expect(all.ok && new Set(all.people.map((p) => p.department))).toEqual(new Set(DEPARTMENTS));
  });

  it('searches by name (Chinese too), number in another format, and mail, every word narrowing', async () => {
    const dir = service(settingsFor());
    const names = async (query: string) => {
      const r = await dir.search({ query, page: 0 });
      if (!r.ok) throw new Error(r.message);
      return r.people.map((p) => p.name);
    };
    expect(await names('张三')).toEqual(['张三']);
    expect(await names('alice smi')).toEqual(['Alice Smith']);
    expect(await names('0013 1002')).toEqual(['李四']);
    expect(await names('1003@offhook')).toEqual(['王五']);
    expect(await names('陈晓')).toEqual(['陈晓明']);
    // Filter characters in a query are data, not syntax.
    expect(await names('*)(cn=*')).toEqual([]);
  });

  it('applies the configured filter', async () => {
    const r = await service(settingsFor({ filter: '(&(objectClass=inetOrgPerson)(title=Director))' })).search({ query: '', page: 0, pageSize: 1000 });
    expect(r.ok ? r.people.length : 0).toBeGreaterThan(10);
    expect(r.ok && r.people.every((p) => p.title === 'Director')).toBe(true);
  });

  it('says so plainly when the password is wrong, and never repeats it', async () => {
    const dir = service(settingsFor(), 'not-the-password');
    const r = await dir.search({ query: '', page: 0 });
    expect(r).toEqual({ ok: false, reason: 'bad-credentials', message: 'the server refused the bind DN or password' });
    expect(JSON.stringify(dir.failures)).not.toContain('not-the-password');
  });

  it('says so plainly when the base DN does not exist', async () => {
    const r = await service(settingsFor({ baseDn: 'ou=nowhere,dc=offhook,dc=test' })).search({ query: '', page: 0 });
    expect(r).toMatchObject({ ok: false, reason: 'no-such-base' });
  });

  it('says so plainly when the filter is not LDAP syntax', async () => {
    const r = await service(settingsFor({ filter: '(objectClass=inetOrgPerson' })).search({ query: '', page: 0 });
    expect(r).toMatchObject({ ok: false, reason: 'bad-filter' });
  });

  it('tests unsaved settings: one page and whether there is more', async () => {
    const off = service({ ...DEFAULT_SETTINGS.directory });
    await expect(off.test(settingsFor())).resolves.toEqual({ ok: true, count: 200, hasMore: true });
  });

  it('says so plainly when the server is down', async () => {
    const r = await service(settingsFor({ url: 'ldap://127.0.0.1:23399' })).search({ query: '', page: 0 });
    expect(r).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
