import { describe, expect, it } from 'vitest';
import { HexFormatError, parseHexBytes, toHex } from '../../../../../src-main/headset/core/hex';

describe('hex bytes', () => {
  it('reads whitespace-separated bytes across lines, in either case, with or without 0x', () => {
    expect(Array.from(parseHexBytes('05 0b\n\n09 05\ta1 01\r\n0xC0  \n'))).toEqual([0x05, 0x0b, 0x09, 0x05, 0xa1, 0x01, 0xc0]);
  });

  it('reads nothing from blank input', () => {
    expect(parseHexBytes(' \n\n ').length).toBe(0);
  });

  it('names the line, column and token of a bad byte', () => {
    const bad = (text: string) => {
      try {
        parseHexBytes(text);
      } catch (error) {
        expect(error).toBeInstanceOf(HexFormatError);
        return (error as HexFormatError).message;
      }
      throw new Error('expected a HexFormatError');
    };
    expect(bad('05 0b\n09 zz a1')).toBe('not a hex byte at line 2, column 4: "zz" (expected two hex digits such as 0b)');
    expect(bad('050b')).toMatch(/line 1, column 1: "050b"/);
    expect(bad('05 5')).toMatch(/column 4: "5"/);
    expect(bad('05,0b')).toMatch(/"05,0b"/);
  });

  it('writes bytes back as hex', () => {
    expect(toHex([0x02, 0x24, 0x00])).toBe('02 24 00');
  });
});
