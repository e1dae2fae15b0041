import { describe, expect, it } from 'vitest';
import { ChatService, ChatError, FANOUT_CONCURRENCY, type HistoryPort, type IncomingMessage, type SendHandlers } from '../../../../src-renderer/chat/service';
import { encodeCpim, encodeDirectText, encodeTyping, type Outgoing } from '../../../../src-renderer/chat/wire';
import type { ChatMessage, Conversation } from '../../../../src-renderer/chat/types';

class MemoryHistory implements HistoryPort {
  msgs = new Map<string, ChatMessage>();
  convs = new Map<string, Conversation>();
  async purge(now: number) {
    let n = 0;
    for (const [id, m] of this.msgs) if (m.sentAt < now - 365 * 86400_000) this.msgs.delete(id), n++;
    return n;
  }
  async conversations() {
    return [...this.convs.values()].map((c) => structuredClone(c));
  }
  async putConversation(c: Conversation) {
    this.convs.set(c.id, structuredClone(c));
  }
  async messages(id: string) {
    return [...this.msgs.values()].filter((m) => m.conversationId === id).sort((a, b) => a.sentAt - b.sentAt).map((m) => structuredClone(m));
  }
  async get(id: string) {
    const m = this.msgs.get(id);
    return m && structuredClone(m);
  }
  async getMany(ids: string[]) {
    return ids.map((id) => this.msgs.get(id));
  }
  async putMessage(m: ChatMessage) {
    this.msgs.set(m.id, structuredClone(m));
  }
  async allMessages() {
    return [...this.msgs.values()];
  }
}

interface Sent {
  target: string;
  out: Outgoing;
  h: SendHandlers;
}

function setup(me = '1001') {
  const sent: Sent[] = [];
  let t = 1_700_000_000_000;
  let n = 0;
  const history = new MemoryHistory();
  const service = new ChatService({
    history,
    me: { uri: `sip:${me}@pbx`, number: me, name: `User ${me}` },
    send: (target, out, h) => void sent.push({ target, out, h }),
    now: () => t,
    newId: () => `${me}-id-${++n}`,
  });
  return { service, sent, history, tick: (ms: number) => (t += ms), now: () => t };
}

const fromPeer = (out: Outgoing, uri = 'sip:1002@pbx', extra: Partial<IncomingMessage> = {}): IncomingMessage => {
  const headers = Object.fromEntries(out.extraHeaders.map((h) => h.split(': ') as [string, string]));
  return { from: { uri, number: uri.slice(4, 8), name: '' }, contentType: out.contentType, body: out.body, header: (k) => headers[k], ...extra };
};

