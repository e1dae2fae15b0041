/**
 * B1/C1 offline: the last full company directory listing, and colleagues added by hand (the web
 * build's way to list colleagues: it cannot reach LDAP). A database of its own ('offhook-directory'),
 * so its versions never interfere with data/db.ts's.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Colleague } from './colleague';

export interface DirectorySnapshot {
  /** Which directory it came from (URL + base DN), so another server's listing is not shown. */
  source: string;
  savedAt: number;
  people: Colleague[];
  /** The listing stopped at the page limit: searches also ask the server. */
  truncated: boolean;
}

interface DirectoryDb extends DBSchema {
  listing: { key: string; value: DirectorySnapshot };
  manual: { key: string; value: Colleague };
}

const SNAPSHOT_KEY = 'last';

export class DirectoryCache {
  private db: Promise<IDBPDatabase<DirectoryDb>> | null = null;

  constructor(private readonly name = 'offhook-directory') {}

  private open(): Promise<IDBPDatabase<DirectoryDb>> {
    this.db ??= openDB<DirectoryDb>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('listing');
        db.createObjectStore('manual', { keyPath: 'id' });
      },
    });
    return this.db;
  }

  async snapshot(source: string): Promise<DirectorySnapshot | null> {
    const s = await (await this.open()).get('listing', SNAPSHOT_KEY);
    return s && s.source === source ? s : null;
  }

  async saveSnapshot(snapshot: DirectorySnapshot): Promise<void> {
    // Plain objects only: IndexedDB cannot clone Vue's proxies.
    await (await this.open()).put('listing', JSON.parse(JSON.stringify(snapshot)) as DirectorySnapshot, SNAPSHOT_KEY);
  }

  async manual(): Promise<Colleague[]> {
    return (await this.open()).getAll('manual');
  }

  async putManual(colleague: Colleague): Promise<void> {
    await (await this.open()).put('manual', { ...colleague });
  }

  async removeManual(id: string): Promise<void> {
    await (await this.open()).delete('manual', id);
  }
}
