import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../../src-renderer/chat/search-index';

const msg = (id: string, sentAt: number, text: string, from = 'sip:1002@pbx', conversationId = '1:sip:1002@pbx') => ({
  id,
  sentAt,
  text,
  conversationId,
  from: { uri: from, number: from.slice(4, 8), name: from === 'sip:1002@pbx' ? 'Bob 王' : '' },
});

describe('SearchIndex', () => {
  const index = new SearchIndex();
  index.load([msg('1', 1, 'Quarterly REPORT due'), msg('2', 3, '明天开会讨论报告'), msg('3', 2, 'ＡＢＣ full width', 'sip:1003@pbx', '1:sip:1003@pbx')]);
  it('finds substrings case-insensitively and in Chinese, newest first', () => {
    expect(index.search('report').map((h) => h.id)).toEqual(['1']);
    expect(index.search('报告').map((h) => h.id)).toEqual(['2']);
    expect(index.search('abc').map((h) => h.id)).toEqual(['3']);
    expect(index.search('u').map((h) => h.id)).toEqual(['3', '1']);
  });
  it('by person: their messages and the chat with them; names match too', () => {
    expect(index.search('', { person: 'sip:1003@pbx' }).map((h) => h.id)).toEqual(['3']);
    expect(index.search('王').map((h) => h.id)).toEqual(['2', '1']);
    expect(index.search('', {})).toEqual([]);
  });
  it('drops old entries and de-duplicates', () => {
    index.add(msg('1', 1, 'Quarterly REPORT due'));
    expect(index.size).toBe(3);
    index.dropBefore(2);
    expect(index.search('report')).toEqual([]);
    expect(index.has('1')).toBe(false);
  });
});
