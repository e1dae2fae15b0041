import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConferenceMixer, HOST } from '../../../../src-renderer/telephony/conference-mixer';
import { FakeAudioContext, FakeCompressor, FakeGain, FakeSource, FakeStream, FakeTrack, asTrack } from '../support/fakes';

let ctx: FakeAudioContext;
let mixer: ConferenceMixer;
const track = (label: string) => new FakeTrack(label);

beforeEach(() => {
  // The mixer wraps each input track in `new MediaStream([track])`; node has no MediaStream.
  vi.stubGlobal('MediaStream', FakeStream);
  ctx = new FakeAudioContext();
  mixer = new ConferenceMixer(ctx as unknown as AudioContext);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Host and three legs a, b, c; returns each leg's outgoing mix. */
function threeLegs() {
  const host = track('host');
  const remotes = { a: track('a'), b: track('b'), c: track('c') };
  mixer.setHost(asTrack(host));
  const out = {
    a: ctx.destinationOf(mixer.addLeg('a', asTrack(remotes.a))),
    b: ctx.destinationOf(mixer.addLeg('b', asTrack(remotes.b))),
    c: ctx.destinationOf(mixer.addLeg('c', asTrack(remotes.c))),
  };
  return { host, remotes, out };
}

describe('ConferenceMixer: mix-minus', () => {
  it('each leg is sent the host and every other leg, never itself', () => {
    const { out } = threeLegs();
    expect(ctx.heardBy(out.a)).toEqual(['b', 'c', 'host']);
    expect(ctx.heardBy(out.b)).toEqual(['a', 'c', 'host']);
    expect(ctx.heardBy(out.c)).toEqual(['a', 'b', 'host']);
    expect(mixer.legIds).toEqual(['a', 'b', 'c']);
  });

  it('each input passes its own gain, and the source wraps exactly that track', () => {
    const { remotes } = threeLegs();
    const source = ctx.sourceOf(remotes.a)!;
    expect(source.mediaStream).toBeInstanceOf(FakeStream);
    expect(source.mediaStream.tracks).toEqual([remotes.a]);
    expect([...source.outputs]).toHaveLength(1);
    expect(ctx.gainOf(remotes.a).gain.value).toBe(1);
  });

  it('a leg that joins later hears everyone and is heard by everyone', () => {
    const { out } = threeLegs();
    const d = track('d');
    const outD = ctx.destinationOf(mixer.addLeg('d', asTrack(d)));
    expect(ctx.heardBy(outD)).toEqual(['a', 'b', 'c', 'host']);
    for (const o of Object.values(out)) expect(ctx.heardBy(o)).toContain('d');
  });

  it('a leg without remote audio yet still hears the others; its input joins later, once', () => {
    mixer.setHost(asTrack(track('host')));
    const outA = ctx.destinationOf(mixer.addLeg('a', asTrack(track('a'))));
    const outB = ctx.destinationOf(mixer.addLeg('b', null));
    expect(ctx.heardBy(outB)).toEqual(['a', 'host']);
    expect(ctx.heardBy(outA)).toEqual(['host']);
    const b = track('b');
    mixer.setLegInput('b', asTrack(b));
    expect(ctx.heardBy(outA)).toEqual(['b', 'host']);
    expect(ctx.heardBy(outB)).toEqual(['a', 'host']); // still not itself
  });

  it('a new remote track for a leg replaces its old input (no doubled voice)', () => {
    const { remotes, out } = threeLegs();
    const oldSource = ctx.sourceOf(remotes.a)!;
    const oldGain = ctx.gainOf(remotes.a);
    const a2 = track('a2');
    mixer.setLegInput('a', asTrack(a2));
    expect(oldSource.outputs.size).toBe(0);
    expect(oldGain.outputs.size).toBe(0);
    expect(ctx.heardBy(out.b)).toEqual(['a2', 'c', 'host']);
    expect(ctx.heardBy(out.a)).toEqual(['b', 'c', 'host']);
  });

  it('adding the same leg twice gives the same mix and no second output', () => {
    mixer.setHost(asTrack(track('host')));
    const first = mixer.addLeg('a', asTrack(track('a')));
    const again = mixer.addLeg('a', null);
    expect(again).toBe(first);
    expect(ctx.destinations).toHaveLength(1);
  });

  it("refuses the host's own id as a leg", () => {
    expect(() => mixer.addLeg(HOST, null)).toThrow('reserved id');
  });

  it('replacing the host microphone swaps the input; null takes the host out', () => {
    const { host, out } = threeLegs();
    const host2 = track('host2');
    mixer.setHost(asTrack(host2));
    expect(ctx.gainOf(host).outputs.size).toBe(0);
    expect(ctx.heardBy(out.a)).toEqual(['b', 'c', 'host2']);
    mixer.setHost(null);
    expect(ctx.heardBy(out.a)).toEqual(['b', 'c']);
  });
});

describe('ConferenceMixer: mute', () => {
  it('muting a participant sets its gain to 0 (heard by nobody); unmuting back to 1', () => {
    const { remotes, out } = threeLegs();
    mixer.setMuted('a', true);
    expect(mixer.isMuted('a')).toBe(true);
    expect(ctx.gainOf(remotes.a).gain.value).toBe(0);
    // Still wired, so unmuting needs no rewiring.
    expect(ctx.heardBy(out.b)).toContain('a');
    expect(ctx.gainOf(remotes.b).gain.value).toBe(1);
    mixer.setMuted('a', false);
    expect(mixer.isMuted('a')).toBe(false);
    expect(ctx.gainOf(remotes.a).gain.value).toBe(1);
  });

  it('muting the host silences the host input', () => {
    const { host } = threeLegs();
    mixer.setMuted(HOST, true);
    expect(ctx.gainOf(host).gain.value).toBe(0);
  });

  it('a mute set before the audio arrived holds for the input that comes later', () => {
    mixer.setHost(asTrack(track('host')));
    mixer.addLeg('a', null);
    mixer.setMuted('a', true);
    const a = track('a');
    mixer.setLegInput('a', asTrack(a));
    expect(ctx.gainOf(a).gain.value).toBe(0);
    // …and for a replaced host microphone.
    mixer.setMuted(HOST, true);
    const host2 = track('host2');
    mixer.setHost(asTrack(host2));
    expect(ctx.gainOf(host2).gain.value).toBe(0);
  });
});

describe('ConferenceMixer: removing a leg', () => {
  it('disconnects its input from every mix and its mix from every input, and stops its track', () => {
    const { remotes, out, host } = threeLegs();
    const mixA = out.a.stream.tracks[0]!;
    mixer.removeLeg('a');
    expect(ctx.sourceOf(remotes.a)!.outputs.size).toBe(0);
    expect(ctx.gainOf(remotes.a).outputs.size).toBe(0);
    expect(ctx.heardBy(out.a)).toEqual([]);
    expect(ctx.heardBy(out.b)).toEqual(['c', 'host']);
    expect(ctx.gainOf(host).outputs.has(out.a)).toBe(false);
    expect(mixA.stop).toHaveBeenCalled();
    expect(mixer.legIds).toEqual(['b', 'c']);
  });

  it('forgets its mute, and removing an unknown leg is harmless', () => {
    threeLegs();
    mixer.setMuted('a', true);
    mixer.removeLeg('a');
    expect(mixer.isMuted('a')).toBe(false);
    expect(() => mixer.removeLeg('nobody')).not.toThrow();
  });

  it('a leg whose input never arrived is removed without errors (nothing to disconnect)', () => {
    mixer.setHost(asTrack(track('host')));
    mixer.addLeg('a', null);
    expect(() => mixer.removeLeg('a')).not.toThrow();
    expect(mixer.legIds).toEqual([]);
  });
});

describe('ConferenceMixer: recording tap', () => {
  it('hears every input, the host included, and inputs added later', () => {
    const { out } = threeLegs();
    const tap = mixer.recordingTap();
    const tapNode = ctx.destinationOf(asTrack(tap.stream.getAudioTracks()[0] as unknown as FakeTrack));
    expect(ctx.heardBy(tapNode)).toEqual(['a', 'b', 'c', 'host']);
    mixer.addLeg('d', asTrack(track('d')));
    mixer.setLegInput('a', asTrack(track('a2')));
    expect(ctx.heardBy(tapNode)).toEqual(['a2', 'b', 'c', 'd', 'host']);
    // A recording tap is not a leg: nobody is sent it, and it is not in the legs' mixes.
    expect(mixer.legIds).toEqual(['a', 'b', 'c', 'd']);
    expect(ctx.heardBy(out.a)).not.toContain('a2');
  });

  it('dispose disconnects it, stops its track, and later inputs no longer go to it', () => {
    threeLegs();
    const tap = mixer.recordingTap();
    const tapNode = ctx.destinationOf(asTrack(tap.stream.getAudioTracks()[0] as unknown as FakeTrack));
    tap.dispose();
    expect(ctx.heardBy(tapNode)).toEqual([]);
    expect(tapNode.stream.tracks[0]!.stop).toHaveBeenCalled();
    mixer.addLeg('d', asTrack(track('d')));
    expect(ctx.heardBy(tapNode)).toEqual([]);
  });

  it('two taps are independent', () => {
    threeLegs();
    const one = mixer.recordingTap();
    const two = mixer.recordingTap();
    const twoNode = ctx.destinationOf(asTrack(two.stream.getAudioTracks()[0] as unknown as FakeTrack));
    one.dispose();
    expect(ctx.heardBy(twoNode)).toEqual(['a', 'b', 'c', 'host']);
  });
});

describe('ConferenceMixer: headroom', () => {
  it('each mix passes a hard limiter before it is sent, so eight voices squeeze instead of clipping', () => {
    const { out } = threeLegs();
    const limiters = ctx.nodes.filter((n): n is FakeCompressor => n instanceof FakeCompressor);
    expect(limiters).toHaveLength(3);
    for (const limiter of limiters) {
      expect(limiter.ratio.value).toBeGreaterThanOrEqual(20);
      expect(limiter.threshold.value).toBeLessThan(0);
      expect(Object.values(out).filter((o) => limiter.outputs.has(o))).toHaveLength(1);
    }
  });
});

describe('ConferenceMixer: end signal and dispose', () => {
  it('plays three falling notes into every leg, then disconnects and resolves', async () => {
    vi.useFakeTimers();
    const { out } = threeLegs();
    let done = false;
    const playing = mixer.playEndSignal().then(() => (done = true));
    const oscillators = ctx.oscillators;
    expect(oscillators.map((o) => o.frequency.value)).toEqual([880, 660, 440]);
    const level = [...oscillators[0]!.outputs][0] as FakeGain;
    expect(oscillators.every((o) => o.outputs.has(level))).toBe(true);
    for (const o of Object.values(out)) expect(ctx.reaches(level, o)).toBe(true);
    expect(level.gain.value).toBeLessThan(1);
    // Scheduled on the context clock, one after another, each stopped.
    const starts = oscillators.map((o) => o.start.mock.calls[0]![0]!);
    expect(starts[0]).toBeGreaterThanOrEqual(ctx.currentTime);
    expect(starts[1]).toBeGreaterThan(starts[0]!);
    expect(starts[2]).toBeGreaterThan(starts[1]!);
    expect(oscillators.every((o) => o.stop.mock.calls[0]![0]! > o.start.mock.calls[0]![0]!)).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    await playing;
    expect(level.outputs.size).toBe(0);
  });

  it('dispose disconnects everything, stops the mixes and closes the context', () => {
    const { out } = threeLegs();
    const tap = mixer.recordingTap();
    mixer.dispose();
    expect(ctx.close).toHaveBeenCalledOnce();
    expect(mixer.legIds).toEqual([]);
    for (const o of Object.values(out)) expect(o.stream.tracks[0]!.stop).toHaveBeenCalled();
    expect(ctx.nodes.filter((n) => n instanceof FakeSource || n instanceof FakeGain).every((n) => n.outputs.size === 0)).toBe(true);
    expect(() => tap.dispose()).not.toThrow();
  });
});
