import { describe, expect, it } from 'vitest';
import { BOM, contactsToCsvParts, csvCell } from '../../../../src-renderer/contacts/csv-export';
import { guardCell, unguardCell } from '../../../../src-renderer/contacts/csv-guard';
import { analyseCsv } from '../../../../src-renderer/contacts/csv-import';
import type { Contact } from '../../../../src-renderer/data/contacts';
import { chunked, utf8 } from './csv-fixtures';

const contact = (over: Partial<Contact>): Contact => ({
  id: 'c1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  company: '',
  title: '',
  numbers: { business: '', mobile: '', home: '', other: '' },
  email: '',
  notes: '',
  createdAt: 1_700_000_000_123,
  updatedAt: 1_700_000_500_456,
  ...over,
});

describe('formula-injection guard', () => {
  it('prefixes cells a spreadsheet would run, and leaves E.164 numbers alone', () => {
    expect(guardCell('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    for (const v of ['+cmd|x', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(guardCell(v)).toBe(`'${v}`);
    expect(guardCell('+8613800138000')).toBe('+8613800138000');
    expect(guardCell('+8613800138000;ext=12')).toBe('+8613800138000;ext=12');
    expect(guardCell('*97')).toBe('*97');
    expect(guardCell("it's")).toBe("it's");
  });

  it('unguard(guard(v)) = v, including values that already start with apostrophes', () => {
    const values = ['', 'plain', '=1+1', "'=1+1", "''=x", "'", "''", "'plain", '+86 138', '+8613800138000', '-', '@', '\t', "'\t", 'a=b', '张三'];
    for (const v of values) expect(unguardCell(guardCell(v)), JSON.stringify(v)).toBe(v);
    expect(guardCell("'=1+1")).toBe("''=1+1");
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });
});

describe('export → import round trip', () => {
  it('gives back exactly the same contacts', async () => {
    const contacts: Contact[] = [
      contact({}),
      contact({
        id: 'c2',
        firstName: '三',
        lastName: '张',
        company: '示例公司, "北京"',
        title: '=cmd|calc',
        numbers: { business: '+861088880001;ext=12', mobile: '+8613800138000', home: '*97', other: '1002' },
        email: 'zhang@example.cn',
        notes: "line 1\r\nline 2\n'=still text\n\t-tabbed",
      }),
      contact({ id: 'c3', firstName: "'=quoted", lastName: '-minus', company: '@at', notes: '+plus' }),
    ];
    const text = contactsToCsvParts(contacts).join('');
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.split('\r\n')[0]).toBe(`${BOM}First Name,Last Name,Company,Job Title,Business Phone,Mobile Phone,Home Phone,Other Phone,E-mail Address,Notes,Offhook ID,Created,Updated`);
    expect(text).toContain(",'=cmd|calc,");
    // No cell of the file begins with a formula character unless it is an E.164 number.
    const back = await analyseCsv(chunked(utf8(text), 13), { region: 'US', batchChars: 50 });
    expect(back.errors).toEqual([]);
    expect(back.valid).toEqual(contacts);
  });
});
