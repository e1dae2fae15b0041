/**
 * A stand-in for Electron's preload bridge, installed into the web build before it loads, so the
 * renderer's side of the desktop flows can be tested in Chromium: it records every request the
 * renderer makes (`window.__bridge.calls`) and lets the test raise main's events
 * (`window.__bridge.emit(name, payload)`). Settings persist in localStorage like the real store.
 */
import type { Page } from '@playwright/test';

export interface RecordedCall {
  method: string;
  args: unknown[];
}

export function installFakeDesktopBridge(defaults: unknown): void {
  const KEY = 'fake-bridge.settings';
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const secrets = new Map<string, string>();
  const recordingFiles = new Map<string, Uint8Array[]>();
  const record = (method: string, ...args: unknown[]): void => {
    calls.push({ method, args: JSON.parse(JSON.stringify(args)) });
  };
  const load = (): Record<string, any> => JSON.parse(localStorage.getItem(KEY) ?? 'null') ?? structuredClone(defaults);
  const merge = (base: Record<string, any>, patch: Record<string, any>): Record<string, any> => {
    const out = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? { ...base[k], ...v } : v;
    return out;
  };
  let ready = false;
  const queued: Array<[string, unknown]> = [];
  const emit = (name: string, payload: unknown): void => {
    if (!ready) {
      queued.push([name, payload]);
      return;
    }
    for (const l of listeners.get(name) ?? []) l(payload);
  };
  (window as any).__bridge = { calls, emit, settings: load };
  (window as any).offhook = {
    settings: {
      get: async () => load(),
      set: async (patch: Record<string, any>) => {
        record('settings.set', patch);
        const next = merge(load(), patch);
        localStorage.setItem(KEY, JSON.stringify(next));
        return next;
      },
    },
    secrets: {
      get: async (key: string) => secrets.get(key) ?? null,
      set: async (key: string, value: string | null) => {
        if (value === null) secrets.delete(key);
        else secrets.set(key, value);
        return { ok: true };
      },
    },
    app: { info: async () => ({ name: 'Offhook', version: 'test', platform: 'desktop', os: 'linux', secretsEncrypted: true }) },
    drawAttention: async (r: unknown) => record('drawAttention', r),
    shell: {
      setState: async (s: unknown) => record('shell.setState', s),
      showWindow: async (r: unknown) => record('shell.showWindow', r),
      openLogFolder: async () => record('shell.openLogFolder'),
      openExternal: async (url: string) => (record('shell.openExternal', url), { ok: true, url }),
    },
    popup: {
      show: async (c: unknown) => record('popup.show', c),
      close: async (id: string) => record('popup.close', id),
    },
    notify: async (n: unknown) => record('notify', n),
    hotkeys: { status: async () => [] },
    headset: {
      setCallState: async (state: unknown) => record('headset.setCallState', state),
      devices: async () => [],
      connect: async () => [],
      describe: async (d: unknown) => record('headset.describe', d),
    },
    // Recording files in memory, with main's answers; requests are recorded without their bytes.
    recordings: {
      begin: async (meta: { party: string; startedAt: number }) => {
        record('recordings.begin', meta);
        const id = `${new Date(meta.startedAt).toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-')}_${meta.party.replace(/[^\p{L}\p{N}+@_-]+/gu, '_') || 'unknown'}.webm`;
        recordingFiles.set(id, []);
        return { ok: true, id };
      },
      append: async (id: string, seq: number, chunk: Uint8Array) => {
        record('recordings.append', id, seq, chunk.byteLength);
        const parts = recordingFiles.get(id);
        if (!parts) return { ok: false, reason: 'unknown-recording', message: 'no such recording' };
        parts.push(chunk);
        return { ok: true, size: parts.reduce((n, p) => n + p.byteLength, 0) };
      },
      finish: async (id: string) => {
        record('recordings.finish', id);
        return { ok: true, size: (recordingFiles.get(id) ?? []).reduce((n, p) => n + p.byteLength, 0) };
      },
      read: async (id: string) => {
        const parts = recordingFiles.get(id);
        return parts ? new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer()) : null;
      },
      saveAs: async (id: string) => (record('recordings.saveAs', id), recordingFiles.has(id) ? { ok: true } : { ok: false, reason: 'missing' }),
      remove: async (ids: string[]) => {
        record('recordings.remove', ids);
        for (const id of ids) recordingFiles.delete(id);
        return { removed: ids, failed: [] };
      },
    },
    // The company directory as main answers it, from the people a test put in
    // localStorage['fake-bridge.directory'] (or an "unreachable" server when it holds "down").
    directory: {
      search: async (request: { query: string; page: number; pageSize?: number }) => {
        record('directory.search', request);
        const raw = localStorage.getItem('fake-bridge.directory');
        if (raw === 'down') return { ok: false, reason: 'unreachable', message: 'cannot reach the server (ECONNREFUSED)' };
        if (!raw) return { ok: false, reason: 'not-configured', message: 'no directory URL or base DN is set' };
        const people = JSON.parse(raw) as Array<Record<string, string>>;
        const words = request.query.toLowerCase().split(/\s+/).filter(Boolean);
        const hits = people.filter((p) => words.every((w) => [p.name, p.extension, p.email, p.mobile, p.department].some((v) => (v ?? '').toLowerCase().includes(w))));
        const size = request.pageSize ?? 200;
        return { ok: true, people: hits.slice(request.page * size, (request.page + 1) * size), page: request.page, hasMore: hits.length > (request.page + 1) * size };
      },
      test: async (settings: unknown) => (record('directory.test', settings), { ok: true, count: 1, hasMore: false }),
    },
    popupUrl: {
      open: async (r: unknown) => (record('popupUrl.open', r), { ok: false, reason: 'not-configured' }),
      test: async (t: string) => (record('popupUrl.test', t), { ok: false, reason: 'not-configured' }),
    },
    on: (name: string, listener: (p: unknown) => void) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return () => listeners.get(name)!.delete(listener);
    },
    rendererReady: async () => {
      record('rendererReady');
      ready = true;
      for (const [name, payload] of queued.splice(0)) emit(name, payload);
    },
  };
}

export async function bridgeCalls(page: Page, method: string): Promise<unknown[][]> {
  return page.evaluate((m) => ((window as any).__bridge.calls as RecordedCall[]).filter((c) => c.method === m).map((c) => c.args), method);
}

export async function emitFromMain(page: Page, name: string, payload: unknown): Promise<void> {
  await page.evaluate(([n, p]) => (window as any).__bridge.emit(n, p), [name, payload] as const);
}
