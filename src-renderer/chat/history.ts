/**
 * Chat history in IndexedDB (D4), one database per account ('offhook-chat:<sip uri>'), apart
 * from the app's main database so chat can change its schema on its own. Kept one year: older
 * messages are deleted when the history opens.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { HISTORY_KEEP_MS, type ChatMessage, type Conversation } from './types';

interface ChatDb extends DBSchema {
  conversations: { key: string; value: Conversation };
  messages: {
    key: string;
    value: ChatMessage;
    indexes: { 'by-conversation': [string, number]; 'by-sent': number };
  };
  prefs: { key: string; value: unknown };
}

export const chatDbName = (account: string): string => `offhook-chat:${account}`;

export class ChatHistory {
  private constructor(private readonly db: IDBPDatabase<ChatDb>) {}

  static async open(account: string): Promise<ChatHistory> {
    const db = await openDB<ChatDb>(chatDbName(account), 1, {
      upgrade(db) {
        db.createObjectStore('conversations', { keyPath: 'id' });
        const messages = db.createObjectStore('messages', { keyPath: 'id' });
        messages.createIndex('by-conversation', ['conversationId', 'sentAt']);
        messages.createIndex('by-sent', 'sentAt');
        db.createObjectStore('prefs');
      },
    });
    return new ChatHistory(db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Deletes messages older than a year; returns how many went. "Older" by both the sender's clock
   * and ours: a peer whose clock is years behind must not get its fresh messages purged at the
   * next start.
   */
  async purge(now: number): Promise<number> {
    const cutoff = now - HISTORY_KEEP_MS;
    const tx = this.db.transaction('messages', 'readwrite');
    let removed = 0;
    let cursor = await tx.store.index('by-sent').openCursor(IDBKeyRange.upperBound(cutoff, true));
    while (cursor) {
      if (cursor.value.receivedAt < cutoff) {
        await cursor.delete();
        removed++;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return removed;
  }

  conversations(): Promise<Conversation[]> {
    return this.db.getAll('conversations');
  }

  async putConversation(c: Conversation): Promise<void> {
    await this.db.put('conversations', structuredClone(c));
  }

  /** The newest `limit` messages of a conversation (before `before`, if given), oldest first. */
  async messages(conversationId: string, limit = 200, before = Number.POSITIVE_INFINITY): Promise<ChatMessage[]> {
    const range = IDBKeyRange.bound([conversationId, Number.NEGATIVE_INFINITY], [conversationId, before], false, true);
    const out: ChatMessage[] = [];
    let cursor = await this.db.transaction('messages').store.index('by-conversation').openCursor(range, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out.reverse();
  }

  get(id: string): Promise<ChatMessage | undefined> {
    return this.db.get('messages', id);
  }

  getMany(ids: string[]): Promise<Array<ChatMessage | undefined>> {
    const tx = this.db.transaction('messages');
    return Promise.all(ids.map((id) => tx.store.get(id)));
  }

  async putMessage(m: ChatMessage): Promise<void> {
    await this.db.put('messages', structuredClone(m));
  }

  /** Many at once, one transaction (tests and the benchmark fill 100k). */
  async putMessages(list: ChatMessage[]): Promise<void> {
    const tx = this.db.transaction('messages', 'readwrite');
    for (const m of list) void tx.store.put(m);
    await tx.done;
  }

  /** Everything, for the search index. */
  allMessages(): Promise<ChatMessage[]> {
    return this.db.getAll('messages');
  }

  getPref<T>(key: string): Promise<T | undefined> {
    return this.db.get('prefs', key) as Promise<T | undefined>;
  }

  async setPref(key: string, value: unknown): Promise<void> {
    await this.db.put('prefs', value, key);
  }
}
