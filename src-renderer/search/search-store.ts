/**
 * F1: the one search index the app keeps, fed by the colleagues, the personal contacts and the
 * call log. A source that changes only marks its segment stale; it is rebuilt on the next search
 * (pinyin is remembered per name, so a rebuild costs string work only).
 */
import { defineStore } from 'pinia';
import { markRaw, ref, watch } from 'vue';
import { useCallLogStore } from '../stores/call-log';
import { useColleaguesStore } from '../stores/colleagues';
import { useContactsStore } from '../stores/contacts';
import { SearchIndex, type SearchKind, type SearchResult } from './search-index';
import { callEntries, colleagueEntry, contactEntry } from './sources';

export const useSearchStore = defineStore('search', () => {
  const colleagues = useColleaguesStore();
  const contacts = useContactsStore();
  const callLog = useCallLogStore();
  const index = markRaw(new SearchIndex());
  const stale = new Set<SearchKind>(['colleague', 'contact', 'call']);
  /** Bumped when a source changed, so screens showing results search again. */
  const version = ref(0);

  const mark = (kind: SearchKind) => () => {
    stale.add(kind);
    version.value++;
  };
  watch(() => colleagues.all, mark('colleague'));
  watch(() => contacts.all, mark('contact'));
  watch(() => callLog.entries, mark('call'));

  function refreshStale(): void {
    if (stale.has('colleague')) index.set('colleague', colleagues.all.map(colleagueEntry));
    if (stale.has('contact')) index.set('contact', contacts.all.map(contactEntry));
    if (stale.has('call')) index.set('call', callEntries(callLog.entries));
    stale.clear();
  }

  /** Loads what is not loaded yet (the call log is loaded at sign-in). */
  function prepare(): void {
    void colleagues.ensureLoaded();
    void contacts.load();
  }

  function search(query: string, options?: { limit?: number; kinds?: readonly SearchKind[] }): SearchResult {
    refreshStale();
    return index.search(query, options);
  }

  return { version, prepare, search };
});
