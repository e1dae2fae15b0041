/**
 * Ringback, ringtone and the call-waiting beep, synthesised with WebAudio (no audio files to ship)
 * and played through an element so each can go to its own device: ringtone on the ringing device,
 * ringback and waiting beep on the call's output.
 */
import { routeTo, type SinkAudio } from './audio-output';

export type ToneName = 'ringback' | 'ringtone' | 'waiting';

interface Pattern {
  /** Frequencies sounded together. */
  hz: number[];
  /** On/off segments in ms, repeated. */
  cadence: number[];
  gain: number;
}

const PATTERNS: Record<ToneName, Pattern> = {
  // North American ringback: 440+480 Hz, 2 s on, 4 s off.
  ringback: { hz: [440, 480], cadence: [2000, 4000], gain: 0.12 },
  // A two-burst ring that stands out from speech.
  ringtone: { hz: [660, 880], cadence: [400, 200, 400, 2000], gain: 0.25 },
  // Call waiting: two short beeps every 8 s, quiet so the current caller is still heard.
  waiting: { hz: [440], cadence: [200, 150, 200, 7450], gain: 0.08 },
};

export class TonePlayer {
  private ctx: AudioContext | null = null;
  private readonly playing = new Map<ToneName, { stop(): void }>();
  private devices: Record<ToneName, string> = { ringback: 'default', ringtone: 'default', waiting: 'default' };

  constructor(private readonly doc: Document = document) {}

  setDevices(speakerId: string, ringerId: string): void {
    this.devices = { ringback: speakerId, ringtone: ringerId, waiting: speakerId };
  }

  isPlaying(name: ToneName): boolean {
    return this.playing.has(name);
  }

  start(name: ToneName): void {
    if (this.playing.has(name)) return;
    this.ctx ??= new AudioContext();
    const ctx = this.ctx;
    void ctx.resume().catch(() => undefined);
    const pattern = PATTERNS[name];
    const gain = ctx.createGain();
    gain.gain.value = 0;
    const oscillators = pattern.hz.map((hz) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    const dest = ctx.createMediaStreamDestination();
    gain.connect(dest);
    const el = this.doc.createElement('audio') as SinkAudio;
    el.hidden = true;
    el.className = `offhook-tone offhook-tone-${name}`;
    el.srcObject = dest.stream;
    this.doc.body.appendChild(el);
    void routeTo(el, this.devices[name]).then(() => el.play().catch(() => undefined));

    // Schedule the cadence a few cycles ahead and top it up, so timers never glitch the sound.
    const period = pattern.cadence.reduce((a, b) => a + b, 0) / 1000;
    let scheduledUntil = ctx.currentTime;
    const schedule = (): void => {
      while (scheduledUntil < ctx.currentTime + 2 * period) {
        let t = scheduledUntil;
        pattern.cadence.forEach((ms, i) => {
          gain.gain.setValueAtTime(i % 2 === 0 ? pattern.gain : 0, t);
          t += ms / 1000;
        });
        scheduledUntil = t;
      }
    };
    schedule();
    const timer = setInterval(schedule, (period * 1000) / 2);
    this.playing.set(name, {
      stop: () => {
        clearInterval(timer);
        oscillators.forEach((o) => o.stop());
        gain.disconnect();
        el.pause();
        el.srcObject = null;
        el.remove();
      },
    });
  }

  stop(name: ToneName): void {
    this.playing.get(name)?.stop();
    this.playing.delete(name);
  }

  stopAll(): void {
    for (const name of [...this.playing.keys()]) this.stop(name);
  }
}
