import { describe, expect, it } from 'vitest';
import { matchesRecording, type RecordingFilter } from '../../../../src-renderer/data/recordings';
import type { RecordingEntry } from '../../../../src-renderer/data/db';

const entry = (id: string, startedAt: number, remote: Partial<RecordingEntry['remote']> = {}): RecordingEntry => ({
  id,
  account: 'sip:1001@pbx',
  callId: id,
  direction: 'outgoing',
  remote: { number: '1002', name: '', uri: 'sip:1002@pbx', ...remote },
  startedAt,
  durationMs: 1000,
  size: 10,
  status: 'finished',
});

const all = [entry('a', 100), entry('b', 200, { name: '张三', number: '+8610123', uri: 'sip:+8610123@pbx' }), entry('c', 300, { name: 'Alice Smith', number: '1003', uri: 'sip:1003@pbx' })];
const pick = (filter: Partial<RecordingFilter>) =>
  all.filter((e) => matchesRecording(e, { from: null, to: null, party: '', ...filter })).map((e) => e.id);

describe('matchesRecording', () => {
  it('no filter: everything', () => expect(pick({})).toEqual(['a', 'b', 'c']));
  it('time range, both ends inclusive', () => {
    expect(pick({ from: 200 })).toEqual(['b', 'c']);
    expect(pick({ to: 200 })).toEqual(['a', 'b']);
    expect(pick({ from: 150, to: 250 })).toEqual(['b']);
    expect(pick({ from: 301 })).toEqual([]);
  });
  it('party: name or number, any case, any part', () => {
    expect(pick({ party: 'alice' })).toEqual(['c']);
    expect(pick({ party: '张' })).toEqual(['b']);
    expect(pick({ party: '8610' })).toEqual(['b']);
    expect(pick({ party: '100' })).toEqual(['a', 'c']);
    expect(pick({ party: '  ' })).toEqual(['a', 'b', 'c']);
  });
  it('range and party together', () => expect(pick({ from: 250, party: '100' })).toEqual(['c']));
});
