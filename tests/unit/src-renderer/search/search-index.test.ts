import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../../src-renderer/search/search-index';
import { callEntries, colleagueEntry, contactEntry } from '../../../../src-renderer/search/sources';
import { numberVariants } from '../../../../src-renderer/search/normalize';
import { pinyinKeys } from '../../../../src-renderer/search/pinyin';
import type { Colleague } from '../../../../src-renderer/data/colleague';

const colleague = (ext: string, name: string, more: Partial<Colleague> = {}): Colleague => ({
  id: `uid=${ext}`,
  name,
  extension: ext,
  mobile: '',
  email: `${ext}@offhook.test`,
  department: 'Engineering',
  title: '',
  company: '',
  ...more,
});

function index() {
  const ix = new SearchIndex();
  ix.set('colleague', [colleague('1001', '张三', { mobile: '+86 138 0013 8000' }), colleague('1002', '李四'), colleague('1004', 'Alice Smith'), colleague('1009', '单田芳')].map(colleagueEntry));
  ix.set('contact', [
    contactEntry({ id: 'c1', firstName: '三', lastName: '张', company: 'Acme', title: '', numbers: { business: '+862112345678', mobile: '', home: '', other: '' }, email: 'zhang@acme.cn' }),
    contactEntry({ id: 'c2', firstName: 'Bob', lastName: 'Smithers', company: 'Globex', title: '', numbers: { business: '', mobile: '+8613912345678', home: '', other: '' }, email: 'bob@globex.com' }),
  ]);
  ix.set(
    'call',
    callEntries([
      { id: 'k1', startedAt: 3, remote: { number: '13800138000', name: '', uri: '' } },
      { id: 'k2', startedAt: 2, remote: { number: '13800138000', name: 'old', uri: '' } },
      { id: 'k3', startedAt: 1, remote: { number: '1001', name: 'Zed Smith', uri: '' } },
    ]),
  );
  return ix;
}

const names = (ix: SearchIndex, q: string) => ix.search(q).hits.map((h) => `${h.entry.kind}:${h.entry.name || h.number}`);

describe('pinyin keys', () => {
  it('gives full pinyin and initials, with surname readings', () => {
    expect(pinyinKeys('张三')).toEqual({ full: 'zhangsan', initials: 'zs' });
    expect(pinyinKeys('单田芳')).toEqual({ full: 'shantianfang', initials: 'stf' });
    expect(pinyinKeys('Alice')).toEqual({ full: '', initials: '' });
  });
});

describe('SearchIndex', () => {
  it("finds 张三 by 'zs' and by 'zhangsan' (and 'zhang san'), colleague before the contact of the same name", () => {
    const ix = index();
    expect(names(ix, 'zs')).toEqual(['colleague:张三', 'contact:张三']);
    expect(names(ix, 'zhangsan')).toEqual(['colleague:张三', 'contact:张三']);
    expect(names(ix, 'zhang san')).toEqual(['colleague:张三', 'contact:张三']);
    expect(names(ix, '张')).toEqual(['colleague:张三', 'contact:张三']);
    expect(ix.search('zs').hits[0]).toMatchObject({ number: '1001', numberLabel: 'extension', tier: 0 });
  });

  it('ranks exact before prefix before contains', () => {
    const ix = index();
    // "Smith": exact word? no — prefix of "Smithers" (a name) and a later word of "Alice Smith"/"Zed Smith".
    expect(names(ix, 'alice smith')).toEqual(['colleague:Alice Smith']);
    expect(names(ix, 'smi')).toEqual(['colleague:Alice Smith', 'contact:Bob Smithers', 'call:Zed Smith']);
    expect(ix.search('ith').hits.map((h) => h.tier)).toEqual([2, 2, 2]);
    expect(ix.search('1001@offhook.test').hits[0]).toMatchObject({ tier: 0 });
  });

  it('matches numbers in any format, digits only', () => {
    const ix = index();
    // The colleague's mobile and the call log's national number are the same phone.
    expect(names(ix, '+86 138-0013-8000')).toEqual(['colleague:张三', 'call:13800138000']);
    expect(names(ix, '13800138000')).toEqual(['call:13800138000', 'colleague:张三']);
    expect(ix.search('138 0013 8000').hits.find((h) => h.entry.kind === 'colleague')).toMatchObject({ number: '+86 138 0013 8000', numberLabel: 'mobile' });
    expect(names(ix, '021 1234 5678')).toEqual(['contact:张三']);
    // The call log lists a number once (its latest call).
    expect(ix.search('138001').hits.filter((h) => h.entry.kind === 'call')).toHaveLength(1);
    expect(names(ix, '1001')).toEqual(['colleague:张三', 'call:Zed Smith']);
  });

  it('searches email and company', () => {
    const ix = index();
    expect(names(ix, 'globex')).toEqual(['contact:Bob Smithers']);
    expect(names(ix, 'acme.cn')).toEqual(['contact:张三']);
  });

  it('narrows as you type and widens again on backspace, with the same results as a fresh search', () => {
    const typed = index();
    const fresh = () => index();
    for (const q of ['s', 'sm', 'smi', 'smit', 'smi', 'sm', 'z', 'zs', 'z', '1', '13', '138', '+', '+8', '+86 138']) {
      expect(names(typed, q)).toEqual(names(fresh(), q));
    }
  });

  it('caps the hits and counts all matches', () => {
    const ix = new SearchIndex();
    ix.set('contact', Array.from({ length: 500 }, (_, i) => contactEntry({ id: `c${i}`, firstName: 'Ann', lastName: `Lee${i}`, company: '', title: '', numbers: { business: `+8610${i}`, mobile: '', home: '', other: '' }, email: '' })));
    const r = ix.search('ann', { limit: 50 });
    expect(r.hits).toHaveLength(50);
    expect(r.total).toBe(500);
  });

  it('searches one kind only when asked', () => {
    expect(index().search('zs', { kinds: ['contact'] }).hits.map((h) => h.entry.kind)).toEqual(['contact']);
  });
});

describe('numberVariants', () => {
  it('tries an international number without its country code and a national one without its trunk 0', () => {
    expect(numberVariants('+86 138-0013-8000')).toEqual(['8613800138000', '613800138000', '13800138000', '3800138000']);
    expect(numberVariants('0086 138 0013 8000')).toContain('13800138000');
    expect(numberVariants('021 1234 5678')).toEqual(['02112345678', '2112345678']);
    expect(numberVariants('1001')).toEqual(['1001']);
  });
});
