/**
 * History search (D1/D4): a substring scan over one folded string per message, kept in memory
 * and newest first. Substring rather than words, because Chinese has no spaces; folded (NFKC,
 * lower case) so "ＡＢＣ" finds "abc". 100k messages are a few MB of strings and a scan of a few
 * milliseconds (bench/chat.ts measures it); IndexedDB has no substring index to do better with.
 */
import { foldText } from '../search/normalize';
import type { ChatMessage } from './types';

export interface SearchHit {
  id: string;
  conversationId: string;
  sentAt: number;
}

interface Entry extends SearchHit {
  text: string;
  /** The sender's uri, folded name and number: "by person". */
  who: string;
  fromUri: string;
}

export interface SearchOptions {
  /** Only messages from this person (uri), or in the 1:1 chat with them. */
  person?: string;
  conversationId?: string;
  limit?: number;
}

const fold = (s: string): string => foldText(s).replace(/\s+/g, ' ');

export class SearchIndex {
  /** Oldest first; appends are the common case. */
  private entries: Entry[] = [];
  private readonly ids = new Set<string>();

  get size(): number {
    return this.entries.length;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Adds many at once (loading history); they may come in any order. */
  load(messages: Iterable<Pick<ChatMessage, 'id' | 'conversationId' | 'sentAt' | 'text' | 'from'>>): void {
    for (const m of messages) {
      if (this.ids.has(m.id)) continue;
      this.ids.add(m.id);
      this.entries.push(this.entry(m));
    }
    this.entries.sort((a, b) => a.sentAt - b.sentAt);
  }

  add(m: Pick<ChatMessage, 'id' | 'conversationId' | 'sentAt' | 'text' | 'from'>): void {
    if (this.ids.has(m.id)) return;
    this.ids.add(m.id);
    const e = this.entry(m);
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.sentAt > e.sentAt) i--;
    this.entries.splice(i, 0, e);
  }

  /** Drops everything sent before `cutoff` (the one-year purge). */
  dropBefore(cutoff: number): void {
    const keep = this.entries.filter((e) => e.sentAt >= cutoff);
    for (const e of this.entries) if (e.sentAt < cutoff) this.ids.delete(e.id);
    this.entries = keep;
  }

  /** Newest first; an empty query with a person lists that person's messages. */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const q = fold(query);
    const limit = options.limit ?? 50;
    const person = options.person;
    const personConversation = person ? `1:${person}` : '';
    if (!q && !person) return [];
    const hits: SearchHit[] = [];
    for (let i = this.entries.length - 1; i >= 0 && hits.length < limit; i--) {
      const e = this.entries[i]!;
      if (options.conversationId && e.conversationId !== options.conversationId) continue;
      if (person && e.fromUri !== person && e.conversationId !== personConversation) continue;
      if (q && !e.text.includes(q) && !e.who.includes(q)) continue;
      hits.push({ id: e.id, conversationId: e.conversationId, sentAt: e.sentAt });
    }
    return hits;
  }

  private entry(m: Pick<ChatMessage, 'id' | 'conversationId' | 'sentAt' | 'text' | 'from'>): Entry {
    return {
      id: m.id,
      conversationId: m.conversationId,
      sentAt: m.sentAt,
      text: fold(m.text),
      who: fold(`${m.from.name}\u0000${m.from.number}`),
      fromUri: m.from.uri,
    };
  }
}
