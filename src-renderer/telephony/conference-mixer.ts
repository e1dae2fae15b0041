/**
 * The host's audio mixer for a local conference (F6/G1/G2).
 *
 * Every leg must hear everyone else and the host, but never itself ("mix-minus"): each leg gets
 * its own MediaStreamAudioDestinationNode fed by every input except its own, and that
 * destination's track replaces what the leg sends (RTCRtpSender.replaceTrack, no renegotiation).
 * Each input passes a gain node first, so muting a participant silences them in every mix at once.
 * One more destination carries everything, for recording the conference.
 *
 * Eight voices summed at full level clip; each mix goes through a limiter (a fast, hard
 * DynamicsCompressorNode) before it is sent, so a loud conference is squeezed rather than distorted.
 */
export const HOST = 'host';

interface Input {
  source: MediaStreamAudioSourceNode;
  gain: GainNode;
}

/** One leg's mix: inputs sum into `sum`, pass the limiter, and leave through `destination`. */
interface Output {
  sum: GainNode;
  limiter: DynamicsCompressorNode;
  destination: MediaStreamAudioDestinationNode;
}

export class ConferenceMixer {
  private readonly inputs = new Map<string, Input>();
  /** Per leg: what it is sent (everyone but itself). */
  private readonly outputs = new Map<string, Output>();
  private readonly recordingTaps = new Set<MediaStreamAudioDestinationNode>();
  private readonly muted = new Set<string>();

  constructor(private readonly ctx: AudioContext) {}

  /** The host's microphone (null while the host has none). */
  setHost(track: MediaStreamTrack | null): void {
    this.removeInput(HOST);
    if (track) this.addInput(HOST, track);
  }

  /**
   * Adds a leg: its received audio goes into everyone else's mix. Returns the track to send it.
   * A leg that joins before its remote audio arrived can call `setLegInput` later.
   */
  addLeg(id: string, remote: MediaStreamTrack | null): MediaStreamTrack {
    if (id === HOST) throw new Error('reserved id');
    let out = this.outputs.get(id);
    if (!out) {
      out = this.createOutput();
      this.outputs.set(id, out);
      for (const [inputId, input] of this.inputs) if (inputId !== id) input.gain.connect(out.sum);
    }
    if (remote) this.setLegInput(id, remote);
    return out.destination.stream.getAudioTracks()[0]!;
  }

  setLegInput(id: string, remote: MediaStreamTrack): void {
    this.removeInput(id);
    this.addInput(id, remote);
  }

  removeLeg(id: string): void {
    this.removeInput(id);
    const out = this.outputs.get(id);
    if (!out) return;
    for (const input of this.inputs.values()) safeDisconnect(input.gain, out.sum);
    out.sum.disconnect();
    out.limiter.disconnect();
    out.destination.stream.getTracks().forEach((t) => t.stop());
    this.outputs.delete(id);
    this.muted.delete(id);
  }

  /** A muted input (participant or the host) is heard by nobody. */
  setMuted(id: string, muted: boolean): void {
    if (muted) this.muted.add(id);
    else this.muted.delete(id);
    const input = this.inputs.get(id);
    if (input) input.gain.gain.value = muted ? 0 : 1;
  }

  isMuted(id: string): boolean {
    return this.muted.has(id);
  }

  get legIds(): string[] {
    return [...this.outputs.keys()];
  }

  /** Everything, host included: what a recording of the conference hears. Dispose the tap when done. */
  recordingTap(): { stream: MediaStream; dispose(): void } {
    const tap = this.ctx.createMediaStreamDestination();
    this.recordingTaps.add(tap);
    for (const input of this.inputs.values()) input.gain.connect(tap);
    return {
      stream: tap.stream,
      dispose: () => {
        for (const input of this.inputs.values()) safeDisconnect(input.gain, tap);
        tap.stream.getTracks().forEach((t) => t.stop());
        this.recordingTaps.delete(tap);
      },
    };
  }

  /**
   * Plays a short falling three-note signal into every leg's mix and resolves when it is over:
   * how participants on any phone learn the host ended the conference, rather than being cut off.
   */
  playEndSignal(): Promise<void> {
    const notes = [880, 660, 440];
    const noteS = 0.22;
    const gapS = 0.08;
    const start = this.ctx.currentTime + 0.05;
    const level = this.ctx.createGain();
    level.gain.value = 0.25;
    for (const out of this.outputs.values()) level.connect(out.sum);
    notes.forEach((hz, i) => {
      const osc = this.ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(level);
      const at = start + i * (noteS + gapS);
      osc.start(at);
      osc.stop(at + noteS);
    });
    const totalMs = (0.05 + notes.length * (noteS + gapS)) * 1000;
    return new Promise((resolve) =>
      setTimeout(() => {
        level.disconnect();
        resolve();
      }, totalMs + 100),
    );
  }

  dispose(): void {
    for (const id of [...this.outputs.keys()]) this.removeLeg(id);
    for (const id of [...this.inputs.keys()]) this.removeInput(id);
    void this.ctx.close();
  }

  private addInput(id: string, track: MediaStreamTrack): void {
    const source = this.ctx.createMediaStreamSource(new MediaStream([track]));
    const gain = this.ctx.createGain();
    gain.gain.value = this.muted.has(id) ? 0 : 1;
    source.connect(gain);
    for (const [legId, out] of this.outputs) if (legId !== id) gain.connect(out.sum);
    for (const tap of this.recordingTaps) gain.connect(tap);
    this.inputs.set(id, { source, gain });
  }

  private createOutput(): Output {
    const sum = this.ctx.createGain();
    const limiter = this.ctx.createDynamicsCompressor();
    // A limiter: anything above −6 dBFS is held there, fast enough to catch speech onsets.
    limiter.threshold.value = -6;
    limiter.knee.value = 0;
    limiter.ratio.value = 20;
    limiter.attack.value = 0.003;
    limiter.release.value = 0.1;
    const destination = this.ctx.createMediaStreamDestination();
    sum.connect(limiter).connect(destination);
    return { sum, limiter, destination };
  }

  private removeInput(id: string): void {
    const input = this.inputs.get(id);
    if (!input) return;
    input.source.disconnect();
    input.gain.disconnect();
    this.inputs.delete(id);
  }
}

function safeDisconnect(node: AudioNode, from: AudioNode): void {
  try {
    node.disconnect(from);
  } catch {
    // Not connected: nothing to undo.
  }
}
