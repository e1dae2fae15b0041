/**
 * Descriptor dumps as people share them: whitespace-separated hex bytes (`05 0b 09 05 a1 01 …`),
 * as in `xxd -p`-style captures split into bytes and in ../shared/headsets/*.hex. Blank lines and
 * any whitespace are fine; a `0x` prefix is accepted because support tickets often carry it.
 */

export class HexFormatError extends Error {
  override readonly name = 'HexFormatError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly token: string,
  ) {
    super(`not a hex byte at line ${line}, column ${column}: "${token.length > 16 ? `${token.slice(0, 16)}…` : token}" (expected two hex digits such as 0b)`);
  }
}

export function parseHexBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    for (const match of line.matchAll(/\S+/g)) {
      const token = match[0];
      const digits = /^0x/i.test(token) ? token.slice(2) : token;
      if (!/^[0-9a-fA-F]{2}$/.test(digits)) throw new HexFormatError(l + 1, (match.index ?? 0) + 1, token);
      bytes.push(parseInt(digits, 16));
    }
  }
  return Uint8Array.from(bytes);
}

export function toHex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