describe('ChatService 1:1', () => {
  it('sends text/plain and moves sending → sent / stored / failed, and retries', async () => {
    const { service, sent, history } = setup();
    await service.start();
    const c = service.direct({ uri: 'sip:1002@pbx', number: '1002', name: '' });
    await service.load(c.id);
    const a = await service.sendText(c.id, 'hi');
    expect(service.messages(c.id).at(-1)!.state).toBe('sending');
    expect(sent[0]!.target).toBe('sip:1002@pbx');
    expect(sent[0]!.out.contentType).toMatch(/^text\/plain/);
    sent[0]!.h.succeeded(200);
    expect(service.messages(c.id).find((m) => m.id === a.id)!.state).toBe('sent');

    const b = await service.sendText(c.id, 'later');
    sent[1]!.h.succeeded(202);
    expect(service.messages(c.id).find((m) => m.id === b.id)!.state).toBe('stored');

    const f = await service.sendText(c.id, 'lost');
    sent[2]!.h.failed(480, 'Unavailable');
    expect(service.messages(c.id).find((m) => m.id === f.id)).toMatchObject({ state: 'failed', failure: '480' });
    expect((await history.get(f.id))!.state).toBe('failed');
    await service.retry(f.id);
    expect(sent).toHaveLength(4);
    expect(sent[3]!.out.body).toBe('lost');
    sent[3]!.h.succeeded(200);
    expect(service.messages(c.id).find((m) => m.id === f.id)!.state).toBe('sent');
  });

  it('a send that throws (offline) fails at once', async () => {
    const history = new MemoryHistory();
    const service = new ChatService({ history, me: { uri: 'sip:1001@pbx', number: '1001', name: '' }, send: () => { throw new Error('not-registered'); } });
    await service.start();
    const c = service.direct({ uri: 'sip:1002@pbx', number: '1002', name: '' });
    await service.load(c.id);
    const m = await service.sendText(c.id, 'x');
    expect(service.messages(c.id).find((x) => x.id === m.id)).toMatchObject({ state: 'failed', failure: 'not-registered' });
  });

  it('de-duplicates by id and orders by the sender\'s time, ties by id', async () => {
    const { service, now } = setup();
    await service.start();
    const msgs = [
      encodeDirectText({ id: 'b', sentAt: now() - 1000, text: 'second' }),
      encodeDirectText({ id: 'c', sentAt: now() - 500, text: 'third' }),
      encodeDirectText({ id: 'a', sentAt: now() - 1000, text: 'first' }),
      encodeDirectText({ id: 'b', sentAt: now() - 1000, text: 'second' }),
    ];
    await service.load('1:sip:1002@pbx');
    for (const m of msgs) await service.handle(fromPeer(m));
    expect(service.messages('1:sip:1002@pbx').map((m) => m.text)).toEqual(['first', 'second', 'third']);
    expect(service.conversation('1:sip:1002@pbx')!.unread).toBe(3);
    expect(service.unreadTotal()).toBe(3);
    service.setMuted('1:sip:1002@pbx', true);
    expect(service.unreadTotal()).toBe(0);
  });

  it('asks for attention only outside the visible, unmuted chat', async () => {
    const { service, now } = setup();
    await service.start();
    const seen: boolean[] = [];
    service.on('arrived', (e) => seen.push(e.attention));
    await service.handle(fromPeer(encodeDirectText({ id: '1', sentAt: now(), text: 'a' })));
    service.setVisible('1:sip:1002@pbx');
    await service.handle(fromPeer(encodeDirectText({ id: '2', sentAt: now(), text: 'b' })));
    service.setVisible(null);
    service.setMuted('1:sip:1002@pbx', true);
    await service.handle(fromPeer(encodeDirectText({ id: '3', sentAt: now(), text: 'c' })));
    expect(seen).toEqual([true, false, false]);
    expect(service.conversation('1:sip:1002@pbx')!.unread).toBe(1);
  });

  it('queues arrivals until the history is open, and keeps them after a restart (no duplicates)', async () => {
    const { service, history, now } = setup();
    const m = fromPeer(encodeDirectText({ id: 'q1', sentAt: now(), text: 'early' }));
    void service.handle(m);
    await service.start();
    expect((await history.get('q1'))?.text).toBe('early');
    const again = new ChatService({ history, me: service.me, send: () => {} });
    await again.start();
    await again.handle(m);
    expect([...history.msgs.values()].filter((x) => x.id === 'q1')).toHaveLength(1);
  });

  it('shows typing until idle or a message', async () => {
    const { service, now } = setup();
    await service.start();
    const c = service.direct({ uri: 'sip:1002@pbx', number: '1002', name: '' });
    await service.handle(fromPeer(encodeTyping(true, 60)));
    expect(service.typing(c.id)).toEqual(['sip:1002@pbx']);
    await service.handle(fromPeer(encodeDirectText({ id: 't', sentAt: now(), text: 'done' })));
    expect(service.typing(c.id)).toEqual([]);
    service.dispose();
  });
});

