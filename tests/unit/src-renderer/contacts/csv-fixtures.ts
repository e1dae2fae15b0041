/** CSV test files made on the fly, and a way to feed them in awkward chunk sizes. */
export const HEADER = 'First Name,Last Name,Company,Job Title,Mobile Phone,Business Phone,E-mail Address,Notes';

/** Bytes in slices of `size`: small odd sizes split UTF-8 characters and CRLF pairs. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export type BadKind = 'missingName' | 'badNumber' | 'badEmail' | 'tooManyColumns' | 'tooLong';
export const BAD_KINDS: BadKind[] = ['missingName', 'badNumber', 'badEmail', 'tooManyColumns', 'tooLong'];

function goodRow(i: number): string {
  // Every 97th row has a two-line note in quotes, so line numbers and record numbers drift apart.
  const note = i % 97 === 0 ? `"line one, with comma\nline ""two"""` : `note ${i}`;
  const mobile = `138${String(i).padStart(8, '0')}`;
  return `名${i},张,公司${i % 50},工程师,${mobile},+86 10 8888 ${String(i % 10_000).padStart(4, '0')},user${i}@example.com,${note}`;
}

function badRow(i: number, kind: BadKind): string {
  switch (kind) {
    case 'missingName':
      return `,,,,13800138000,,nobody${i}@example.com,`;
    case 'badNumber':
      return `Bad${i},Number,,,call me maybe,,,`;
    case 'badEmail':
      return `Bad${i},Email,,,,,not-an-email,`;
    case 'tooManyColumns':
      return `Bad${i},Columns,,,,,,,extra`;
    case 'tooLong':
      return `${'x'.repeat(101)},Long,,,,,,`;
  }
}

/**
 * `rows` data rows, of which `bad` are spread evenly and rotate through BAD_KINDS; returns the
 * text and the line numbers of the bad rows as a text editor would show them.
 */
export function makeCsv(rows: number, bad: number, { bom = true, crlf = true } = {}): { text: string; badLines: Array<{ line: number; kind: BadKind }> } {
  const nl = crlf ? '\r\n' : '\n';
  const every = Math.floor(rows / bad);
  const out: string[] = [HEADER];
  const badLines: Array<{ line: number; kind: BadKind }> = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    const isBad = i % every === every - 1 && badLines.length < bad;
    const row = isBad ? badRow(i, BAD_KINDS[badLines.length % BAD_KINDS.length]!) : goodRow(i);
    if (isBad) badLines.push({ line, kind: BAD_KINDS[badLines.length % BAD_KINDS.length]! });
    out.push(row.replace(/\n/g, nl));
    line += 1 + (row.match(/\n/g)?.length ?? 0);
  }
  return { text: (bom ? '\uFEFF' : '') + out.join(nl) + nl, badLines };
}
