/**
 * A stand-in for node-hid 3.4 (the `NodeHidPort` the driver uses): a device list the test edits,
 * handles that record what was written and can be made to deliver reports or fail, and timers
 * the test fires by hand.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { DriverTimers, NodeHidDevice, NodeHidHandle, NodeHidPort } from '../../../../src-main/headset/hid-driver';
import { createLogger, type Logger, type LogLevel } from '../../../../src-main/app/logger';

export class FakeHandle implements NodeHidHandle {
  readonly writes: number[][] = [];
  closed = false;
  /** Make the next writes fail: 'reject' (the promise) or 'throw' (synchronously). */
  failWrites: 'reject' | 'throw' | null = null;
  private readonly listeners = { data: [] as Array<(data: Uint8Array) => void>, error: [] as Array<(error: unknown) => void> };

  constructor(readonly path: string) {}

  on(event: 'data', listener: (data: Uint8Array) => void): this;
  on(event: 'error', listener: (error: unknown) => void): this;
  on(event: 'data' | 'error', listener: ((data: Uint8Array) => void) & ((error: unknown) => void)): this {
    this.listeners[event].push(listener);
    return this;
  }

  write(data: number[]): Promise<number> {
    if (this.failWrites === 'throw') throw new Error('write: device not open');
    if (this.failWrites === 'reject') return Promise.reject(new Error('Cannot write to hid device'));
    if (this.closed) return Promise.reject(new Error('device closed'));
    this.writes.push([...data]);
    return Promise.resolve(data.length);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** A report as node-hid delivers it: the report ID first when the device uses IDs. */
  report(...bytes: number[]): void {
    for (const listener of this.listeners.data) listener(Buffer.from(bytes));
  }

  fail(error: unknown = new Error('could not read from HID device')): void {
    for (const listener of this.listeners.error) listener(error);
  }
}

export class FakeHid implements NodeHidPort {
  entries: NodeHidDevice[] = [];
  readonly handles: FakeHandle[] = [];
  readonly opens: Array<{ path: string; options: unknown; args: number }> = [];
  openError: Error | null = null;
  enumerateError: Error | null = null;
  readonly setDriverType = vi.fn();
  readonly getHidapiVersion = vi.fn(() => '0.15.0');
  readonly devicesAsync = vi.fn(async () => {
    if (this.enumerateError) throw this.enumerateError;
    return this.entries.map((e) => ({ ...e }));
  });
  readonly HIDAsync = {
    open: async (...args: [string, { nonExclusive?: boolean }?]): Promise<FakeHandle> => {
      const [path, options] = args;
      this.opens.push({ path, options, args: args.length });
      if (this.openError) throw this.openError;
      const handle = new FakeHandle(path);
      this.handles.push(handle);
      return handle;
    },
  };

  /** The handle opened last. */
  get handle(): FakeHandle {
    const last = this.handles[this.handles.length - 1];
    if (!last) throw new Error('nothing was opened');
    return last;
  }
}

export class FakeTimers implements DriverTimers {
  readonly active = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;
  setInterval(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.active.set(id, { callback, ms });
    return id;
  }
  clearInterval(handle: unknown): void {
    this.active.delete(handle as number);
  }
  /** One period of every running interval. */
  fire(): void {
    for (const { callback } of [...this.active.values()]) callback();
  }
}

/** A logger writing to an array, through the app's real logger (redaction and formatting included). */
export function memoryLogger(): { logger: Logger; lines: Array<{ level: LogLevel; line: string }>; text(level?: LogLevel): string } {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  const logger = createLogger('headset', (level, line) => lines.push({ level, line }));
  return { logger, lines, text: (level) => lines.filter((l) => !level || l.level === level).map((l) => l.line).join('\n') };
}

/** A fake /sys with a report descriptor per hidraw node, for the real readHidrawDescriptor. */
export function fakeSysfs(descriptors: Record<string, Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'offhook-sys-'));
  for (const [name, bytes] of Object.entries(descriptors)) {
    const dir = join(root, 'class', 'hidraw', name, 'device');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report_descriptor'), bytes);
  }
  return root;
}
