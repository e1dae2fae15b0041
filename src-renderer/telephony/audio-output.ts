/**
 * Audio elements that play a stream on a chosen output device (setSinkId).
 *
 * A remote call stream must play through an element: Chrome does not render a remote WebRTC track
 * that only feeds WebAudio. Each call gets one hidden element, marked with the call's id.
 */
export type SinkAudio = HTMLAudioElement;

export async function routeTo(el: SinkAudio, deviceId: string): Promise<void> {
  if (typeof el.setSinkId !== 'function') return; // browsers without output selection
  try {
    await el.setSinkId(deviceId === 'default' ? '' : deviceId);
  } catch (error) {
    // The device went away: stay on the default output rather than going silent.
    console.warn('could not switch audio output, using the default', error);
    await el.setSinkId('').catch(() => undefined);
  }
}

export class RemoteAudio {
  private readonly elements = new Map<string, SinkAudio>();
  private deviceId = 'default';
  private volume = 1;
  private readonly muted = new Set<string>();

  constructor(private readonly doc: Document = document) {}

  play(callId: string, track: MediaStreamTrack): void {
    let el = this.elements.get(callId);
    if (!el) {
      el = this.doc.createElement('audio') as SinkAudio;
      el.autoplay = true;
      el.className = 'offhook-remote-audio';
      el.dataset.callId = callId;
      el.hidden = true;
      el.volume = this.volume;
      el.muted = this.muted.has(callId);
      el.srcObject = new MediaStream();
      this.doc.body.appendChild(el);
      this.elements.set(callId, el);
      void routeTo(el, this.deviceId);
    }
    const stream = el.srcObject as MediaStream;
    if (!stream.getTracks().includes(track)) stream.addTrack(track);
    void el.play().catch(() => undefined);
  }

  stop(callId: string): void {
    const el = this.elements.get(callId);
    if (!el) return;
    el.pause();
    el.srcObject = null;
    el.remove();
    this.elements.delete(callId);
    this.muted.delete(callId);
  }

  /**
   * Silences one call in the speaker (a muted conference participant). The element keeps playing
   * muted, because Chrome feeds a remote track to WebAudio (the conference mix) only while an
   * element plays it.
   */
  setMuted(callId: string, muted: boolean): void {
    if (muted) this.muted.add(callId);
    else this.muted.delete(callId);
    const el = this.elements.get(callId);
    if (el) el.muted = muted;
  }

  setDevice(deviceId: string): void {
    this.deviceId = deviceId;
    for (const el of this.elements.values()) void routeTo(el, deviceId);
  }

  /** Call volume, 0..1, for every call (headset volume keys, later a slider). */
  setVolume(volume: number): number {
    this.volume = Math.min(1, Math.max(0, volume));
    for (const el of this.elements.values()) el.volume = this.volume;
    return this.volume;
  }

  get currentVolume(): number {
    return this.volume;
  }
}
