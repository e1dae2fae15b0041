/**
 * The chat (D1, D2, D5's counting): turns incoming MESSAGEs into conversations, sends with
 * visible states, fans group messages out, keeps group membership, typing, and the history.
 * Plain TypeScript; stores/chat.ts gives it a SIP sender and shows its state.
 */
import { Emitter } from '../telephony/emitter';
import { applyEnvelope, changeGroup, toEnvelope } from './groups';
import { insertOrdered } from './ordering';
import { SearchIndex, type SearchOptions } from './search-index';
import { TypingSender, TypingWatcher, REFRESH_S, realClock, type Clock } from './typing';
import { decodeIncoming, encodeCpim, encodeDirectText, encodeTyping, normalizeUri, userOf, type Outgoing, type WireMessage } from './wire';
import {
  MAX_GROUPS_CREATED,
  MAX_GROUP_MEMBERS,
  type ChatMessage,
  type Conversation,
  type FileInfo,
  type GroupInfo,
  type Party,
  type SystemEvent,
} from './types';

/** The answer to one MESSAGE: a final status, or a cause when there was none. */
export interface SendHandlers {
  succeeded(status: number): void;
  failed(status: number | null, cause: string): void;
}

/** What the service needs of history (ChatHistory implements it; tests use memory). */
export interface HistoryPort {
  purge(now: number): Promise<number>;
  conversations(): Promise<Conversation[]>;
  putConversation(c: Conversation): Promise<void>;
  messages(conversationId: string, limit?: number, before?: number): Promise<ChatMessage[]>;
  get(id: string): Promise<ChatMessage | undefined>;
  getMany(ids: string[]): Promise<Array<ChatMessage | undefined>>;
  putMessage(m: ChatMessage): Promise<void>;
  allMessages(): Promise<ChatMessage[]>;
}

export interface ChatPorts {
  /** Sends one MESSAGE; throws when not registered. */
  send(target: string, message: Outgoing, handlers: SendHandlers): void;
  history: HistoryPort;
  me: Party;
  now?(): number;
  newId?(): string;
  clock?: Clock;
}

export interface IncomingMessage {
  from: Party;
  contentType: string;
  body: string;
  header(name: string): string | undefined;
  callId?: string;
}

export interface ChatEvents extends Record<string, unknown> {
  /** Conversations (list, counts, last messages) changed. */
  change: void;
  /** A conversation's loaded messages changed (new, state, order). */
  messages: { conversationId: string };
  /** A new message from someone else was stored: for sound and notification. */
  arrived: { message: ChatMessage; conversation: Conversation; attention: boolean };
  typing: { conversationId: string; who: string[] };
  /** A file was offered to us (the files feature takes it from here). */
  'file-offer': { message: ChatMessage; conversation: Conversation };
}

export type ChatErrorKind = 'too-many-members' | 'too-many-groups' | 'not-a-group' | 'no-members' | 'left-group' | 'invalid-target';

export class ChatError extends Error {
  constructor(readonly kind: ChatErrorKind) {
    super(kind);
  }
}

/** Group fan-out: this many MESSAGEs in flight at once. */
export const FANOUT_CONCURRENCY = 8;

export const directId = (uri: string): string => `1:${uri}`;
export const groupId = (id: string): string => `g:${id}`;

interface Pending {
  /** Recipients whose MESSAGE has not been answered with success (group) — retry resends these. */
  failedTo: Set<string>;
  stored: boolean;
}

