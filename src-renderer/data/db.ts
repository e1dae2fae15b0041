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

/** I3: one call recording. The file itself is main's (or, in a browser, 'offhook-recordings'). */
export interface RecordingEntry {
  /** The file name main gave it; also how the bridge addresses it. */
  id: string;
  account: string;
  /** The call (or conference) recorded. */
  callId: string;
  direction: 'incoming' | 'outgoing' | 'conference';
  /** Who was on the other end; for a conference, everyone, comma-separated in `name`. */
  remote: { number: string; name: string; uri: string };
  /** Epoch ms. */
  startedAt: number;
  /** Recorded time, pauses left out. */
  durationMs: number;
  size: number;
  /** 'recording' that is not in progress means the app stopped mid-way: the file has what was flushed. */
  status: 'recording' | 'finished' | 'failed';
}

export interface OffhookDb extends DBSchema {
  calls: {
    key: string;
    value: CallLogEntry;
    indexes: { 'by-account-start': [string, number] };
  };
  recordings: {
    key: string;
    value: RecordingEntry;
    indexes: { 'by-account-start': [string, number] };
  };
}

export const DB_VERSION = 2;

let dbPromise: Promise<IDBPDatabase<OffhookDb>> | null = null;

export function openOffhookDb(name = 'offhook'): Promise<IDBPDatabase<OffhookDb>> {
  dbPromise ??= openDB<OffhookDb>(name, DB_VERSION, {
    // Each step only adds: a user's call log from version 1 stays as it is.
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const calls = db.createObjectStore('calls', { keyPath: 'id' });
        calls.createIndex('by-account-start', ['account', 'startedAt']);
      }
      if (oldVersion < 2) {
        const recordings = db.createObjectStore('recordings', { keyPath: 'id' });
        recordings.createIndex('by-account-start', ['account', 'startedAt']);
      }
    },
  });
  return dbPromise;
}
