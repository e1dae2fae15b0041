/**
 * The microphone, opened ahead of need.
 *
 * Opening a microphone takes tens of milliseconds (hundreds on some USB headsets), and JsSIP's stock
 * behaviour does it inside call() and answer(). We open it when the user shows intent (focuses the
 * dial box, a call rings) and give each call its own clone, so muting or holding one call never
 * silences another. The shared stream is closed after a quiet minute so the OS's "microphone in
 * use" indicator does not stay on all day.
 */
export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

export class Microphone {
  private stream: MediaStream | null = null;
  private opening: Promise<MediaStream> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private users = 0;
  private deviceId = 'default';

  constructor(
    private readonly getUserMedia: GetUserMedia,
    private readonly idleMs = 60_000,
  ) {}

  setDevice(deviceId: string): void {
    if (deviceId === this.deviceId) return;
    this.deviceId = deviceId;
    // Calls keep their clones; the next call opens the new device.
    this.close();
  }

  /** Opens the microphone now (if it is not open) and keeps it for `idleMs` unless a call takes it. */
  warm(): Promise<void> {
    return this.open().then(
      () => this.armIdle(),
      () => undefined, // a refused microphone is reported when a call needs it
    );
  }

  /** A stream of its own for one call; `release` when the call ends. */
  async forCall(): Promise<MediaStream> {
    const shared = await this.open();
    this.users++;
    this.disarmIdle();
    return shared.clone();
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.armIdle();
  }

  close(): void {
    this.disarmIdle();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.opening = null;
  }

  private open(): Promise<MediaStream> {
    if (this.stream && this.stream.getAudioTracks().some((t) => t.readyState === 'live')) {
      return Promise.resolve(this.stream);
    }
    if (this.opening) return this.opening;
    const deviceId = this.deviceId;
    const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    if (deviceId && deviceId !== 'default') audio.deviceId = { exact: deviceId };
    const opening = this.getUserMedia({ audio, video: false }).catch((error: unknown) => {
      // The chosen device is gone (headset unplugged): fall back to the system default.
      if (audio.deviceId && (error as { name?: string })?.name === 'OverconstrainedError') {
        delete audio.deviceId;
        return this.getUserMedia({ audio, video: false });
      }
      throw error;
    });
    this.opening = opening;
    return opening.then(
      (stream) => {
        if (this.opening !== opening) {
          // The device changed meanwhile: drop this one and hand out the new device instead.
          stream.getTracks().forEach((t) => t.stop());
          return this.open();
        }
        this.stream = stream;
        this.opening = null;
        return stream;
      },
      (error: unknown) => {
        if (this.opening === opening) this.opening = null;
        throw error;
      },
    );
  }

  private armIdle(): void {
    this.disarmIdle();
    if (this.users > 0) return;
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
  }

  private disarmIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
