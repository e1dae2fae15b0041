import { describe, expect, it } from 'vitest';
import { linkify } from '../../../../src-renderer/chat/links';

describe('linkify', () => {
  it('finds http(s) links and leaves trailing punctuation out', () => {
    expect(linkify('see https://example.com/a?b=1, and http://x.org.')).toEqual([
      { type: 'text', text: 'see ' },
      { type: 'link', text: 'https://example.com/a?b=1', url: 'https://example.com/a?b=1' },
      { type: 'text', text: ', and ' },
      { type: 'link', text: 'http://x.org', url: 'http://x.org' },
      { type: 'text', text: '.' },
    ]);
  });
  it('does not link other schemes or markup', () => {
    expect(linkify('javascript:alert(1) <a href="x">y</a> file:///etc')).toEqual([{ type: 'text', text: 'javascript:alert(1) <a href="x">y</a> file:///etc' }]);
    expect(linkify('链接：https://例子.中国/路径。')).toEqual([
      { type: 'text', text: '链接：' },
      { type: 'link', text: 'https://例子.中国/路径', url: 'https://例子.中国/路径' },
      { type: 'text', text: '。' },
    ]);
  });
});
