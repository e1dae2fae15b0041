/** The call log (I1): every finished call, newest first, per account. */
import type { IDBPDatabase } from 'idb';
import type { CallLogEntry, OffhookDb } from './db';

export type CallLogFilter = 'all' | 'missed' | 'incoming' | 'outgoing';

export function matchesFilter(entry: CallLogEntry, filter: CallLogFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'missed':
      return entry.direction === 'incoming' && entry.outcome === 'missed';
    case 'incoming':
      return entry.direction === 'incoming';
    case 'outgoing':
      return entry.direction === 'outgoing';
  }
}

export class CallLog {
  constructor(private readonly db: () => Promise<IDBPDatabase<OffhookDb>>) {}

  async add(entry: CallLogEntry): Promise<void> {
    await (await this.db()).put('calls', entry);
  }

  /** Newest first; `limit` keeps the screen fast for people with years of calls. */
  async list(account: string, limit = 500): Promise<CallLogEntry[]> {
    const db = await this.db();
    const range = IDBKeyRange.bound([account, -Infinity], [account, Infinity]);
    const out: CallLogEntry[] = [];
    let cursor = await db.transaction('calls').store.index('by-account-start').openCursor(range, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  async remove(id: string): Promise<void> {
    await (await this.db()).delete('calls', id);
  }
}
