/**
 * Streaming CSV reading: bytes → UTF-8 text → records, each with the line it starts on.
 *
 * Parsing is papaparse's RFC 4180 parser (Papa.Parser: quoted fields, "" escapes, line breaks
 * inside quotes, a fast path for quote-free text). Its own file streamer is not used: it decodes
 * each byte slice separately, which breaks any multi-byte UTF-8 character (every Chinese name)
 * that straddles a slice boundary. Here one streaming TextDecoder ('fatal', so text that is not
 * UTF-8 is refused instead of silently turned into U+FFFD) decodes the bytes and strips a BOM,
 * and the part of the text after the last complete record is carried into the next batch —
 * the same carry-over papaparse's ChunkStreamer does.
 */
import Papa from 'papaparse';

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
  /** The parser found a stray or unclosed quote in this record. */
  badQuotes: boolean;
}

export interface CsvBatch {
  records: CsvRecord[];
  /** Bytes consumed so far, for progress. */
  bytesRead: number;
}

export type CsvFatalCode = 'notUtf8' | 'recordTooLong';
export class CsvFatalError extends Error {
  constructor(
    readonly code: CsvFatalCode,
    readonly line: number,
  ) {
    super(`${code} at line ${line}`);
  }
}

export interface ReadCsvOptions {
  /** Parse once this much text has arrived (characters). */
  batchChars?: number;
  /** A record longer than this (most often: an unclosed quote swallowing the rest of the file) stops the read. */
  maxRecordChars?: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;
const countBreaks = (s: string): number => s.match(LINE_BREAK)?.length ?? 0;

/** The header line's most frequent separator outside quotes: ',' (RFC 4180), ';' (European Excel) or tab. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1) return '\n';
  if (lf === cr + 1) return '\r\n';
  return lf === -1 || cr < lf ? '\r' : '\n';
}

/** Line breaks in a chunk before its first invalid UTF-8 sequence, to name the line at fault. */
function breaksBeforeBadByte(chunk: Uint8Array | undefined): number {
  if (!chunk) return 0;
  let start = 0;
  while (start < 3 && start < chunk.length && (chunk[start]! & 0xc0) === 0x80) start++; // the tail of a character begun in the previous chunk
  const text = new TextDecoder('utf-8').decode(chunk.subarray(start));
  const bad = text.indexOf('\uFFFD');
  return countBreaks(bad === -1 ? text : text.slice(0, bad));
}

export async function* readCsv(chunks: AsyncIterable<Uint8Array>, options: ReadCsvOptions = {}): AsyncGenerator<CsvBatch> {
  const batchChars = options.batchChars ?? 1 << 20;
  const maxRecordChars = options.maxRecordChars ?? 1 << 20;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parser: Papa.Parser | null = null;
  let pending = '';
  let buffered = '';
  let line = 1;
  let bytesRead = 0;

  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new CsvFatalError('notUtf8', line + countBreaks(pending) + countBreaks(buffered) + breaksBeforeBadByte(chunk));
    }
  };

  const parse = (final: boolean): CsvRecord[] => {
    const input = pending + buffered;
    buffered = '';
    if (input === '') return [];
    if (!parser && !final && !/[\r\n][^]/.test(input)) {
      // The separator and line ending are guessed from the whole first line: wait until it is here.
      pending = input;
      return [];
    }
    parser ??= new Papa.Parser({ delimiter: detectDelimiter(input), newline: detectNewline(input), quoteChar: '"' });
    const result = parser.parse(input, 0, !final) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
    const data = result.data;
    const quoteErrors = new Set(result.errors.filter((e) => e.row !== undefined && e.row < data.length).map((e) => e.row!));
    const records: CsvRecord[] = [];
    for (let i = 0; i < data.length; i++) {
      const fields = data[i]!;
      const start = line;
      line += 1;
      for (const f of fields) if (f.includes('\n') || f.includes('\r')) line += countBreaks(f);
      if (fields.length === 1 && fields[0] === '') continue; // an empty line
      records.push({ line: start, fields, badQuotes: quoteErrors.has(i) });
    }
    pending = final ? '' : input.slice(result.meta.cursor);
    if (pending.length > maxRecordChars) throw new CsvFatalError('recordTooLong', line);
    return records;
  };

  for await (const chunk of chunks) {
    bytesRead += chunk.byteLength;
    buffered += decode(chunk);
    if (buffered.length >= batchChars) yield { records: parse(false), bytesRead };
  }
  buffered += decode();
  yield { records: parse(true), bytesRead };
}

/** A Blob's bytes, chunk by chunk (Blob.stream() exists in browsers and in Node). */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
