import { describe, expect, it } from 'vitest';
import { dialChoice } from '../../../../../src-renderer/features/dial/dial-choice';
import type { SearchHit } from '../../../../../src-renderer/search/search-index';

const hit = (name: string, number: string): SearchHit => ({
  entry: { kind: 'colleague', id: name, name, numbers: [{ label: 'extension', value: number }], email: '', company: '', detail: '' },
  tier: 1,
  number,
  numberLabel: 'extension',
});
const hits = [hit('张三', '1001'), hit('张伟', '2003')];

describe('dialChoice', () => {
  it('reaches the top match for a name', () => expect(dialChoice('zs', hits, -1)).toBe('1001'));
  it('reaches the option chosen with the arrows', () => expect(dialChoice('zs', hits, 1)).toBe('2003'));
  it('dials what was typed when nothing matches', () => expect(dialChoice('bob', [], -1)).toBe('bob'));
  it('dials a typed number as typed even when a longer one matches', () => expect(dialChoice('100', hits, -1)).toBe('100'));
  it('dials feature codes and SIP addresses as typed', () => {
    expect(dialChoice('*97', hits, -1)).toBe('*97');
    expect(dialChoice('sip:bob@example.com', hits, -1)).toBe('sip:bob@example.com');
  });
  it('reaches nothing for an empty box', () => expect(dialChoice('  ', hits, -1)).toBe(''));
});
