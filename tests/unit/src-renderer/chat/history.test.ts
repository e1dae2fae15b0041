import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChatHistory } from '../../../../src-renderer/chat/history';
import type { ChatMessage } from '../../../../src-renderer/chat/types';

const m = (id: string, sentAt: number, conversationId = 'c1'): ChatMessage => ({
  id,
  conversationId,
  kind: 'text',
  from: { uri: 'sip:1002@pbx', number: '1002', name: '' },
  outgoing: false,
  text: id,
  sentAt,
  receivedAt: sentAt,
  state: 'received',
});

describe('ChatHistory', () => {
  it('keeps accounts apart, pages a conversation and purges after a year', async () => {
    const now = Date.now();
    const year = 365 * 86400_000;
    const h = await ChatHistory.open('sip:1001@pbx');
    const other = await ChatHistory.open('sip:1009@pbx');
    await h.putMessages([m('old', now - year - 1000), m('a', now - 3000), m('b', now - 2000), m('c', now - 1000), m('x', now, 'c2')]);
    expect((await other.allMessages()).length).toBe(0);
    expect((await h.messages('c1', 2)).map((x) => x.id)).toEqual(['b', 'c']);
    expect(await h.purge(now)).toBe(1);
    expect(await h.get('old')).toBeUndefined();
    expect((await h.messages('c1')).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    await h.setPref('prefs', { sound: false });
    expect(await h.getPref('prefs')).toEqual({ sound: false });
    h.close();
    other.close();
  });
});
