import { describe, expect, it } from 'vitest';
import { analyseCsv, checkFile, readHeader, MAX_FILE_BYTES } from '../../../../src-renderer/contacts/csv-import';
import { autoMapping } from '../../../../src-renderer/contacts/csv-columns';
import { HEADER, chunked, makeCsv, utf8 } from './csv-fixtures';

const analyse = (text: string | Uint8Array, chunk = 4096, extra = {}) =>
  analyseCsv(chunked(typeof text === 'string' ? utf8(text) : text, chunk), { region: 'CN', batchChars: 10_000, now: () => 1_700_000_000_000, ...extra });

describe('checkFile: refused before reading', () => {
  it('refuses names of 127 characters or more, counting characters not UTF-16 units', () => {
    expect(checkFile({ name: `${'a'.repeat(122)}.csv`, size: 10 })).toBeNull(); // 126
    expect(checkFile({ name: `${'a'.repeat(123)}.csv`, size: 10 })).toEqual({ code: 'nameTooLong', max: 126 }); // 127
    expect(checkFile({ name: `${'😀'.repeat(122)}.csv`, size: 10 })).toBeNull(); // 126 characters, 248 units
  });
  it('refuses files over 300 MB and empty files', () => {
    expect(checkFile({ name: 'a.csv', size: MAX_FILE_BYTES })).toBeNull();
    expect(checkFile({ name: 'a.csv', size: MAX_FILE_BYTES + 1 })).toEqual({ code: 'tooBig', maxMb: 300 });
    expect(checkFile({ name: 'a.csv', size: 0 })).toEqual({ code: 'empty' });
  });
});

describe('analyseCsv', () => {
  it('100 000 rows with 50 bad ones: exactly those 50 errors, at their lines, for their reasons', async () => {
    const { text, badLines } = makeCsv(100_000, 50);
    expect(badLines).toHaveLength(50);
    // 7-byte slices split every Chinese character and CRLF pair somewhere; big batches keep it quick.
    const result = await analyseCsv(chunked(utf8(text), 65_537), { region: 'CN', batchChars: 1 << 20 });
    expect(result.fatal).toBeNull();
    expect(result.rows).toBe(100_000);
    expect(result.errorCount).toBe(50);
    expect(result.errors.map((e) => e.line)).toEqual(badLines.map((b) => b.line));
    expect(result.errors.map((e) => e.problems.map((p) => p.code))).toEqual(badLines.map((b) => [b.kind]));
    expect(result.valid).toHaveLength(99_950);
    expect(new Set(result.valid.map((c) => c.id)).size).toBe(99_950);
    const first = result.valid[0]!;
    expect(first).toMatchObject({ firstName: '名0', lastName: '张', company: '公司0', title: '工程师', email: 'user0@example.com' });
    expect(first.numbers).toEqual({ mobile: '+8613800000000', business: '+861088880000', home: '', other: '' });
    expect(first.notes).toBe('line one, with comma\r\nline "two"');
  }, 60_000);

  it('gives the same result whatever the chunk and batch sizes (UTF-8 and CRLF split anywhere)', async () => {
    const { text, badLines } = makeCsv(400, 10);
    for (const [chunk, batch] of [[1, 7], [3, 100], [7, 1], [1000, 50_000]] as const) {
      const r = await analyseCsv(chunked(utf8(text), chunk), { region: 'CN', batchChars: batch });
      expect(r.errors.map((e) => e.line), `chunk ${chunk} batch ${batch}`).toEqual(badLines.map((b) => b.line));
      expect(r.valid.map((c) => c.firstName)).toEqual(expect.arrayContaining(['名0', '名398']));
      expect(r.valid).toHaveLength(390);
    }
  });

  it('reads files with and without a BOM, LF or CRLF, and ; as separator', async () => {
    for (const opts of [{ bom: true, crlf: true }, { bom: false, crlf: false }]) {
      const { text } = makeCsv(20, 2, opts);
      const r = await analyse(text);
      expect(r.header[0]).toBe('First Name');
      expect(r.valid).toHaveLength(18);
    }
    const semi = await analyse('\uFEFF名;姓;手机\n三;张;13800138000\n');
    expect(semi.valid[0]).toMatchObject({ firstName: '三', lastName: '张', numbers: { mobile: '+8613800138000' } });
  });

  it('refuses text that is not UTF-8, naming the line', async () => {
    const bytes = new Uint8Array([...utf8(`${HEADER}\nA,B,,,,,,\n`), 0xc4, 0xe3, 0xba, 0xc3, ...utf8(',x,,,,,,\n')]); // GBK 你好
    const r = await analyse(bytes);
    expect(r.fatal).toEqual({ code: 'notUtf8', line: 3 });
  });

  it('reports stray quotes and stops at an unclosed quote that would swallow the file', async () => {
    const stray = await analyse(`${HEADER}\nAda,"Love"lace,,,,,,\nBob,Smith,,,,,,\n`);
    expect(stray.errors[0]).toEqual({ line: 2, problems: [{ code: 'badQuotes' }] });
    const unclosed = `${HEADER}\nAda,"Lovelace,,,,,,\n` + 'Bob,Smith,,,,,,\n'.repeat(2000);
    const r = await analyseCsv(chunked(utf8(unclosed), 1024), { region: 'CN', batchChars: 1024, maxRecordChars: 10_000 });
    expect(r.fatal).toEqual({ code: 'recordTooLong', line: 2 });
  });

  it('skips empty lines without counting them as rows, but keeps counting lines', async () => {
    const r = await analyse(`${HEADER}\n\nAda,Lovelace,,,,,,\n\n,,,,,,,\n`);
    expect(r.rows).toBe(2);
    expect(r.errors).toEqual([{ line: 5, problems: [{ code: 'missingName' }] }]);
  });

  it('tolerates short rows and trailing empty columns, not extra content', async () => {
    const r = await analyse(`${HEADER}\nAda\nBob,Smith,,,,,,,,\nCy,D,,,,,,,z\n`);
    expect(r.valid.map((c) => c.firstName)).toEqual(['Ada', 'Bob']);
    expect(r.errors).toEqual([{ line: 4, problems: [{ code: 'tooManyColumns', count: 9, expected: 8 }] }]);
  });

  it('lists every reason of a row', async () => {
    const r = await analyse(`${HEADER}\n,,,,12ab,,a@b,\n`);
    expect(r.errors[0]!.problems.map((p) => p.code)).toEqual(['missingName', 'badNumber', 'badEmail']);
  });

  it('stops when cancelled, reporting progress on the way', async () => {
    const { text } = makeCsv(5000, 5);
    const controller = new AbortController();
    const progress: number[] = [];
    const r = await analyseCsv(chunked(utf8(text), 4096), {
      region: 'CN',
      batchChars: 8192,
      signal: controller.signal,
      onProgress: (b) => (progress.push(b), progress.length === 3 && controller.abort()),
    });
    expect(r.cancelled).toBe(true);
    expect(progress).toHaveLength(3);
    expect(progress[0]).toBeLessThan(progress[2]!);
    expect(r.rows).toBeLessThan(5000);
  });
});