describe('ChatService groups', () => {
  it('fans out with bounded concurrency to every member but me', async () => {
    const { service, sent } = setup();
    await service.start();
    const members = Array.from({ length: 20 }, (_, i) => `sip:${2000 + i}@pbx`);
    const c = await service.createGroup('Big', members);
    expect(sent).toHaveLength(FANOUT_CONCURRENCY);
    while (sent.some((s) => !(s as Sent & { done?: boolean }).done)) {
      for (const s of sent.filter((x) => !(x as Sent & { done?: boolean }).done)) {
        (s as Sent & { done?: boolean }).done = true;
        s.h.succeeded(200);
      }
    }
    expect(sent.map((s) => s.target).sort()).toEqual(members.sort());
    expect(sent.every((s) => s.out.contentType === 'message/cpim' && s.out.body.includes('OH.Group: '))).toBe(true);
    await service.load(c.id);
    expect(service.messages(c.id)[0]).toMatchObject({ kind: 'system', state: 'sent' });
  });

  it('limits: 200 members, 100 groups created', async () => {
    const { service } = setup();
    await service.start();
    await expect(service.createGroup('x', Array.from({ length: 200 }, (_, i) => `sip:${3000 + i}@pbx`))).rejects.toBeInstanceOf(ChatError);
    for (let i = 0; i < 100; i++) await service.createGroup(`g${i}`, ['sip:1002@pbx']);
    await expect(service.createGroup('one too many', ['sip:1002@pbx'])).rejects.toThrow('too-many-groups');
  });

  it('receiver: accepts members, ignores non-members and a removed member, follows versions', async () => {
    const { service, now } = setup('1002');
    await service.start();
    const g = (version: number, members: string[]) => ({ id: 'g1', name: 'Team', version, members, createdBy: 'sip:1001@pbx' });
    const all = ['sip:1001@pbx', 'sip:1002@pbx', 'sip:1003@pbx'];
    const msg = (from: string, id: string, version: number, members: string[], extra = {}) =>
      fromPeer(encodeCpim({ from, to: 'sip:1002@pbx', id, sentAt: now(), kind: 'text', text: id, group: g(version, members), ...extra }), from);
    await service.handle(msg('sip:1001@pbx', 'm1', 1, all));
    await service.handle(msg('sip:1003@pbx', 'm2', 1, all));
    await service.handle(msg('sip:1009@pbx', 'intruder', 1, [...all, 'sip:1009@pbx']));
    expect(service.conversation('g:g1')!.group!.members).toEqual(all);
    // 1001 removes 1003 (version 2)
    const removal = encodeCpim({ from: 'sip:1001@pbx', to: 'sip:1002@pbx', id: 'r', sentAt: now(), kind: 'system', text: '', group: g(2, all.slice(0, 2)), event: { type: 'removed', by: 'sip:1001@pbx', members: ['sip:1003@pbx'] } });
    await service.handle(fromPeer(removal, 'sip:1001@pbx'));
    await service.handle(msg('sip:1003@pbx', 'stale', 1, all));
    await service.load('g:g1');
    expect(service.messages('g:g1').map((m) => m.id)).toEqual(['m1', 'm2', 'r']);
    expect(service.conversation('g:g1')!.group).toMatchObject({ version: 2, members: all.slice(0, 2) });
  });

  it('the removed member learns it and can send no more', async () => {
    const { service, now } = setup('1003');
    await service.start();
    const all = ['sip:1001@pbx', 'sip:1002@pbx', 'sip:1003@pbx'];
    const g = (version: number, members: string[]) => ({ id: 'g1', name: 'Team', version, members, createdBy: 'sip:1001@pbx' });
    await service.handle(fromPeer(encodeCpim({ from: 'sip:1001@pbx', to: 'x', id: 'm1', sentAt: now(), kind: 'text', text: 'hi', group: g(1, all) }), 'sip:1001@pbx'));
    await service.handle(fromPeer(encodeCpim({ from: 'sip:1001@pbx', to: 'x', id: 'r', sentAt: now(), kind: 'system', text: '', group: g(2, all.slice(0, 2)), event: { type: 'removed', by: 'sip:1001@pbx', members: ['sip:1003@pbx'] } }), 'sip:1001@pbx'));
    expect(service.conversation('g:g1')!.group!.left).toBe(true);
    await expect(service.sendText('g:g1', 'still here?')).rejects.toThrow('left-group');
  });

  it('a change goes to old and new members alike; retry resends only to those that failed', async () => {
    const { service, sent } = setup();
    await service.start();
    const c = await service.createGroup('T', ['sip:1002@pbx', 'sip:1003@pbx']);
    sent.splice(0).forEach((s) => s.h.succeeded(200));
    await service.changeGroup(c.id, { remove: ['sip:1003@pbx'], add: ['sip:1004@pbx'] });
    expect(new Set(sent.map((s) => s.target))).toEqual(new Set(['sip:1002@pbx', 'sip:1003@pbx', 'sip:1004@pbx']));
    sent.splice(0).forEach((s) => s.h.succeeded(200));
    const m = await service.sendText(c.id, 'hello');
    expect(sent.map((s) => s.target).sort()).toEqual(['sip:1002@pbx', 'sip:1004@pbx']);
    sent[0]!.h.succeeded(200);
    sent[1]!.h.failed(408, 'timeout');
    const failedTarget = sent[1]!.target;
    await service.load(c.id);
    expect(service.messages(c.id).find((x) => x.id === m.id)!.state).toBe('failed');
    sent.splice(0);
    await service.retry(m.id);
    expect(sent.map((s) => s.target)).toEqual([failedTarget]);
  });
});
