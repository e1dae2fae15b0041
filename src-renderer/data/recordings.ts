/** The recordings index (I3): what was recorded, when and with whom, per account, newest first. */
import type { IDBPDatabase } from 'idb';
import type { OffhookDb, RecordingEntry } from './db';

export interface RecordingFilter {
  /** Epoch ms, inclusive; null for no bound. */
  from: number | null;
  to: number | null;
  /** Matched against the party's name and number, case-insensitively. */
  party: string;
}

export function matchesRecording(entry: RecordingEntry, filter: RecordingFilter): boolean {
  if (filter.from !== null && entry.startedAt < filter.from) return false;
  if (filter.to !== null && entry.startedAt > filter.to) return false;
  const needle = filter.party.trim().toLowerCase();
  if (!needle) return true;
  const { name, number, uri } = entry.remote;
  return [name, number, uri].some((text) => text.toLowerCase().includes(needle));
}

export class RecordingIndex {
  constructor(private readonly db: () => Promise<IDBPDatabase<OffhookDb>>) {}

  async put(entry: RecordingEntry): Promise<void> {
    await (await this.db()).put('recordings', entry);
  }

  async list(account: string, limit = 1000): Promise<RecordingEntry[]> {
    const db = await this.db();
    const range = IDBKeyRange.bound([account, -Infinity], [account, Infinity]);
    const out: RecordingEntry[] = [];
    let cursor = await db.transaction('recordings').store.index('by-account-start').openCursor(range, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  async remove(ids: readonly string[]): Promise<void> {
    const tx = (await this.db()).transaction('recordings', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  }
}
