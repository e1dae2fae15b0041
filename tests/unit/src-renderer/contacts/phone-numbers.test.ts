import { describe, expect, it } from 'vitest';
import { formatNumber, normaliseNumber } from '../../../../src-renderer/contacts/phone-numbers';
import { checkFields } from '../../../../src-renderer/contacts/validate';
import { contactFromColleague } from '../../../../src-renderer/contacts/from-colleague';
import { emptyFields } from '../../../../src-renderer/data/contacts';

describe('normaliseNumber', () => {
  it('stores E.164, reading numbers without a country code in the default region', () => {
    expect(normaliseNumber('138 0013 8000', 'CN')).toEqual({ ok: true, value: '+8613800138000' });
    expect(normaliseNumber('+86 (10) 8888-0001', 'US')).toEqual({ ok: true, value: '+861088880001' });
    expect(normaliseNumber('(650) 253-0000', 'US')).toEqual({ ok: true, value: '+16502530000' });
    expect(normaliseNumber('+1 650 253 0000 ext. 12', 'CN')).toEqual({ ok: true, value: '+16502530000;ext=12' });
    expect(normaliseNumber('+16502530000;ext=12', 'CN')).toEqual({ ok: true, value: '+16502530000;ext=12' });
  });
  it('keeps extensions and feature codes as typed, and empty as empty', () => {
    for (const short of ['1002', '*97', '#21', '100']) expect(normaliseNumber(short, 'CN')).toEqual({ ok: true, value: short });
    expect(normaliseNumber('  ', 'CN')).toEqual({ ok: true, value: '' });
  });
  it('refuses what is not a number', () => {
    for (const bad of ['call me', '12ab', '1234567890123456789', '+0 123', 'a@b.c']) expect(normaliseNumber(bad, 'CN').ok, bad).toBe(false);
  });
  it('formats for display: national at home, international abroad', () => {
    expect(formatNumber('+8613800138000', 'CN')).toBe('138 0013 8000');
    expect(formatNumber('+16502530000', 'CN')).toBe('+1 650 253 0000');
    expect(formatNumber('+16502530000;ext=12', 'US')).toBe('(650) 253-0000 ext. 12');
    expect(formatNumber('*97', 'CN')).toBe('*97');
  });
});

describe('checkFields', () => {
  it('trims, normalises and names every problem', () => {
    const r = checkFields({ ...emptyFields(), firstName: ' Ada ', email: 'ada@example.com', numbers: { business: '1002', mobile: '13800138000', home: '', other: '' } }, 'CN');
    expect(r.problems).toEqual([]);
    expect(r.fields).toMatchObject({ firstName: 'Ada', numbers: { business: '1002', mobile: '+8613800138000' } });
    const bad = checkFields({ ...emptyFields(), notes: 'x'.repeat(10_001), email: 'nope', numbers: { business: 'abc', mobile: '', home: '', other: '' } }, 'CN');
    expect(bad.problems.map((p) => p.code)).toEqual(['tooLong', 'missingName', 'badNumber', 'badEmail']);
  });
});

describe('contactFromColleague (C5)', () => {
  it('copies name, company, title, extension and mobile', () => {
    const c = contactFromColleague({ id: 'ext:1002', name: 'Ada Lovelace', extension: '1002', mobile: '13800138000', email: 'ada@example.com', department: 'R&D', title: 'Engineer', company: 'ACME' });
    expect(c).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', company: 'ACME', title: 'Engineer', email: 'ada@example.com', numbers: { business: '1002', mobile: '13800138000' } });
    expect(contactFromColleague({ id: 'x', name: '张三', extension: '', mobile: '', email: '', department: '', title: '', company: '' }).firstName).toBe('张三');
  });
});
