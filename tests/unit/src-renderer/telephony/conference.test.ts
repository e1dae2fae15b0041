import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Call } from '../../../../src-renderer/telephony/call';
import { Conference, HOST_ENDED_REASON, MAX_LEGS, MAX_PARTIES, type ConferenceSnapshot } from '../../../../src-renderer/telephony/conference';
import { HOST, type ConferenceMixer } from '../../../../src-renderer/telephony/conference-mixer';
import { FakePeerConnection, FakeSession, FakeTrack, asPc, asTrack, deferred, flush } from '../support/fakes';

/** The mixer as the conference uses it; what it was told is in the spies. */
function fakeMixer() {
  const muted = new Set<string>();
  const mixes = new Map<string, FakeTrack>();
  const endSignal = { current: deferred<void>() };
  const mixer = {
    setHost: vi.fn((_t: MediaStreamTrack | null) => undefined),
    addLeg: vi.fn((id: string, _remote: MediaStreamTrack | null) => {
      const mix = mixes.get(id) ?? new FakeTrack(`mix for ${id}`);
      mixes.set(id, mix);
      return asTrack(mix);
    }),
    setLegInput: vi.fn((_id: string, _t: MediaStreamTrack) => undefined),
    removeLeg: vi.fn((id: string) => {
      mixes.delete(id);
      muted.delete(id);
    }),
    setMuted: vi.fn((id: string, m: boolean) => {
      if (m) muted.add(id);
      else muted.delete(id);
    }),
    isMuted: (id: string) => muted.has(id),
    recordingTap: vi.fn(() => ({ stream: {} as MediaStream, dispose: () => undefined })),
    playEndSignal: vi.fn(() => endSignal.current.promise),
    dispose: vi.fn(() => undefined),
  };
  return { mixer, mixes, endSignal, muted };
}

let seq = 0;

/** A call with a negotiated audio connection (remote audio track, a sender to swap). */
function makeCall(state: 'active' | 'ringing' = 'active') {
  const session = new FakeSession('outgoing');
  const pc = FakePeerConnection.audioCall();
  session.connection = asPc(pc);
  const number = String(200 + ++seq);
  const call = new Call(session, { direction: 'outgoing', remote: { number, name: `Party ${number}`, uri: `sip:${number}@pbx` }, dtmfMode: 'rfc4733', ice: { hasStun: false, hasTurn: false } });
  session.progress(180);
  if (state === 'active') session.up();
  const transceiver = pc.transceivers[0]!;
  return { session, pc, call, transceiver, remoteAudio: transceiver.receiver.track };
}