export class ChatService extends Emitter<ChatEvents> {
  readonly index = new SearchIndex();
  private readonly conversations = new Map<string, Conversation>();
  private readonly loaded = new Map<string, ChatMessage[]>();
  private readonly pending = new Map<string, Pending>();
  private readonly typingSenders = new Map<string, TypingSender>();
  private readonly typingNow = new Map<string, Set<string>>();
  private readonly watcher: TypingWatcher;
  private readonly clock: Clock;
  private started: Promise<void> | null = null;
  private ready = false;
  /** Messages that arrived while the history was still opening. */
  private queue: IncomingMessage[] = [];
  /** The conversation on screen (no unread, no popup). */
  private visible: string | null = null;
  /** Serialises incoming handling so duplicates racing each other are caught. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly ports: ChatPorts) {
    super();
    this.clock = ports.clock ?? realClock;
    this.watcher = new TypingWatcher((who, typing) => this.setTyping(directId(who), who, typing), this.clock);
  }

  get me(): Party {
    return this.ports.me;
  }

  private now(): number {
    return this.ports.now?.() ?? Date.now();
  }

  private newId(): string {
    return this.ports.newId?.() ?? crypto.randomUUID();
  }

  /** Opens the history: purge, conversations, search index; then the queued arrivals. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const h = this.ports.history;
      await h.purge(this.now());
      for (const c of await h.conversations()) this.conversations.set(c.id, c);
      this.index.load(await h.allMessages());
      this.ready = true;
      this.emit('change', undefined);
      const queued = this.queue;
      this.queue = [];
      for (const m of queued) await this.receive(m);
    })();
    return this.started;
  }

  dispose(): void {
    this.watcher.dispose();
    for (const s of this.typingSenders.values()) s.stop(false);
  }

  list(): Conversation[] {
    return [...this.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  conversation(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** Unread messages in chats that are not muted (the badge and the tray). */
  unreadTotal(): number {
    let n = 0;
    for (const c of this.conversations.values()) if (!c.muted) n += c.unread;
    return n;
  }

  typing(conversationId: string): string[] {
    return [...(this.typingNow.get(conversationId) ?? [])];
  }

  /** The loaded messages of a conversation (after `load`), in display order. */
  messages(conversationId: string): ChatMessage[] {
    return this.loaded.get(conversationId) ?? [];
  }

  async load(conversationId: string): Promise<ChatMessage[]> {
    const fromDb = await this.ports.history.messages(conversationId, 500);
    const list = this.loaded.get(conversationId) ?? [];
    for (const m of fromDb) insertOrdered(list, m);
    this.loaded.set(conversationId, list);
    this.emit('messages', { conversationId });
    return list;
  }

  /** The 1:1 conversation with someone, created if new. `target` is an extension or a URI. */
  direct(peer: Party): Conversation {
    const id = directId(peer.uri);
    let c = this.conversations.get(id);
    if (!c) {
      c = { id, type: 'direct', peer, title: peer.name || peer.number, updatedAt: this.now(), unread: 0, muted: false };
      this.conversations.set(id, c);
      this.saveConversation(c);
    } else if (peer.name && c.peer && !c.peer.name) {
      c.peer = { ...c.peer, name: peer.name };
      c.title = peer.name;
      this.saveConversation(c);
    }
    return c;
  }

  /** The conversation on screen: its messages count as read, and arrivals there ask for no attention. */
  setVisible(conversationId: string | null): void {
    this.visible = conversationId;
    if (conversationId) this.markRead(conversationId);
  }

  markRead(conversationId: string): void {
    const c = this.conversations.get(conversationId);
    if (!c || c.unread === 0) return;
    c.unread = 0;
    this.saveConversation(c);
  }

  setMuted(conversationId: string, muted: boolean): void {
    const c = this.conversations.get(conversationId);
    if (!c) return;
    c.muted = muted;
    this.saveConversation(c);
  }

  // ---------- incoming ----------

  /** Every incoming MESSAGE goes here, in arrival order. */
  handle(incoming: IncomingMessage): Promise<void> {
    if (!this.ready) {
      this.queue.push(incoming);
      return this.started ?? Promise.resolve();
    }
    this.chain = this.chain.then(() => this.receive(incoming)).catch((e) => console.error('chat: incoming message failed', e));
    return this.chain;
  }

