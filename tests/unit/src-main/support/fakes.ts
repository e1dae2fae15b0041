import type { IpcInvokeEvent, IpcListener, IpcMainPort } from '../../../../src-main/ipc/handlers';
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

/** ipcMain as the handlers see it: invoke() calls a channel the way Electron does. */
export class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, IpcListener>();
  handle(channel: string, listener: IpcListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: IpcInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return Promise.resolve().then(() => handler(event, ...args));
  }
}

type Listener = (...args: never[]) => unknown;

/** A minimal event emitter for fake Electron objects: on/once/emit, with a record of listeners. */
export class FakeEmitter {
  readonly listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>();
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }
  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }
  removeListener(event: string, fn: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l.fn !== fn),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    const current = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      current.filter((l) => !l.once),
    );
    for (const { fn } of current) (fn as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}