function setup() {
  const m = fakeMixer();
  const playback = { setMuted: vi.fn((_id: string, _muted: boolean) => undefined) };
  const hostMic = new FakeTrack('host mic');
  const conference = new Conference('conf-1', m.mixer as unknown as ConferenceMixer, playback, asTrack(hostMic), () => 42);
  const snapshots: ConferenceSnapshot[] = [];
  const ended: string[] = [];
  conference.on('change', (s) => snapshots.push(s));
  conference.on('ended', (e) => ended.push(e.id));
  return { ...m, playback, hostMic, conference, snapshots, ended };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Conference: joining', () => {
  it('takes the host microphone into the mix at once', () => {
    const { mixer, hostMic, conference } = setup();
    expect(mixer.setHost).toHaveBeenCalledExactlyOnceWith(hostMic);
    expect(conference.snapshot()).toEqual({ id: 'conf-1', startedAt: 42, participants: [], hostMuted: false, hostAway: false, ending: false });
  });

  it('an active call joins the mix: its audio goes in, the mix-minus replaces what it sends', async () => {
    const { mixer, mixes, playback, conference } = setup();
    const a = makeCall();
    conference.add(a.call);
    expect(mixer.addLeg).toHaveBeenCalledExactlyOnceWith(a.call.id, a.remoteAudio);
    expect(playback.setMuted).toHaveBeenCalledWith(a.call.id, false);
    await flush();
    expect(a.transceiver.sender.replaceTrack).toHaveBeenCalledExactlyOnceWith(mixes.get(a.call.id));
    expect(conference.snapshot().participants).toEqual([
      { callId: a.call.id, number: a.call.remote.number, name: a.call.remote.name, state: 'connected', muted: false },
    ]);
    expect(conference.connectedCalls).toEqual([a.call]);
    expect(conference.has(a.call.id)).toBe(true);
    expect(conference.callIds).toEqual([a.call.id]);
  });

  it('an invitation is inviting until answered, then joins the mix', async () => {
    const { mixer, conference } = setup();
    const b = makeCall('ringing');
    conference.add(b.call);
    expect(conference.snapshot().participants[0]!.state).toBe('inviting');
    expect(mixer.addLeg).not.toHaveBeenCalled();
    expect(conference.connectedCalls).toEqual([]);
    b.session.up();
    expect(conference.snapshot().participants[0]!.state).toBe('connected');
    expect(mixer.addLeg).toHaveBeenCalledExactlyOnceWith(b.call.id, b.remoteAudio);
    await flush();
    expect(b.transceiver.sender.replaceTrack).toHaveBeenCalledOnce();
  });

  it('a leg we had on hold is resumed before it is sent the mix', async () => {
    const { conference } = setup();
    const a = makeCall();
    const holding = a.call.hold();
    a.session.completeReOffer();
    await holding;
    conference.add(a.call);
    await flush();
    expect(a.session.inFlight.map((o) => o.kind)).toEqual(['unhold']);
    expect(a.transceiver.sender.replaceTrack).not.toHaveBeenCalled();
    a.session.completeReOffer();
    await flush();
    expect(a.call.isOnHold).toBe(false);
    expect(a.transceiver.sender.replaceTrack).toHaveBeenCalledOnce();
  });

  it('a leg that cannot take the mix is hung up (and drops out)', async () => {
    const { conference } = setup();
    const a = makeCall();
    a.transceiver.sender.replaceTrack.mockRejectedValueOnce(new Error('InvalidModificationError'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    conference.add(a.call);
    await flush();
    expect(a.session.terminate).toHaveBeenCalled();
    expect(conference.has(a.call.id)).toBe(false);
    warn.mockRestore();
  });

  it('a remote audio track that arrives later replaces the leg input; an invitation’s tracks are ignored', () => {
    const { mixer, conference } = setup();
    const a = makeCall();
    const b = makeCall('ringing');
    conference.add(a.call);
    conference.add(b.call);
    const late = new FakeTrack('late audio');
    a.pc.fireTrack(late);
    b.pc.fireTrack(new FakeTrack('early media'));
    a.pc.fireTrack(new FakeTrack('camera', 'video'));
    expect(mixer.setLegInput).toHaveBeenCalledExactlyOnceWith(a.call.id, late);
  });

  it('ignores a call already in it or already ended', () => {
    const { mixer, conference } = setup();
    const a = makeCall();
    conference.add(a.call);
    conference.add(a.call);
    const gone = makeCall();
    gone.session.end('remote');
    conference.add(gone.call);
    expect(mixer.addLeg).toHaveBeenCalledOnce();
    expect(conference.size).toBe(1);
  });

  it(`holds ${MAX_PARTIES} parties with the host: the ${MAX_PARTIES}th remote party is conference-full`, () => {
    const { conference } = setup();
    expect(MAX_LEGS).toBe(MAX_PARTIES - 1);
    for (let i = 0; i < MAX_LEGS; i++) conference.add(makeCall().call);
    expect(conference.size).toBe(8);
    const extra = makeCall();
    expect(() => conference.add(extra.call)).toThrow('conference-full');
    expect(conference.has(extra.call.id)).toBe(false);
    expect(conference.size).toBe(8);
  });
});

describe('Conference: leaving', () => {
  it('a leg that ends drops out of the mix; its listeners are gone', async () => {
    const { mixer, conference } = setup();
    const a = makeCall();
    const b = makeCall();
    conference.add(a.call);
    conference.add(b.call);
    a.session.end('remote');
    expect(mixer.removeLeg).toHaveBeenCalledExactlyOnceWith(a.call.id);
    expect(conference.snapshot().participants.map((p) => p.callId)).toEqual([b.call.id]);
    a.pc.fireTrack(new FakeTrack('after the end'));
    expect(mixer.setLegInput).not.toHaveBeenCalled();
    expect(conference.isEnded).toBe(false);
  });

  it('an invitation that fails drops out', () => {
    const { mixer, conference } = setup();
    conference.add(makeCall().call);
    const b = makeCall('ringing');
    conference.add(b.call);
    b.session.fail('remote', 'Busy', 486);
    expect(conference.size).toBe(1);
    expect(mixer.removeLeg).toHaveBeenCalledWith(b.call.id);
  });

  it('ends when the last leg is gone: mixer disposed, ended emitted once, no more changes', () => {
    const { mixer, conference, ended, snapshots } = setup();
    const a = makeCall();
    const b = makeCall();
    conference.add(a.call);
    conference.add(b.call);
    a.session.end('remote');
    expect(ended).toEqual([]);
    b.session.end('remote');
    expect(ended).toEqual(['conf-1']);
    expect(conference.isEnded).toBe(true);
    expect(mixer.dispose).toHaveBeenCalledOnce();
    const n = snapshots.length;
    conference.add(makeCall().call); // an ended conference takes nobody
    conference.setHostMuted(true);
    expect(conference.size).toBe(0);
    expect(snapshots).toHaveLength(n);
  });

  it('remove hangs up a participant, or cancels an invitation still ringing', () => {
    const { conference } = setup();
    const a = makeCall();
    const b = makeCall('ringing');
    conference.add(a.call);
    conference.add(b.call);
    conference.remove(b.call.id);
    expect(b.call.snapshot().failure?.kind).toBe('cancelled');
    conference.remove(a.call.id);
    expect(a.session.terminate).toHaveBeenCalledWith();
    expect(conference.isEnded).toBe(true);
    expect(() => conference.remove('nobody')).not.toThrow();
  });
});

describe('Conference: host controls', () => {
  it('muting a participant mutes them in every mix and in the host speaker', () => {
    const { mixer, playback, conference } = setup();
    const a = makeCall();
    conference.add(a.call);
    conference.setParticipantMuted(a.call.id, true);
    expect(mixer.setMuted).toHaveBeenLastCalledWith(a.call.id, true);
    expect(playback.setMuted).toHaveBeenLastCalledWith(a.call.id, true);
    expect(conference.snapshot().participants[0]!.muted).toBe(true);
    conference.setParticipantMuted(a.call.id, false);
    expect(playback.setMuted).toHaveBeenLastCalledWith(a.call.id, false);
    expect(conference.snapshot().participants[0]!.muted).toBe(false);
    conference.setParticipantMuted('nobody', true);
    expect(mixer.setMuted).not.toHaveBeenCalledWith('nobody', true);
  });

  it('host mute silences the host input in the mix', () => {
    const { mixer, conference } = setup();
    conference.add(makeCall().call);
    conference.setHostMuted(true);
    expect(mixer.setMuted).toHaveBeenLastCalledWith(HOST, true);
    expect(conference.snapshot().hostMuted).toBe(true);
    conference.setHostMuted(false);
    expect(mixer.setMuted).toHaveBeenLastCalledWith(HOST, false);
  });

  it('host away: the host neither hears nor is heard; back restores each leg as it was', () => {
    const { mixer, playback, conference } = setup();
    const a = makeCall();
    const b = makeCall();
    conference.add(a.call);
    conference.add(b.call);
    conference.setParticipantMuted(b.call.id, true);
    playback.setMuted.mockClear();
    conference.setHostAway(true);
    expect(conference.snapshot().hostAway).toBe(true);
    expect(mixer.isMuted(HOST)).toBe(true);
    expect(playback.setMuted.mock.calls).toEqual([
      [a.call.id, true],
      [b.call.id, true],
    ]);
    // Unmuting a participant while away keeps them silent in the host speaker.
    conference.setParticipantMuted(b.call.id, false);
    expect(playback.setMuted).toHaveBeenLastCalledWith(b.call.id, true);
    conference.setParticipantMuted(b.call.id, true);
    playback.setMuted.mockClear();
    conference.setHostAway(false);
    expect(mixer.isMuted(HOST)).toBe(false);
    expect(playback.setMuted.mock.calls).toEqual([
      [a.call.id, false],
      [b.call.id, true],
    ]);
  });

  it('host away and host mute combine: coming back while muted stays muted', () => {
    const { mixer, conference } = setup();
    conference.add(makeCall().call);
    conference.setHostMuted(true);
    conference.setHostAway(true);
    conference.setHostMuted(false); // unmuting while away: still not heard
    expect(mixer.isMuted(HOST)).toBe(true);
    conference.setHostMuted(true);
    conference.setHostAway(false);
    expect(mixer.isMuted(HOST)).toBe(true);
  });

  it('a leg that joins while the host is away is silent in the host speaker', () => {
    const { playback, conference } = setup();
    conference.add(makeCall().call);
    conference.setHostAway(true);
    const b = makeCall();
    conference.add(b.call);
    expect(playback.setMuted).toHaveBeenLastCalledWith(b.call.id, true);
  });

  it('DTMF goes to every connected leg, not to invitations', () => {
    const { conference } = setup();
    const a = makeCall();
    const b = makeCall('ringing');
    conference.add(a.call);
    conference.add(b.call);
    conference.sendDtmf('1#');
    expect(a.session.sendDTMF).toHaveBeenCalledWith('1#', expect.anything());
    expect(b.session.sendDTMF).not.toHaveBeenCalled();
  });

  it('the recording tap is the mixer’s', () => {
    const { mixer, conference } = setup();
    const tap = conference.recordingTap();
    expect(mixer.recordingTap).toHaveBeenCalledOnce();
    expect(tap).toBe(mixer.recordingTap.mock.results[0]!.value);
  });
});

describe('Conference: end for all', () => {
  it('plays the end signal first, then hangs up every leg with the Reason header', async () => {
    const { mixer, endSignal, conference, ended } = setup();
    const a = makeCall();
    const b = makeCall();
    const c = makeCall('ringing');
    [a, b, c].forEach((x) => conference.add(x.call));
    const ending = conference.endForAll();
    expect(conference.snapshot().ending).toBe(true);
    expect(mixer.playEndSignal).toHaveBeenCalledOnce();
    await flush();
    expect(a.session.terminate).not.toHaveBeenCalled(); // the signal is still playing
    endSignal.current.resolve();
    await ending;
    const reason = { extraHeaders: [`Reason: SIP;cause=200;text="${HOST_ENDED_REASON}"`] };
    for (const x of [a, b, c]) expect(x.session.terminate).toHaveBeenCalledExactlyOnceWith(reason);
    expect(ended).toEqual(['conf-1']);
    expect(conference.isEnded).toBe(true);
    expect(mixer.dispose).toHaveBeenCalledOnce();
  });

  it('with only invitations there is nobody to play the signal to: they are cancelled at once', async () => {
    const { mixer, conference, ended } = setup();
    const b = makeCall('ringing');
    conference.add(b.call);
    await conference.endForAll();
    expect(mixer.playEndSignal).not.toHaveBeenCalled();
    expect(b.session.terminate).toHaveBeenCalledOnce();
    expect(ended).toEqual(['conf-1']);
  });

  it('a second endForAll while ending does nothing', async () => {
    const { mixer, endSignal, conference } = setup();
    const a = makeCall();
    conference.add(a.call);
    const first = conference.endForAll();
    const second = conference.endForAll();
    endSignal.current.resolve();
    await Promise.all([first, second]);
    expect(mixer.playEndSignal).toHaveBeenCalledOnce();
    expect(a.session.terminate).toHaveBeenCalledOnce();
    await conference.endForAll();
    expect(a.session.terminate).toHaveBeenCalledOnce();
  });

  it('an empty conference ends at once', async () => {
    const { conference, ended } = setup();
    await conference.endForAll();
    expect(ended).toEqual(['conf-1']);
  });
});
