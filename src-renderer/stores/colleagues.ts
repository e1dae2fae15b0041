/**
 * B1–B4/C1: the colleagues, as the screens see them: the company directory (LDAP through main,
 * kept in IndexedDB for offline use) and colleagues added by hand; favourites and "show
 * unregistered" are settings.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DirectoryFailureReason, DirectoryPerson } from '../../src-preload/contract';
import { bridge } from '../platform/bridge';
import type { Colleague } from '../data/colleague';
import { DirectoryCache } from '../data/directory-cache';
import { useSettingsStore } from './settings';

/** 500 per request, at most 40 requests: 20 000 people are kept; bigger directories are also searched on the server. */
const PAGE_SIZE = 500;
const MAX_PAGES = 40;

export type DirectoryStatus = 'off' | 'loading' | 'live' | 'saved' | 'failed';

const toColleague = (p: DirectoryPerson): Colleague => ({ ...p });
/** As a PBX lists them: by extension (people without one last, by name). */
const byExtension = (a: Colleague, b: Colleague): number =>
  (a.extension ? 0 : 1) - (b.extension ? 0 : 1) || a.extension.localeCompare(b.extension, undefined, { numeric: true }) || a.name.localeCompare(b.name);

export const useColleaguesStore = defineStore('colleagues', () => {
  const settings = useSettingsStore();
  const cache = new DirectoryCache();
  const directory = shallowRef<Colleague[]>([]);
  const manual = shallowRef<Colleague[]>([]);
  const status = ref<DirectoryStatus>('off');
  const failure = ref<DirectoryFailureReason | null>(null);
  /** When the shown listing was read from the server. */
  const savedAt = ref<number | null>(null);
  const truncated = ref(false);
  let loading: Promise<void> | null = null;

  const source = (): string => `${settings.settings.directory.url}|${settings.settings.directory.baseDn}`;

  /** Hand-added first; someone the directory also lists (same extension) comes from the directory. */
  const all = computed<Colleague[]>(() => {
    const listed = new Set(directory.value.map((c) => c.extension).filter(Boolean));
    return [...manual.value.filter((c) => !listed.has(c.extension)), ...directory.value];
  });
  const favourites = computed(() => new Set(settings.settings.colleagues.favourites));
  const showUnregistered = computed(() => settings.settings.colleagues.showUnregistered);

  async function refresh(): Promise<void> {
    const dir = settings.settings.directory;
    if (!dir.enabled) {
      status.value = 'off';
      // Main answers at once when it is off; the browser's bridge says the directory needs the desktop app.
      const probe = await bridge.directory.search({ query: '', page: 0, pageSize: 1 });
      failure.value = !probe.ok && probe.reason === 'desktop-only' ? 'desktop-only' : null;
      directory.value = [];
      return;
    }
    status.value = directory.value.length ? status.value : 'loading';
    const people: Colleague[] = [];
    let more = true;
    for (let page = 0; more && page < MAX_PAGES; page++) {
      const r = await bridge.directory.search({ query: '', page, pageSize: PAGE_SIZE });
      if (!r.ok) {
        failure.value = r.reason;
        status.value = directory.value.length ? 'saved' : 'failed';
        return;
      }
      people.push(...r.people.map(toColleague));
      more = r.hasMore;
    }
    people.sort(byExtension);
    directory.value = people;
    truncated.value = more;
    savedAt.value = Date.now();
    failure.value = null;
    status.value = 'live';
    await cache.saveSnapshot({ source: source(), savedAt: savedAt.value, people, truncated: more });
  }

  /** The saved listing at once, then the server's. */
  function load(): Promise<void> {
    loading ??= (async () => {
      manual.value = (await cache.manual()).sort(byExtension);
      const saved = settings.settings.directory.enabled ? await cache.snapshot(source()) : null;
      if (saved) {
        directory.value = saved.people;
        savedAt.value = saved.savedAt;
        truncated.value = saved.truncated;
        status.value = 'saved';
      }
      await refresh();
    })().finally(() => {
      loading = null;
    });
    return loading;
  }

  let started = false;
  /** Loads once (screens and the search box call it whenever they show). */
  function ensureLoaded(): Promise<void> | void {
    if (started) return;
    started = true;
    return load();
  }

  /** A directory too big to keep whole is also searched on the server. */
  async function searchServer(query: string): Promise<Colleague[]> {
    if (!truncated.value || status.value !== 'live' || !query.trim()) return [];
    const r = await bridge.directory.search({ query: query.trim(), page: 0, pageSize: 100 });
    return r.ok ? r.people.map(toColleague) : [];
  }

  async function toggleFavourite(extension: string): Promise<void> {
    await settings.update((current) => {
      const list = current.colleagues.favourites;
      const next = list.includes(extension) ? list.filter((e) => e !== extension) : [...list, extension].slice(-500);
      return { colleagues: { favourites: next } };
    });
  }

  const setShowUnregistered = (show: boolean): Promise<void> => settings.update({ colleagues: { showUnregistered: show } });

  /** B1 without a directory (and in the browser): a colleague by extension and name, kept on this device. */
  async function addManual(extension: string, name: string): Promise<Colleague> {
    const ext = extension.trim();
    const colleague: Colleague = { id: `ext:${ext}`, name: name.trim() || ext, extension: ext, mobile: '', email: '', department: '', title: '', company: '' };
    await cache.putManual(colleague);
    manual.value = [...manual.value.filter((c) => c.id !== colleague.id), colleague].sort(byExtension);
    return colleague;
  }

  async function removeManual(id: string): Promise<void> {
    await cache.removeManual(id);
    manual.value = manual.value.filter((c) => c.id !== id);
  }

  return { all, directory, manual, status, failure, savedAt, truncated, favourites, showUnregistered, load, ensureLoaded, refresh, searchServer, toggleFavourite, setShowUnregistered, addManual, removeManual };
});
