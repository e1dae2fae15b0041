/**
 * Call recordings (F4/I3): the recorders running now, one per call, and the index of the account's
 * recordings. Files go through the bridge; the index is IndexedDB. A recording whose call ends is
 * stopped and saved here, so it does not depend on the call panel staying on screen.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, watch } from 'vue';
import type { RecordingFailure } from '../../src-preload/contract';
import { bridge } from '../platform/bridge';
import { openOffhookDb, type RecordingEntry } from '../data/db';
import { RecordingIndex } from '../data/recordings';
import { CallRecorder, RecorderError, type RecorderState, type RecordingSink } from '../telephony/call-recorder';
import type { RecordingSource } from '../telephony/recording-source';
import { PhoneError } from '../telephony/phone';
import { usePhoneStore } from './phone';

/** The bridge as the recorder's sink: a refused request becomes an error with main's reason. */
const bridgeSink: RecordingSink = {
  async begin(meta) {
    const result = await bridge.recordings.begin(meta);
    if (!result.ok) throw toError(result);
    return { id: result.id };
  },
  async append(id, seq, bytes) {
    const result = await bridge.recordings.append(id, seq, bytes);
    if (!result.ok) throw toError(result);
  },
  async finish(id) {
    const result = await bridge.recordings.finish(id);
    if (!result.ok) throw toError(result);
    return { size: result.size };
  },
};

function toError(failure: RecordingFailure): RecorderError {
  return new RecorderError(failure.reason, failure.message);
}

export type RecordingErrorKind = 'no-media' | 'too-large' | 'io' | 'failed' | 'delete-failed';

export interface RecordingMeta {
  callId: string;
  direction: RecordingEntry['direction'];
  remote: RecordingEntry['remote'];
}

interface Session {
  recorder: CallRecorder;
  state: RecorderState;
  /** When it should stop by itself (its call ended); checked whenever the calls change. */
  over: () => boolean;
}

export const useRecordingsStore = defineStore('recordings', () => {
  const phone = usePhoneStore();
  const index = new RecordingIndex(() => openOffhookDb());
  const entries = ref<RecordingEntry[]>([]);
  const sessions = reactive(new Map<string, Session>());
  const lastError = ref<RecordingErrorKind | null>(null);
  let account = '';

  async function load(forAccount: string): Promise<void> {
    account = forAccount;
    entries.value = forAccount ? await index.list(forAccount) : [];
  }
  watch(() => phone.accountId, (id) => void load(id), { immediate: true });

  function upsert(entry: RecordingEntry): void {
    const i = entries.value.findIndex((e) => e.id === entry.id);
    if (i >= 0) entries.value.splice(i, 1, entry);
    else entries.value = [entry, ...entries.value].sort((a, b) => b.startedAt - a.startedAt);
    void index.put(entry);
  }

  /** Records any mixed source: a call's (start) or, later, a conference's. */
  function startWith(source: RecordingSource, meta: RecordingMeta, over: () => boolean): void {
    lastError.value = null;
    const owner = account;
    const party = meta.remote.name || meta.remote.number;
    const recorder = markRaw(new CallRecorder({ source, sink: bridgeSink, party }));
    const session: Session = { recorder, state: 'recording', over };
    sessions.set(meta.callId, session);
    let entry: RecordingEntry | null = null;
    recorder.on('state', (state) => {
      const live = sessions.get(meta.callId);
      if (live) live.state = state;
    });
    recorder.on('begun', ({ id, startedAt }) => {
      entry = { id, account: owner, callId: meta.callId, direction: meta.direction, remote: { ...meta.remote }, startedAt, durationMs: 0, size: 0, status: 'recording' };
      upsert(entry);
    });
    recorder.on('finished', ({ size, durationMs, error }) => {
      sessions.delete(meta.callId);
      if (error) {
        console.warn('recording stopped', error.reason, error.message);
        lastError.value = error.reason === 'too-large' ? 'too-large' : error.reason === 'io' ? 'io' : 'failed';
      }
      if (entry) upsert({ ...entry, size, durationMs, status: error && size === 0 ? 'failed' : 'finished' });
    });
  }

  function start(callId: string): void {
    if (sessions.has(callId)) return;
    const call = phone.calls.find((c) => c.id === callId);
    let source: RecordingSource;
    try {
      source = phone.recordingSource(callId);
    } catch (error) {
      if (!(error instanceof PhoneError)) throw error;
      lastError.value = 'no-media';
      return;
    }
    if (!call) {
      // A conference: its parties are the "remote", and it is over when the conference is.
      const parties = phone.conference?.participants.map((p) => p.name || p.number).join(', ') ?? '';
      startWith(source, { callId, direction: 'conference', remote: { number: parties.slice(0, 128), name: '', uri: '' } }, () => phone.conference?.id !== callId);
      return;
    }
    startWith(source, { callId, direction: call.direction, remote: { ...call.remote } }, () => {
      const now = phone.calls.find((c) => c.id === callId);
      return !now || now.state === 'ended';
    });
  }

  const session = (callId: string) => sessions.get(callId) ?? null;

  // A call that ends (hung up here or there, or dropped) ends its recording, which is then saved.
  watch(
    () => [phone.calls, phone.conference] as const,
    () => {
      for (const s of sessions.values()) if (s.over()) void s.recorder.stop();
    },
  );

  async function remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { removed, failed } = await bridge.recordings.remove([...ids]);
    await index.remove(removed);
    const gone = new Set(removed);
    entries.value = entries.value.filter((e) => !gone.has(e.id));
    lastError.value = failed.length ? 'delete-failed' : null;
  }

  return {
    entries,
    lastError,
    recordingCount: computed(() => sessions.size),
    load,
    start,
    startWith,
    session,
    state: (callId: string): RecorderState | null => sessions.get(callId)?.state ?? null,
    elapsedMs: (callId: string): number => sessions.get(callId)?.recorder.elapsedMs() ?? 0,
    isLive: (id: string): boolean => [...sessions.values()].some((s) => s.recorder.recordingId === id),
    pause: (callId: string) => sessions.get(callId)?.recorder.pause(),
    resume: (callId: string) => sessions.get(callId)?.recorder.resume(),
    stop: async (callId: string) => {
      await sessions.get(callId)?.recorder.stop();
    },
    read: (id: string) => bridge.recordings.read(id),
    saveAs: (id: string) => bridge.recordings.saveAs(id),
    remove,
    clearError: () => (lastError.value = null),
  };
});