  private async receive(incoming: IncomingMessage): Promise<void> {
    const fromUri = normalizeUri(incoming.from.uri);
    if (!fromUri) return;
    const from: Party = { uri: fromUri, number: incoming.from.number || userOf(fromUri), name: incoming.from.name };
    const decoded = decodeIncoming({
      from: fromUri,
      contentType: incoming.contentType,
      body: incoming.body,
      header: incoming.header,
      callId: incoming.callId,
      receivedAt: this.now(),
    });
    if (!decoded) return;
    if (decoded.type === 'typing') {
      this.watcher.update(fromUri, decoded.active, decoded.refreshS);
      return;
    }
    this.watcher.messageFrom(fromUri);
    const wire = decoded.message;
    // The index holds every id the history has (loaded in start()), so no disk read on this path.
    if (this.index.has(wire.id)) return;

    let conversation: Conversation;
    if (wire.group) {
      const cid = groupId(wire.group.id);
      const known = this.conversations.get(cid)?.group;
      const decision = applyEnvelope(known, wire.group, fromUri, this.me.uri);
      if (!decision.accept) return;
      conversation = this.conversations.get(cid) ?? {
        id: cid,
        type: 'group',
        title: decision.group.name,
        updatedAt: wire.sentAt,
        unread: 0,
        muted: false,
      };
      conversation.group = decision.group;
      conversation.title = decision.group.name;
      this.conversations.set(cid, conversation);
    } else {
      if (wire.kind === 'system') return;
      conversation = this.direct(from);
    }

    const message: ChatMessage = {
      id: wire.id,
      conversationId: conversation.id,
      kind: wire.kind,
      from,
      outgoing: false,
      text: wire.text,
      sentAt: wire.sentAt,
      receivedAt: this.now(),
      state: 'received',
    };
    if (wire.file) message.file = wire.file;
    if (wire.event) message.event = wire.event;

    const attention = message.kind !== 'system' && this.visible !== conversation.id;
    if (attention) conversation.unread++;
    await this.store(message, conversation);
    this.emit('arrived', { message, conversation, attention: attention && !conversation.muted });
    if (message.kind === 'file') this.emit('file-offer', { message, conversation });
  }

  private async store(message: ChatMessage, conversation: Conversation): Promise<void> {
    this.index.add(message);
    const list = this.loaded.get(conversation.id);
    if (list) insertOrdered(list, message);
    if (!conversation.lastMessage || message.sentAt >= conversation.lastMessage.sentAt) {
      conversation.lastMessage = {
        text: message.text,
        kind: message.kind,
        sentAt: message.sentAt,
        outgoing: message.outgoing,
        fromName: message.from.name || message.from.number,
      };
      conversation.updatedAt = Math.max(conversation.updatedAt, message.sentAt);
    }
    this.conversations.set(conversation.id, conversation);
    // On screen first, on disk right after: the write is not on the path to the user's eyes.
    this.saveConversation(conversation);
    this.emit('messages', { conversationId: conversation.id });
    await this.ports.history.putMessage(message);
  }

  private saveConversation(c: Conversation): void {
    void this.ports.history.putConversation(c).catch((e) => console.error('chat: could not save conversation', e));
    this.emit('change', undefined);
  }

  private setTyping(conversationId: string, who: string, typing: boolean): void {
    const set = this.typingNow.get(conversationId) ?? new Set<string>();
    if (typing) set.add(who);
    else set.delete(who);
    this.typingNow.set(conversationId, set);
    this.emit('typing', { conversationId, who: [...set] });
  }

  // ---------- outgoing ----------

  async sendText(conversationId: string, text: string): Promise<ChatMessage> {
    this.typingSenders.get(conversationId)?.stop(false);
    return this.sendNew(conversationId, { kind: 'text', text });
  }

  /** Announces a file (chat/file-offer.ts); the files feature moves the bytes. */
  async sendFileOffer(conversationId: string, file: FileInfo): Promise<ChatMessage> {
    return this.sendNew(conversationId, { kind: 'file', text: file.name, file });
  }

