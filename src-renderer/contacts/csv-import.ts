/**
 * C3 import, in three steps the screen walks through:
 *   1. checkFile: refuse a file that is too big or has too long a name, before reading a byte;
 *   2. readHeader: the first record, for the column-mapping step;
 *   3. analyseCsv: stream the whole file, turn each row into a contact or into a RowError with its
 *      line number and reasons. Nothing is stored here: the caller stores `valid` in one
 *      transaction if there are no errors or the user chose "import the valid rows".
 */
import { emptyFields, newContactId, type Contact, type ContactFields } from '../data/contacts';
import { autoMapping, type ColumnMapping } from './csv-columns';
import { unguardCell } from './csv-guard';
import { CsvFatalError, readCsv, type CsvFatalCode, type CsvRecord } from './csv-reader';
import { checkFields, type Problem } from './validate';

export const MAX_FILE_BYTES = 300 * 1024 * 1024;
/** Names of 127 characters or more are refused (C3: "file name < 127 chars"). */
export const MAX_NAME_CHARS = 126;
/** Kept per import; rows beyond are still counted (and still not imported). */
export const MAX_REPORTED_ERRORS = 100_000;

export type FileRefusal = { code: 'tooBig'; maxMb: number } | { code: 'nameTooLong'; max: number } | { code: 'empty' };

export function checkFile(file: { name: string; size: number }): FileRefusal | null {
  // Characters as a person counts them (code points), not UTF-16 units.
  if ([...file.name].length > MAX_NAME_CHARS) return { code: 'nameTooLong', max: MAX_NAME_CHARS };
  if (file.size > MAX_FILE_BYTES) return { code: 'tooBig', maxMb: MAX_FILE_BYTES / 1024 / 1024 };
  if (file.size === 0) return { code: 'empty' };
  return null;
}

export type RowProblem = Problem | { code: 'tooManyColumns'; count: number; expected: number } | { code: 'badQuotes' } | { code: 'badDate'; field: 'createdAt' | 'updatedAt'; value: string };

export interface RowError {
  line: number;
  problems: RowProblem[];
}

export interface Analysis {
  header: string[];
  valid: Contact[];
  errors: RowError[];
  /** All bad rows, including any beyond MAX_REPORTED_ERRORS. */
  errorCount: number;
  /** Data rows read (empty lines not counted). */
  rows: number;
  /** Set when the file could not be read to the end; then nothing may be imported. */
  fatal: { code: CsvFatalCode; line: number } | null;
  cancelled: boolean;
}

export interface AnalyseOptions {
  region: string;
  /** The column mapping the user confirmed; by default the automatic one. */
  mapping?: ColumnMapping;
  signal?: AbortSignal;
  /** Called after each batch with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Lets the page paint between batches (setTimeout 0 in the browser). */
  yieldToUi?: () => Promise<void>;
  now?: () => number;
  batchChars?: number;
  maxRecordChars?: number;
}

export async function readHeader(chunks: AsyncIterable<Uint8Array>): Promise<string[]> {
  for await (const batch of readCsv(chunks, { batchChars: 64 * 1024 })) {
    if (batch.records.length) return batch.records[0]!.fields.map(unguardCell);
  }
  return [];
}

/** The first 64 kB of a file is plenty for its header line. */
export const headerChunks = async function* (blob: Blob): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(await blob.slice(0, 64 * 1024).arrayBuffer());
};

export async function analyseCsv(chunks: AsyncIterable<Uint8Array>, options: AnalyseOptions): Promise<Analysis> {
  const now = options.now ?? Date.now;
  const result: Analysis = { header: [], valid: [], errors: [], errorCount: 0, rows: 0, fatal: null, cancelled: false };
  let mapping: ColumnMapping | null = null;
  try {
    for await (const batch of readCsv(chunks, { batchChars: options.batchChars, maxRecordChars: options.maxRecordChars })) {
      for (const record of batch.records) {
        if (!mapping) {
          result.header = record.fields.map(unguardCell);
          mapping = options.mapping ?? autoMapping(result.header);
          continue;
        }
        result.rows++;
        const row = toContact(record, mapping, options.region, now);
        if ('contact' in row) result.valid.push(row.contact);
        else {
          result.errorCount++;
          if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line: record.line, problems: row.problems });
        }
      }
      options.onProgress?.(batch.bytesRead);
      if (options.signal?.aborted) {
        result.cancelled = true;
        break;
      }
      await options.yieldToUi?.();
    }
  } catch (e) {
    if (!(e instanceof CsvFatalError)) throw e;
    result.fatal = { code: e.code, line: e.line };
  }
  return result;
}

const MAX_ID = 64;

export function toContact(record: CsvRecord, mapping: ColumnMapping, region: string, now: () => number): { contact: Contact } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  if (record.badQuotes) problems.push({ code: 'badQuotes' });
  const { fields } = record;
  if (fields.length > mapping.length && fields.slice(mapping.length).some((f) => f.trim() !== '')) {
    problems.push({ code: 'tooManyColumns', count: fields.length, expected: mapping.length });
  }
  const input: ContactFields = emptyFields();
  let fullName = '';
  let id = '';
  let createdAt: number | null = null;
  let updatedAt: number | null = null;
  const date = (field: 'createdAt' | 'updatedAt', value: string): number | null => {
    if (value.trim() === '') return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) problems.push({ code: 'badDate', field, value });
    return Number.isNaN(ms) ? null : ms;
  };
  for (let col = 0; col < mapping.length && col < fields.length; col++) {
    const target = mapping[col];
    if (!target) continue;
    const value = unguardCell(fields[col]!);
    switch (target) {
      case 'business':
      case 'mobile':
      case 'home':
      case 'other':
        input.numbers[target] = value;
        break;
      case 'fullName':
        fullName = value.trim();
        break;
      case 'id':
        id = value.trim();
        break;
      case 'createdAt':
      case 'updatedAt':
        if (target === 'createdAt') createdAt = date(target, value);
        else updatedAt = date(target, value);
        break;
      default:
        input[target] = value;
    }
  }
  // A single "Name" column goes whole into the first name: splitting names is guesswork.
  if (fullName && !input.firstName.trim() && !input.lastName.trim()) input.firstName = fullName;
  if (id.length > MAX_ID) problems.push({ code: 'tooLong', field: 'id', max: MAX_ID });
  const checked = checkFields(input, region);
  problems.push(...checked.problems);
  if (problems.length) return { problems };
  const at = now();
  return {
    contact: { id: id || newContactId(), ...checked.fields, createdAt: createdAt ?? at, updatedAt: updatedAt ?? createdAt ?? at },
  };
}
