/**
 * matchesFilter, plus CallLog against a hand-made stand-in for idb's database: enough to check
 * what CallLog asks of IndexedDB (store, index, range, direction, limit). Real IndexedDB semantics
 * would need `fake-indexeddb` (not a dependency).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { CallLog, matchesFilter, type CallLogFilter } from '../../../../src-renderer/data/call-log';
import type { CallLogEntry, OffhookDb } from '../../../../src-renderer/data/db';

function entry(id: string, over: Partial<CallLogEntry> = {}): CallLogEntry {
  return {
    id,
    account: 'sip:1001@pbx',
    direction: 'incoming',
    remote: { number: '200', name: '', uri: 'sip:200@pbx' },
    startedAt: 0,
    answeredAt: null,
    endedAt: 1,
    durationS: 0,
    outcome: 'missed',
    failure: null,
    ...over,
  };
}

describe('matchesFilter', () => {
  const missedIn = entry('1');
  const answeredIn = entry('2', { outcome: 'answered', answeredAt: 0 });
  const declinedIn = entry('3', { outcome: 'declined' });
  const answeredOut = entry('4', { direction: 'outgoing', outcome: 'answered' });
  const failedOut = entry('5', { direction: 'outgoing', outcome: 'failed' });
  const all = [missedIn, answeredIn, declinedIn, answeredOut, failedOut];
  const pick = (f: CallLogFilter) => all.filter((e) => matchesFilter(e, f)).map((e) => e.id);

  it('all', () => expect(pick('all')).toEqual(['1', '2', '3', '4', '5']));
  it('missed: incoming calls nobody answered or declined', () => expect(pick('missed')).toEqual(['1']));
  it('incoming', () => expect(pick('incoming')).toEqual(['1', '2', '3']));
  it('outgoing', () => expect(pick('outgoing')).toEqual(['4', '5']));
  it('an outgoing call with outcome missed is not a missed call', () => {
    expect(matchesFilter(entry('x', { direction: 'outgoing', outcome: 'missed' }), 'missed')).toBe(false);
  });
});

describe('CallLog (fake idb)', () => {
  afterEach(() => vi.unstubAllGlobals());

  function fakeDb(rows: CallLogEntry[]) {
    const bound = vi.fn((lower: unknown, upper: unknown) => ({ lower, upper }));
    vi.stubGlobal('IDBKeyRange', { bound });
    const reads: number[] = [];
    const cursorAt = (i: number): unknown =>
      i < rows.length
        ? {
            get value() {
              reads.push(i);
              return rows[i];
            },
            continue: async () => cursorAt(i + 1),
          }
        : null;
    const openCursor = vi.fn(async () => cursorAt(0));
    const index = vi.fn(() => ({ openCursor }));
    const transaction = vi.fn(() => ({ store: { index } }));
    const db = { put: vi.fn(async () => undefined), delete: vi.fn(async () => undefined), transaction };
    const log = new CallLog(async () => db as unknown as IDBPDatabase<OffhookDb>);
    return { log, db, bound, openCursor, index, transaction, reads };
  }

  it('add puts the entry in the calls store; remove deletes by id', async () => {
    const { log, db } = fakeDb([]);
    const e = entry('a');
    await log.add(e);
    expect(db.put).toHaveBeenCalledExactlyOnceWith('calls', e);
    await log.remove('a');
    expect(db.delete).toHaveBeenCalledExactlyOnceWith('calls', 'a');
  });

  it("list reads the account's calls newest first through the account/start index", async () => {
    const rows = [entry('c', { startedAt: 3 }), entry('b', { startedAt: 2 }), entry('a', { startedAt: 1 })];
    const { log, bound, index, openCursor } = fakeDb(rows);
    expect((await log.list('sip:1001@pbx')).map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect(bound).toHaveBeenCalledExactlyOnceWith(['sip:1001@pbx', -Infinity], ['sip:1001@pbx', Infinity]);
    expect(index).toHaveBeenCalledWith('by-account-start');
    expect(openCursor).toHaveBeenCalledWith({ lower: ['sip:1001@pbx', -Infinity], upper: ['sip:1001@pbx', Infinity] }, 'prev');
  });

  it('list stops at the limit without reading further', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => entry(String(i)));
    const { log, reads } = fakeDb(rows);
    expect(await log.list('sip:1001@pbx', 3)).toHaveLength(3);
    expect(reads).toEqual([0, 1, 2]);
  });
});
