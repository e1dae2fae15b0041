import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordingsService } from '../../../../src-main/recordings/recordings-service';
import { concat, FakeRecordingFs } from './fake-recording-fs';

const FOLDER = path.resolve('/home/u/Music/Offhook Recordings');
const AT = new Date(2024, 4, 1, 14, 3, 9).getTime();
const bytes = (...values: number[]) => new Uint8Array(values);

function setup(limits = { chunkBytes: 8, recordingBytes: 20 }) {
  const fs = new FakeRecordingFs();
  const chooseSavePath = vi.fn(async (_name: string): Promise<string | null> => '/home/u/Desktop/call.webm');
  const events: string[] = [];
  const service = createRecordingsService({ fs, folder: () => FOLDER, chooseSavePath, limits, onEvent: (e) => events.push(e) });
  return { fs, service, chooseSavePath, events };
}

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});

async function begun(party = '1002'): Promise<string> {
  const result = await ctx.service.begin({ party, startedAt: AT });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

describe('recordings service: writing', () => {
  it('creates the folder and <date_time>_<party>.webm in it', async () => {
    const id = await begun('1002');
    expect(id).toBe('2024-05-01_14-03-09_1002.webm');
    expect(ctx.fs.ops.slice(0, 2)).toEqual([`mkdir ${FOLDER}`, `create ${path.join(FOLDER, id)}`]);
  });

  it('makes a safe name of any party', async () => {
    expect(await begun('../../etc/passwd')).toBe('2024-05-01_14-03-09_etc_passwd.webm');
    expect(await begun('张三 <sip:1003@pbx>')).toBe('2024-05-01_14-03-09_张三_sip_1003@pbx.webm');
    expect(await begun('C:\\Windows\\x?*|"')).toBe('2024-05-01_14-03-09_C_Windows_x.webm');
    expect(await begun('')).toBe('2024-05-01_14-03-09_unknown.webm');
    expect(await begun('...')).toBe('2024-05-01_14-03-09_unknown_2.webm');
  });

  it('never overwrites: a second recording in the same second gets _2', async () => {
    expect(await begun()).toBe('2024-05-01_14-03-09_1002.webm');
    expect(await begun()).toBe('2024-05-01_14-03-09_1002_2.webm');
  });

  it('appends chunks in order, flushing each one before answering', async () => {
    const id = await begun();
    const file = path.join(FOLDER, id);
    await expect(ctx.service.append(id, 0, bytes(1, 2))).resolves.toEqual({ ok: true, size: 2 });
    expect(ctx.fs.durable.get(file)).toEqual(bytes(1, 2));
    await expect(ctx.service.append(id, 1, bytes(3))).resolves.toEqual({ ok: true, size: 3 });
    await expect(ctx.service.append(id, 2, bytes(4, 5))).resolves.toEqual({ ok: true, size: 5 });
    await expect(ctx.service.finish(id)).resolves.toEqual({ ok: true, size: 5 });
    expect(ctx.fs.durable.get(file)).toEqual(bytes(1, 2, 3, 4, 5));
    expect(ctx.fs.ops.filter((op) => op.startsWith('sync')).length).toBe(3);
    expect(ctx.fs.ops.at(-1)).toBe(`close ${file}`);
  });

  it('keeps order when requests overlap, and refuses a chunk that skips ahead', async () => {
    const id = await begun();
    const results = await Promise.all([ctx.service.append(id, 0, bytes(1)), ctx.service.append(id, 1, bytes(2)), ctx.service.append(id, 3, bytes(9))]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ reason: 'out-of-order', message: 'chunk 3 arrived, chunk 2 was expected' });
    await ctx.service.finish(id);
    expect(ctx.fs.durable.get(path.join(FOLDER, id))).toEqual(bytes(1, 2));
  });

  it('a crash after N chunks leaves exactly those N chunks on disk', async () => {
    const id = await begun();
    const chunks = [bytes(1, 1), bytes(2, 2, 2), bytes(3), bytes(4, 4)];
    for (const [seq, chunk] of chunks.entries()) await ctx.service.append(id, seq, chunk);
    // Never finished: the process dies here.
    expect(ctx.fs.afterCrash().get(path.join(FOLDER, id))).toEqual(concat(...chunks));
  });

  it('refuses a recording over the size limit with a message, and everything after it', async () => {
    const id = await begun();
    for (let seq = 0; seq < 5; seq++) await ctx.service.append(id, seq, bytes(1, 2, 3, 4)); // 20 bytes: the limit
    const over = await ctx.service.append(id, 5, bytes(5));
    expect(over).toEqual({ ok: false, reason: 'too-large', message: 'the recording reached its size limit of 0 MiB; recording stopped' });
    await expect(ctx.service.append(id, 5, bytes())).resolves.toMatchObject({ reason: 'too-large' });
    await expect(ctx.service.finish(id)).resolves.toEqual({ ok: true, size: 20 });
    expect(ctx.fs.durable.get(path.join(FOLDER, id))?.byteLength).toBe(20);
  });

  it('names the real limit in MiB', async () => {
    ctx = setup({ chunkBytes: 1024 * 1024, recordingBytes: 3 * 1024 * 1024 });
    const id = await begun();
    const big = new Uint8Array(1024 * 1024);
    let result;
    for (let seq = 0; ; seq++) {
      result = await ctx.service.append(id, seq, big);
      if (!result.ok) break;
    }
    expect(result).toMatchObject({ reason: 'too-large', message: expect.stringContaining('size limit of 3 MiB') });
  });

  it('refuses an oversized chunk with a message, and the recording goes on', async () => {
    const id = await begun();
    await expect(ctx.service.append(id, 0, new Uint8Array(9))).resolves.toEqual({
      ok: false,
      reason: 'chunk-too-large',
      message: 'a chunk of 9 bytes is over the 8-byte limit',
    });
    await expect(ctx.service.append(id, 0, bytes(1))).resolves.toEqual({ ok: true, size: 1 });
  });

  it('reports a failing disk and stops taking chunks', async () => {
    const id = await begun();
    ctx.fs.failWrites = true;
    await expect(ctx.service.append(id, 0, bytes(1))).resolves.toMatchObject({ ok: false, reason: 'io', message: 'writing the recording failed (ENOSPC)' });
    ctx.fs.failWrites = false;
    await expect(ctx.service.append(id, 0, bytes(1))).resolves.toMatchObject({ reason: 'io' });
  });

  it('appends only to recordings begun in this run, and not after finish', async () => {
    await expect(ctx.service.append('2020-01-01_00-00-00_x.webm', 0, bytes(1))).resolves.toMatchObject({ reason: 'unknown-recording' });
    const id = await begun();
    await ctx.service.finish(id);
    await expect(ctx.service.append(id, 0, bytes(1))).resolves.toMatchObject({ reason: 'unknown-recording' });
    await expect(ctx.service.finish(id)).resolves.toMatchObject({ reason: 'unknown-recording' });
  });

  it('closeAll closes the open recordings (quit)', async () => {
    const a = await begun('a');
    const b = await begun('b');
    await ctx.service.closeAll();
    expect(ctx.fs.ops.filter((op) => op.startsWith('close')).sort()).toEqual([`close ${path.join(FOLDER, a)}`, `close ${path.join(FOLDER, b)}`]);
  });
});

