import { describe, expect, it, vi } from 'vitest';
import {
  CallRecorder,
  RECORDING_MIME,
  TIMESLICE_MS,
  type MediaRecorderLike,
  type RecordingSink,
} from '../../../../src-renderer/telephony/call-recorder';

/** MediaRecorder as the recorder uses it: the test hands over chunks; stop() gives the last one, then 'stop'. */
class FakeMediaRecorder implements MediaRecorderLike {
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  readonly mimeType = RECORDING_MIME;
  timeslice: number | undefined;
  /** What stop() hands over as the last chunk. */
  lastChunk = 'Z';
  private listeners = new Map<string, Array<(e: never) => void>>();
  constructor(readonly options: MediaRecorderOptions) {}
  addEventListener(type: string, listener: (e: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  private fire(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) (l as (e: unknown) => void)(event);
  }
  start(timeslice?: number): void {
    this.state = 'recording';
    this.timeslice = timeslice;
  }
  pause(): void {
    this.state = 'paused';
  }
  resume(): void {
    this.state = 'recording';
  }
  stop(): void {
    this.state = 'inactive';
    setTimeout(() => {
      this.chunk(this.lastChunk);
      this.fire('stop', new Event('stop'));
    }, 0);
  }
  chunk(text: string): void {
    this.fire('dataavailable', { data: new Blob([text]) });
  }
}

/** A sink whose appends complete only when the test says so, to see that sends never overlap. */
class FakeSink implements RecordingSink {
  readonly appended: Array<{ id: string; seq: number; text: string }> = [];
  readonly log: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  manual = false;
  failAt: number | null = null;
  private pending: Array<() => void> = [];
  begin = vi.fn(async (meta: { party: string; startedAt: number }) => {
    this.log.push(`begin ${meta.party}`);
    return { id: 'rec.webm' };
  });
  async append(id: string, seq: number, bytes: Uint8Array): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.manual) await new Promise<void>((resolve) => this.pending.push(resolve));
    this.inFlight--;
    if (seq === this.failAt) throw Object.assign(new Error('the recording reached its size limit'), { reason: 'too-large' });
    const text = new TextDecoder().decode(bytes);
    this.appended.push({ id, seq, text });
    this.log.push(`append ${seq} ${text}`);
  }
  finish = vi.fn(async (id: string) => {
    this.log.push(`finish ${id}`);
    return { size: this.appended.reduce((n, a) => n + a.text.length, 0) };
  });
  release(): void {
    this.pending.shift()?.();
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(sink = new FakeSink()) {
  let t = 1_000;
  const clock = { advance: (ms: number) => (t += ms) };
  let media!: FakeMediaRecorder;
  const source = { stream: {} as MediaStream, dispose: vi.fn() };
  const recorder = new CallRecorder({
    source,
    sink,
    party: '1002',
    now: () => t,
    createRecorder: (_stream, options) => (media = new FakeMediaRecorder(options)),
  });
  return { recorder, media, sink, source, clock };
}

describe('CallRecorder', () => {
  it('records Opus in WebM, a chunk a second, into a file named for the party', async () => {
    const { media, sink, recorder } = setup();
    expect(media.options).toMatchObject({ mimeType: 'audio/webm;codecs=opus' });
    expect(media.timeslice).toBe(TIMESLICE_MS);
    expect(sink.begin).toHaveBeenCalledWith({ party: '1002', startedAt: 1000 });
    await flush();
    expect(recorder.recordingId).toBe('rec.webm');
  });

  it('sends chunks in order, one at a time, even when the sink is slow', async () => {
    const sink = new FakeSink();
    sink.manual = true;
    const { media } = setup(sink);
    media.chunk('A');
    media.chunk('B');
    media.chunk('C');
    await flush();
    expect(sink.inFlight).toBe(1);
    for (let i = 0; i < 3; i++) {
      sink.release();
      await flush();
    }
    expect(sink.appended.map((a) => `${a.seq}${a.text}`)).toEqual(['0A', '1B', '2C']);
    expect(sink.maxInFlight).toBe(1);
  });

  it('stop stores the last chunk, then finishes the file and releases the source', async () => {
    const { media, sink, recorder, source, clock } = setup();
    media.chunk('A');
    clock.advance(2500);
    const result = await recorder.stop();
    expect(sink.log).toEqual(['begin 1002', 'append 0 A', 'append 1 Z', 'finish rec.webm']);
    expect(result).toEqual({ id: 'rec.webm', size: 2, durationMs: 2500 });
    expect(source.dispose).toHaveBeenCalledOnce();
    expect(recorder.state).toBe('stopped');
    await expect(recorder.stop()).resolves.toEqual(result);
    expect(sink.finish).toHaveBeenCalledOnce();
  });

  it('waits for chunks still on their way before finishing', async () => {
    const sink = new FakeSink();
    sink.manual = true;
    const { media, recorder } = setup(sink);
    media.chunk('A');
    const stopped = recorder.stop();
    await flush();
    expect(sink.finish).not.toHaveBeenCalled();
    sink.release();
    await flush();
    sink.release();
    await stopped;
    expect(sink.log).toEqual(['begin 1002', 'append 0 A', 'append 1 Z', 'finish rec.webm']);
  });

  it('pause and resume: the recorder pauses, and paused time is not counted', async () => {
    const { media, recorder, clock } = setup();
    const states: string[] = [];
    recorder.on('state', (s) => states.push(s));
    clock.advance(1000);
    recorder.pause();
    expect(media.state).toBe('paused');
    clock.advance(5000);
    expect(recorder.elapsedMs()).toBe(1000);
    recorder.resume();
    expect(media.state).toBe('recording');
    clock.advance(2000);
    expect(recorder.elapsedMs()).toBe(3000);
    const result = await recorder.stop();
    expect(result.durationMs).toBe(3000);
    expect(states).toEqual(['paused', 'recording', 'stopping', 'stopped']);
  });

  it('a refused chunk (size limit) stops the recording, keeps what was stored and reports why', async () => {
    const sink = new FakeSink();
    sink.failAt = 1;
    const { media, recorder, source } = setup(sink);
    const finished = new Promise((resolve) => recorder.on('finished', resolve));
    media.chunk('A');
    media.chunk('B');
    media.chunk('C');
    const event = (await finished) as { error: { reason: string; message: string } | null; size: number };
    expect(event.error).toMatchObject({ reason: 'too-large', message: 'the recording reached its size limit' });
    expect(event.size).toBe(1);
    expect(sink.appended.map((a) => a.text)).toEqual(['A']);
    expect(sink.finish).toHaveBeenCalledWith('rec.webm');
    expect(media.state).toBe('inactive');
    expect(source.dispose).toHaveBeenCalledOnce();
    expect(recorder.state).toBe('failed');
  });

  it('a file that cannot be created fails the recording without appending', async () => {
    const sink = new FakeSink();
    sink.begin.mockRejectedValueOnce(Object.assign(new Error('the recordings folder could not be created'), { reason: 'io' }));
    const { media, recorder, source } = setup(sink);
    media.chunk('A');
    const finished = new Promise<{ error: unknown }>((resolve) => recorder.on('finished', resolve));
    expect((await finished).error).toMatchObject({ reason: 'io' });
    expect(sink.appended).toEqual([]);
    expect(sink.finish).not.toHaveBeenCalled();
    expect(source.dispose).toHaveBeenCalledOnce();
  });
});
