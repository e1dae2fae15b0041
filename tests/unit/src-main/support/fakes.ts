import type { KeyValueStore } from '../../../../src-main/settings/store-port';

/** An in-memory stand-in for electron-store that JSON-round-trips values like the real one. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  writes = 0;

  constructor(initial: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(initial)) this.data.set(key, JSON.stringify(value));
  }

  get(key: string): unknown {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) throw new TypeError('use delete() to clear values');
    this.writes += 1;
    this.data.set(key, JSON.stringify(value));
  }

  /** Everything persisted, as text: what an attacker reading the file would see. */
  dump(): string {
    return [...this.data.values()].join('\n');
  }
}