describe('recordings service: reading, saving, deleting', () => {
  it('reads a recording by its name, and null for one that is gone', async () => {
    const id = await begun();
    await ctx.service.append(id, 0, bytes(7, 8));
    await expect(ctx.service.read(id)).resolves.toEqual(bytes(7, 8));
    await expect(ctx.service.read('2020-01-01_00-00-00_x.webm')).resolves.toBeNull();
  });

  const TRAVERSALS = [
    '../secret.webm',
    '../../etc/passwd',
    '..\\..\\Windows\\x.webm',
    '/etc/x.webm',
    'C:\\Users\\x.webm',
    'sub/x.webm',
    '%2e%2e%2fx.webm',
    '..webm',
    '.hidden.webm',
    'x.webm\0.txt',
    'x.webm/',
    'settings.json',
    '',
  ];

  it.each(TRAVERSALS)('refuses %j for read, save-as and delete, touching no file', async (id) => {
    ctx.fs.durable.set(path.resolve(FOLDER, '..', 'secret.webm'), bytes(6, 6, 6));
    await expect(ctx.service.read(id)).resolves.toBeNull();
    await expect(ctx.service.saveAs(id)).resolves.toEqual({ ok: false, reason: 'invalid-name' });
    await expect(ctx.service.remove([id])).resolves.toEqual({ removed: [], failed: [id] });
    expect(ctx.fs.ops).toEqual([]);
    expect(ctx.chooseSavePath).not.toHaveBeenCalled();
    expect(ctx.fs.durable.has(path.resolve(FOLDER, '..', 'secret.webm'))).toBe(true);
  });

  it('saves a copy where the user chose', async () => {
    const id = await begun();
    await ctx.service.append(id, 0, bytes(1, 2, 3));
    await expect(ctx.service.saveAs(id)).resolves.toEqual({ ok: true });
    expect(ctx.chooseSavePath).toHaveBeenCalledWith(id);
    expect(ctx.fs.durable.get('/home/u/Desktop/call.webm')).toEqual(bytes(1, 2, 3));
  });

  it('save as: cancelled, or the file is gone', async () => {
    const id = await begun();
    ctx.chooseSavePath.mockResolvedValueOnce(null);
    await expect(ctx.service.saveAs(id)).resolves.toEqual({ ok: false, reason: 'cancelled' });
    await expect(ctx.service.saveAs('2020-01-01_00-00-00_x.webm')).resolves.toEqual({ ok: false, reason: 'missing' });
  });

  it('deletes one or many; a recording still being written is finished first', async () => {
    const a = await begun('a');
    const b = await begun('b');
    await ctx.service.finish(a);
    await expect(ctx.service.remove([a, b, '../x.webm'])).resolves.toEqual({ removed: [a, b], failed: ['../x.webm'] });
    expect(ctx.fs.durable.size).toBe(0);
    const closeB = ctx.fs.ops.indexOf(`close ${path.join(FOLDER, b)}`);
    expect(closeB).toBeGreaterThan(-1);
    expect(closeB).toBeLessThan(ctx.fs.ops.indexOf(`remove ${path.join(FOLDER, b)}`));
  });
});
