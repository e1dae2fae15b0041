/**
 * The renderer's IndexedDB, through `idb` (a small, well-kept promise wrapper that keeps
 * IndexedDB's transactions and indexes as they are). Later issues add stores with new versions.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FinishedCall } from '../telephony/types';

export interface CallLogEntry extends FinishedCall {
  /** The account (sip:ext@domain) the call belongs to. */
  account: string;
}

export interface OffhookDb extends DBSchema {
  calls: {
    key: string;
    value: CallLogEntry;
    indexes: { 'by-account-start': [string, number] };
  };
}

let dbPromise: Promise<IDBPDatabase<OffhookDb>> | null = null;

export function openOffhookDb(name = 'offhook'): Promise<IDBPDatabase<OffhookDb>> {
  dbPromise ??= openDB<OffhookDb>(name, 1, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const calls = db.createObjectStore('calls', { keyPath: 'id' });
        calls.createIndex('by-account-start', ['account', 'startedAt']);
      }
    },
  });
  return dbPromise;
}