describe('readHeader and autoMapping', () => {
  it('reads the header line only', async () => {
    expect(await readHeader(chunked(utf8(`\uFEFF${HEADER}\nAda,Lovelace\n`), 5))).toEqual(HEADER.split(','));
  });

  it('maps Chinese headers', () => {
    expect(autoMapping(['姓', '名', '公司', '职位', '手机', '电话', '邮箱', '备注', '生日'])).toEqual([
      'lastName', 'firstName', 'company', 'title', 'mobile', 'business', 'email', 'notes', null,
    ]);
    expect(autoMapping(['姓名', '手机号码'])).toEqual(['fullName', 'mobile']);
  });

  it('maps Outlook headers, taking Job Title over the courtesy Title', () => {
    const outlook = ['Title', 'First Name', 'Middle Name', 'Last Name', 'Company', 'Job Title', 'Business Phone', 'Home Phone', 'Mobile Phone', 'Other Phone', 'E-mail Address', 'Notes'];
    expect(autoMapping(outlook)).toEqual([null, 'firstName', null, 'lastName', 'company', 'title', 'business', 'home', 'mobile', 'other', 'email', 'notes']);
  });

  it('maps Google Contacts headers', () => {
    const google = ['First Name', 'Last Name', 'Organization Name', 'Organization Title', 'E-mail 1 - Value', 'Phone 1 - Value', 'Phone 2 - Value'];
    expect(autoMapping(google)).toEqual(['firstName', 'lastName', 'company', 'title', 'email', 'mobile', 'business']);
  });

  it('takes a single Name column as the first name', async () => {
    const r = await analyse('Name,Phone\nAda Lovelace,1002\n');
    expect(r.valid[0]).toMatchObject({ firstName: 'Ada Lovelace', lastName: '', numbers: { other: '1002' } });
  });
});