  private async sendNew(conversationId: string, content: { kind: 'text' | 'file'; text: string; file?: FileInfo }): Promise<ChatMessage> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new ChatError('invalid-target');
    if (conversation.group?.left) throw new ChatError('left-group');
    const message: ChatMessage = {
      id: this.newId(),
      conversationId,
      kind: content.kind,
      from: this.me,
      outgoing: true,
      text: content.text,
      sentAt: this.now(),
      receivedAt: this.now(),
      state: 'sending',
    };
    if (content.file) message.file = content.file;
    const stored = this.store(message, conversation);
    this.transmit(message, conversation, this.recipients(conversation));
    await stored;
    return message;
  }

  /** Sends a failed message again (to the group members that did not get it). */
  async retry(messageId: string): Promise<void> {
    const message = (await this.ports.history.get(messageId)) ?? undefined;
    if (!message || !message.outgoing || message.state !== 'failed') return;
    const conversation = this.conversations.get(message.conversationId);
    if (!conversation) return;
    const pending = this.pending.get(messageId);
    const to = pending && pending.failedTo.size > 0 ? [...pending.failedTo] : this.recipients(conversation);
    this.setState(message, 'sending');
    this.transmit(message, conversation, to);
  }

  private recipients(conversation: Conversation): string[] {
    if (conversation.type === 'direct') return conversation.peer ? [conversation.peer.uri] : [];
    return (conversation.group?.members ?? []).filter((m) => m !== this.me.uri);
  }

  private encode(message: ChatMessage, conversation: Conversation, to: string): Outgoing {
    if (conversation.type === 'direct' && message.kind === 'text') return encodeDirectText(message);
    const input: Parameters<typeof encodeCpim>[0] = {
      from: this.me.uri,
      to,
      id: message.id,
      sentAt: message.sentAt,
      kind: message.kind,
      text: message.text,
    };
    if (message.file) input.file = message.file;
    if (message.event) input.event = message.event;
    if (conversation.group) input.group = toEnvelope(conversation.group);
    return encodeCpim(input);
  }

  /** Sends to every recipient (at most FANOUT_CONCURRENCY at once) and settles the state. */
  private transmit(message: ChatMessage, conversation: Conversation, to: string[]): void {
    const pending: Pending = { failedTo: new Set(), stored: false };
    this.pending.set(message.id, pending);
    let failure = '';
    const queue = [...to];
    let running = 0;
    const settle = () => {
      if (running > 0 || queue.length > 0) return;
      if (pending.failedTo.size > 0) {
        message.failure = failure;
        this.setState(message, 'failed');
      } else {
        this.pending.delete(message.id);
        delete message.failure;
        this.setState(message, pending.stored ? 'stored' : 'sent');
      }
    };
    const next = () => {
      while (running < FANOUT_CONCURRENCY && queue.length > 0) {
        const target = queue.shift()!;
        running++;
        let done = false;
        const finish = (ok: boolean, status: number | null, cause = '') => {
          if (done) return;
          done = true;
          running--;
          if (ok) {
            if (status === 202) pending.stored = true;
          } else {
            pending.failedTo.add(target);
            failure = status ? String(status) : cause;
          }
          next();
          settle();
        };
        try {
          this.ports.send(target, this.encode(message, conversation, target), {
            succeeded: (status) => finish(true, status),
            failed: (status, cause) => finish(false, status, cause),
          });
        } catch (e) {
          finish(false, null, e instanceof Error ? e.message : 'error');
        }
      }
    };
    next();
    settle();
  }

  private setState(message: ChatMessage, state: ChatMessage['state']): void {
    message.state = state;
    const list = this.loaded.get(message.conversationId);
    const shown = list?.find((m) => m.id === message.id);
    if (shown && shown !== message) {
      shown.state = state;
      if (message.failure) shown.failure = message.failure;
      else delete shown.failure;
    }
    void this.ports.history.putMessage(message).catch((e) => console.error('chat: could not save message state', e));
    this.emit('messages', { conversationId: message.conversationId });
  }

  // ---------- typing ----------

  /** A keystroke in a 1:1 composer (groups get no typing indicator). */
  composing(conversationId: string): void {
    const c = this.conversations.get(conversationId);
    if (!c || c.type !== 'direct' || !c.peer) return;
    const peer = c.peer.uri;
    let sender = this.typingSenders.get(conversationId);
    if (!sender) {
      sender = new TypingSender((active) => {
        try {
          this.ports.send(peer, encodeTyping(active, REFRESH_S), { succeeded: () => {}, failed: () => {} });
        } catch {
          // Offline: typing is best effort.
        }
      }, this.clock);
      this.typingSenders.set(conversationId, sender);
    }
    sender.input();
  }

  /** The composer was emptied or left without sending. */
  stopComposing(conversationId: string): void {
    this.typingSenders.get(conversationId)?.stop(true);
  }

  // ---------- groups ----------

  async createGroup(name: string, members: string[]): Promise<Conversation> {
    const others = [...new Set(members.filter((m) => m && m !== this.me.uri))];
    if (others.length === 0) throw new ChatError('no-members');
    if (others.length + 1 > MAX_GROUP_MEMBERS) throw new ChatError('too-many-members');
    const mine = [...this.conversations.values()].filter((c) => c.group?.createdBy === this.me.uri).length;
    if (mine >= MAX_GROUPS_CREATED) throw new ChatError('too-many-groups');
    const group: GroupInfo = { id: this.newId(), name: name.trim().slice(0, 128) || others.map(userOf).join(', ').slice(0, 128), members: [this.me.uri, ...others], version: 1, createdBy: this.me.uri };
    const conversation: Conversation = { id: groupId(group.id), type: 'group', group, title: group.name, updatedAt: this.now(), unread: 0, muted: false };
    this.conversations.set(conversation.id, conversation);
    await this.sendSystem(conversation, { type: 'created', by: this.me.uri, name: group.name }, group.members);
    return conversation;
  }

  /** Adds, removes or renames; everyone in the old and the new list hears of it. */
  async changeGroup(conversationId: string, change: { name?: string; add?: string[]; remove?: string[] }): Promise<void> {
    const conversation = this.conversations.get(conversationId);
    const before = conversation?.group;
    if (!conversation || !before) throw new ChatError('not-a-group');
    if (before.left) throw new ChatError('left-group');
    const after = changeGroup(before, change);
    if (after.members.length > MAX_GROUP_MEMBERS) throw new ChatError('too-many-members');
    const added = after.members.filter((m) => !before.members.includes(m));
    const removed = before.members.filter((m) => !after.members.includes(m));
    const audience = [...new Set([...before.members, ...after.members])];
    conversation.group = after;
    conversation.title = after.name;
    if (!after.members.includes(this.me.uri)) after.left = true;
    if (change.name !== undefined && change.name !== before.name) await this.sendSystem(conversation, { type: 'renamed', by: this.me.uri, name: after.name }, audience);
    if (added.length) await this.sendSystem(conversation, { type: 'added', by: this.me.uri, members: added }, audience);
    if (removed.length) await this.sendSystem(conversation, { type: 'removed', by: this.me.uri, members: removed }, audience);
    if (!added.length && !removed.length && change.name === undefined) this.saveConversation(conversation);
  }

  private async sendSystem(conversation: Conversation, event: SystemEvent, audience: string[]): Promise<void> {
    const message: ChatMessage = {
      id: this.newId(),
      conversationId: conversation.id,
      kind: 'system',
      from: this.me,
      outgoing: true,
      text: describeEvent(event),
      event,
      sentAt: this.now(),
      receivedAt: this.now(),
      state: 'sending',
    };
    await this.store(message, conversation);
    this.transmit(message, conversation, audience.filter((m) => m !== this.me.uri));
  }

  // ---------- search ----------

  async search(query: string, options: SearchOptions = {}): Promise<ChatMessage[]> {
    const hits = this.index.search(query, options);
    const found = await this.ports.history.getMany(hits.map((h) => h.id));
    return found.filter((m): m is ChatMessage => !!m);
  }
}

/** A plain-text rendering of a group event, for search and the conversation list. */
export function describeEvent(e: SystemEvent): string {
  switch (e.type) {
    case 'created':
      return `${userOf(e.by)} created "${e.name}"`;
    case 'renamed':
      return `${userOf(e.by)} renamed the group "${e.name}"`;
    case 'added':
      return `${userOf(e.by)} added ${e.members.map(userOf).join(', ')}`;
    case 'removed':
      return `${userOf(e.by)} removed ${e.members.map(userOf).join(', ')}`;
  }
}

export type { WireMessage };
