/**
 * F4: records one call (or a conference's mix) with MediaRecorder. A chunk a second goes to the
 * sink one at a time and in order, so the file on disk is always a playable prefix of the
 * recording: a crash loses at most the last second or so. Pausing stops the recorder's clock, so a
 * paused stretch is left out of the file, not recorded as silence.
 */
import { Emitter } from './emitter';
import type { RecordingSource } from './recording-source';

/** Where chunks go: main's recordings service through the bridge (or the web build's IndexedDB). */
export interface RecordingSink {
  begin(meta: { party: string; startedAt: number }): Promise<{ id: string }>;
  append(id: string, seq: number, bytes: Uint8Array): Promise<void>;
  finish(id: string): Promise<{ size: number }>;
}

/** The part of MediaRecorder used here. */
export interface MediaRecorderLike {
  readonly state: 'inactive' | 'recording' | 'paused';
  readonly mimeType: string;
  start(timeslice?: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
  addEventListener(type: 'dataavailable', listener: (event: { data: Blob }) => void): void;
  addEventListener(type: 'stop' | 'error', listener: (event: Event) => void): void;
}

export type CreateMediaRecorder = (stream: MediaStream, options: MediaRecorderOptions) => MediaRecorderLike;

export const RECORDING_MIME = 'audio/webm;codecs=opus';
/** Voice in Opus: 48 kbit/s is transparent for a phone call and ~21 MB an hour. */
export const RECORDING_BITRATE = 48_000;
export const TIMESLICE_MS = 1000;

export type RecorderState = 'recording' | 'paused' | 'stopping' | 'stopped' | 'failed';

export interface FinishedRecording {
  id: string;
  size: number;
  /** Recorded time, pauses left out. */
  durationMs: number;
}

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CallRecorderOptions {
  source: RecordingSource;
  sink: RecordingSink;
  party: string;
  createRecorder?: CreateMediaRecorder;
  now?: () => number;
}

type RecorderEvents = {
  state: RecorderState;
  /** The file exists: its id is known (before the first chunk is written). */
  begun: { id: string; startedAt: number };
  /** Stopped, by stop() or a failure; the file is closed. */
  finished: FinishedRecording & { error: RecorderError | null };
};

const defaultCreateRecorder: CreateMediaRecorder = (stream, options) => new MediaRecorder(stream, options);

export class CallRecorder {
  readonly startedAt: number;
  private readonly events = new Emitter<RecorderEvents>();
  private readonly recorder: MediaRecorderLike;
  private readonly now: () => number;
  private currentState: RecorderState = 'recording';
  private id: Promise<string>;
  private fileId: string | null = null;
  /** Every sink call, chained: a chunk goes out only after the previous one was stored. */
  private queue: Promise<unknown>;
  private seq = 0;
  private size = 0;
  private activeMs = 0;
  private runningSince: number | null;
  private error: RecorderError | null = null;
  private done: Promise<FinishedRecording>;

  constructor(private readonly options: CallRecorderOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.runningSince = this.startedAt;
    const create = options.createRecorder ?? defaultCreateRecorder;
    this.recorder = create(options.source.stream, { mimeType: RECORDING_MIME, audioBitsPerSecond: RECORDING_BITRATE });
    // The file is created while the recorder already runs: the first second is not lost waiting.
    this.id = options.sink.begin({ party: options.party, startedAt: this.startedAt }).then(({ id }) => {
      this.fileId = id;
      this.events.emit('begun', { id, startedAt: this.startedAt });
      return id;
    });
    this.queue = this.id.catch((error: unknown) => this.fail(error));
    this.recorder.addEventListener('dataavailable', ({ data }) => this.enqueue(data));
    this.done = new Promise<FinishedRecording>((resolve, reject) => {
      this.recorder.addEventListener('stop', () => void this.close().then(resolve, reject));
    });
    this.recorder.addEventListener('error', (event) => {
      this.fail(new RecorderError('recorder', `MediaRecorder failed: ${(event as { error?: Error }).error?.message ?? 'error'}`));
    });
    this.recorder.start(TIMESLICE_MS);
  }

  get state(): RecorderState {
    return this.currentState;
  }

  /** The file name, once the sink has created it. */
  get recordingId(): string | null {
    return this.fileId;
  }

  /** Recorded time so far, pauses left out. */
  elapsedMs(): number {
    return this.activeMs + (this.runningSince === null ? 0 : this.now() - this.runningSince);
  }

  on<K extends keyof RecorderEvents>(event: K, listener: (payload: RecorderEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  pause(): void {
    if (this.currentState !== 'recording') return;
    this.recorder.pause();
    this.stopClock();
    this.setState('paused');
  }

  resume(): void {
    if (this.currentState !== 'paused') return;
    this.recorder.resume();
    this.runningSince = this.now();
    this.setState('recording');
  }

  /** Stops, stores the last chunk and closes the file. Safe to call more than once. */
  stop(): Promise<FinishedRecording> {
    if (this.currentState === 'recording' || this.currentState === 'paused') {
      this.stopClock();
      this.setState('stopping');
      // MediaRecorder hands over its last chunk (dataavailable) and then fires stop.
      if (this.recorder.state !== 'inactive') this.recorder.stop();
    }
    return this.done;
  }

  private enqueue(data: Blob): void {
    if (data.size === 0) return;
    this.queue = this.queue.then(async () => {
      if (this.error) return;
      const id = await this.id;
      const bytes = new Uint8Array(await data.arrayBuffer());
      try {
        await this.options.sink.append(id, this.seq, bytes);
      } catch (error) {
        this.fail(error);
        return;
      }
      this.seq += 1;
      this.size += bytes.byteLength;
    });
  }

  private fail(error: unknown): void {
    if (this.error) return;
    this.error = error instanceof RecorderError ? error : new RecorderError((error as { reason?: string })?.reason ?? 'sink', error instanceof Error ? error.message : String(error));
    // Nothing more can be stored: stop, and keep what is on disk.
    this.stopClock();
    if (this.recorder.state !== 'inactive') this.recorder.stop();
  }

  private async close(): Promise<FinishedRecording> {
    await this.queue;
    this.options.source.dispose();
    const durationMs = this.activeMs;
    let id = '';
    try {
      id = await this.id;
      await this.options.sink.finish(id);
    } catch (error) {
      this.fail(error);
    }
    const result = { id, size: this.size, durationMs };
    this.setState(this.error ? 'failed' : 'stopped');
    this.events.emit('finished', { ...result, error: this.error });
    return result;
  }

  private stopClock(): void {
    if (this.runningSince === null) return;
    this.activeMs += this.now() - this.runningSince;
    this.runningSince = null;
  }

  private setState(state: RecorderState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.events.emit('state', state);
  }
}
