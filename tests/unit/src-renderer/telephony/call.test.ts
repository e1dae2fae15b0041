import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Call, DECLINE, type CallOptions } from '../../../../src-renderer/telephony/call';
import { SessionEndedError } from '../../../../src-renderer/telephony/reoffer-queue';
import type { CallSnapshot, FinishedCall } from '../../../../src-renderer/telephony/types';
import { FakeSession, FakeStream, FakeTrack, asStream } from '../support/fakes';

const remote = { number: '200', name: 'Bob', uri: 'sip:200@pbx.example.com' };

interface Setup {
  session: FakeSession;
  call: Call;
  states: CallSnapshot['state'][];
  changes: CallSnapshot[];
  ended: FinishedCall[];
  clock: { t: number };
}

function setup(direction: 'incoming' | 'outgoing', over: Partial<CallOptions> = {}): Setup {
  const clock = { t: 1_000_000 };
  const session = new FakeSession(direction);
  const call = new Call(session, {
    direction,
    remote,
    dtmfMode: 'rfc4733',
    ice: { hasStun: false, hasTurn: false },
    now: () => clock.t,
    ...over,
  });
  const changes: CallSnapshot[] = [];
  const states: CallSnapshot['state'][] = [call.snapshot().state];
  const ended: FinishedCall[] = [];
  call.on('change', (s) => {
    changes.push(s);
    if (states.at(-1) !== s.state) states.push(s.state);
  });
  call.on('ended', (f) => ended.push(f));
  return { session, call, states, changes, ended, clock };
}

/** An outgoing call that is up. */
function activeCall(over: Partial<CallOptions> = {}): Setup {
  const s = setup('outgoing', over);
  s.session.progress(180);
  s.session.up();
  return s;
}

function track<T>(p: Promise<T>) {
  const s: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  p.then(
    () => (s.state = 'resolved'),
    (e: unknown) => {
      s.state = 'rejected';
      s.error = e;
    },
  );
  return s;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Call: outgoing', () => {
  it('dialing → ringing-out → connecting → active → ended, answered', () => {
    const { session, call, states, ended, clock } = setup('outgoing');
    expect(call.snapshot()).toMatchObject({ state: 'dialing', direction: 'outgoing', remote, startedAt: 1_000_000, answeredAt: null });
    session.progress(180);
    expect(call.snapshot().state).toBe('ringing-out');
    clock.t += 5_000;
    session.accepted();
    session.confirmed();
    expect(call.snapshot()).toMatchObject({ state: 'active', answeredAt: 1_005_000 });
    expect(call.isActive).toBe(true);
    clock.t += 61_400;
    session.end('remote', 'Terminated');
    expect(states).toEqual(['dialing', 'ringing-out', 'connecting', 'active', 'ended']);
    expect(call.isEnded).toBe(true);
    expect(call.snapshot()).toMatchObject({ endedAt: 1_066_400, endedBy: 'remote', failure: null });
    expect(ended).toEqual([
      {
        id: session.id,
        direction: 'outgoing',
        remote,
        startedAt: 1_000_000,
        answeredAt: 1_005_000,
        endedAt: 1_066_400,
        durationS: 61,
        outcome: 'answered',
        failure: null,
        // The fake connection has no getStats, so nothing was measured.
        quality: null,
      },
    ]);
  });

  it('rounds the duration to the nearest second', () => {
    const { session, ended, clock } = activeCall();
    clock.t += 2_500;
    session.end('local');
    expect(ended[0]!.durationS).toBe(3);
  });

  it('a second progress does not go back from connecting/active', () => {
    const { session, call } = activeCall();
    session.progress(183, 'v=0');
    expect(call.snapshot().state).toBe('active');
  });

  it('remote 486 → failure busy, outcome failed', () => {
    const { session, call, ended } = setup('outgoing');
    session.progress(180);
    session.fail('remote', 'Busy', 486, 'Busy Here');
    expect(call.snapshot()).toMatchObject({ state: 'ended', endedBy: 'remote', failure: { kind: 'busy', code: 486, detail: 'Busy Here' } });
    expect(ended[0]).toMatchObject({ outcome: 'failed', answeredAt: null, durationS: 0, failure: { kind: 'busy' } });
  });

  it('declined by the far end (603) → failure declined, outcome declined', () => {
    const { session, ended } = setup('outgoing');
    session.fail('remote', 'Rejected', 603, 'Decline');
    expect(ended[0]).toMatchObject({ outcome: 'declined', failure: { kind: 'declined', code: 603 } });
  });

  it('404 → not-found; 480 → unavailable', () => {
    const a = setup('outgoing');
    a.session.fail('remote', 'Not Found', 404, 'Not Found');
    expect(a.ended[0]).toMatchObject({ outcome: 'failed', failure: { kind: 'not-found', code: 404 } });
    const b = setup('outgoing');
    b.session.fail('remote', 'Unavailable', 480, 'Temporarily Unavailable');
    expect(b.ended[0]!.failure).toMatchObject({ kind: 'unavailable', code: 480 });
  });

  it('we cancel before answer → outcome cancelled', () => {
    const { session, call, ended } = setup('outgoing');
    session.progress(180);
    call.hangUp();
    expect(session.terminate).toHaveBeenCalledWith();
    expect(ended[0]).toMatchObject({ outcome: 'cancelled', failure: { kind: 'cancelled' } });
    expect(call.snapshot().endedBy).toBe('local');
  });

  it('a transport failure has no code and kind transport', () => {
    const { session, ended } = setup('outgoing');
    session.fail('system', 'Connection Error');
    expect(ended[0]).toMatchObject({ outcome: 'failed', failure: { kind: 'transport', detail: 'Connection Error' } });
    expect(ended[0]!.failure?.code).toBeUndefined();
  });

  it('early media: 183 with a body sets earlyMedia', () => {
    const { session, call } = setup('outgoing');
    session.progress(183, 'v=0\r\n');
    expect(call.earlyMedia).toBe(true);
    expect(call.snapshot().state).toBe('ringing-out');
  });

  it('180 or a 183 without a body is no early media', () => {
    const { session, call } = setup('outgoing');
    session.progress(180);
    session.progress(183);
    expect(call.earlyMedia).toBe(false);
  });

  // BUG: call.ts 'progress' handler only emits 'change' when the state moves dialing → ringing-out.
  // After "180 Ringing", a later "183 Session Progress" with SDP sets `earlyMedia` silently, so nobody
  // re-evaluates (Phone keeps the ringback tone over the PBX's announcement; see phone.test.ts).
  it('announces early media that starts after 180 Ringing', () => {
    const { session, call, changes } = setup('outgoing');
    session.progress(180);
    const before = changes.length;
    session.progress(183, 'v=0\r\n');
    expect(call.earlyMedia).toBe(true);
    expect(changes.length).toBeGreaterThan(before);
  });

  it('stops the adopted local stream when the call ends', () => {
    const { session, call } = setup('outgoing');
    const stream = new FakeStream([new FakeTrack('a'), new FakeTrack('b')]);
    call.adoptLocalStream(asStream(stream));
    session.progress(180);
    expect(stream.tracks.some((t) => t.stop.mock.calls.length > 0)).toBe(false);
    session.fail('remote', 'Busy', 486);
    expect(stream.tracks.every((t) => t.stop.mock.calls.length === 1)).toBe(true);
  });

  it('ignores events after it ended', () => {
    const { session, call, ended } = setup('outgoing');
    session.fail('remote', 'Busy', 486);
    session.confirmed();
    session.end('remote');
    expect(call.snapshot().state).toBe('ended');
    expect(call.snapshot().answeredAt).toBeNull();
    expect(ended).toHaveLength(1);
  });

  it('hangUp on an ended call does nothing', () => {
    const { session, call } = activeCall();
    session.end('remote');
    call.hangUp();
    expect(session.terminate).not.toHaveBeenCalled();
  });
});

describe('Call: incoming', () => {
  it('incoming → connecting → active, with the mic stream and pcConfig handed to JsSIP', () => {
    const { session, call, states, ended } = setup('incoming');
    expect(call.snapshot().state).toBe('incoming');
    const mic = new FakeStream();
    const pcConfig: RTCConfiguration = { iceServers: [] };
    call.answer(asStream(mic), pcConfig);
    expect(session.answer).toHaveBeenCalledExactlyOnceWith({ mediaStream: mic, pcConfig });
    expect(call.snapshot().state).toBe('connecting');
    session.accepted();
    session.confirmed();
    expect(states).toEqual(['incoming', 'connecting', 'active']);
    session.end('local');
    expect(ended[0]).toMatchObject({ outcome: 'answered', direction: 'incoming' });
    expect(mic.allStopped).toBe(true);
  });

  it('answer is ignored unless ringing', () => {
    const { session, call } = setup('outgoing');
    call.answer(asStream(new FakeStream()), {});
    expect(session.answer).not.toHaveBeenCalled();
    expect(call.snapshot().state).toBe('dialing');
  });

  it('decline sends 603 Decline; outcome declined', () => {
    const { session, call, ended } = setup('incoming');
    expect(DECLINE).toEqual({ status_code: 603, reason_phrase: 'Decline' });
    call.decline();
    expect(session.terminate).toHaveBeenCalledExactlyOnceWith({ status_code: 603, reason_phrase: 'Decline' });
    expect(ended[0]).toMatchObject({ outcome: 'declined', failure: { kind: 'declined', code: 603 } });
    expect(call.snapshot().endedBy).toBe('local');
  });

  it('hangUp while ringing declines', () => {
    const { session, call } = setup('incoming');
    call.hangUp();
    expect(session.terminate).toHaveBeenCalledWith(DECLINE);
  });

  it('decline after answering does nothing', () => {
    const { session, call } = setup('incoming');
    call.answer(asStream(new FakeStream()), {});
    call.decline();
    expect(session.terminate).not.toHaveBeenCalled();
  });

  it('the caller cancels → outcome missed', () => {
    const { session, call, ended } = setup('incoming');
    session.fail('remote', 'Canceled');
    expect(call.snapshot()).toMatchObject({ state: 'ended', endedBy: 'remote', failure: { kind: 'cancelled' } });
    expect(ended[0]).toMatchObject({ outcome: 'missed', answeredAt: null, durationS: 0 });
  });

  it('no answer in time → outcome missed', () => {
    const { session, ended } = setup('incoming');
    session.fail('system', 'No Answer');
    expect(ended[0]).toMatchObject({ outcome: 'missed', failure: { kind: 'no-answer' } });
  });
});

describe('Call: mute', () => {
  it('asks JsSIP to mute audio and reflects its events', () => {
    const { session, call } = activeCall();
    call.setMuted(true);
    expect(session.mute).toHaveBeenCalledExactlyOnceWith({ audio: true });
    expect(call.snapshot().muted).toBe(false); // only JsSIP's event counts
    session.emit('muted', { audio: true });
    expect(call.snapshot().muted).toBe(true);
    call.setMuted(true);
    expect(session.mute).toHaveBeenCalledOnce();
    call.setMuted(false);
    expect(session.unmute).toHaveBeenCalledExactlyOnceWith({ audio: true });
    session.emit('unmuted', { audio: true });
    expect(call.snapshot().muted).toBe(false);
  });

  it('does nothing once ended', () => {
    const { session, call } = activeCall();
    session.end('remote');
    call.setMuted(true);
    expect(session.mute).not.toHaveBeenCalled();
  });
});

describe('Call: hold and resume', () => {
  it('is only pending until the re-INVITE completes, even though JsSIP emits hold at once', async () => {
    const { session, call } = activeCall();
    const hold = track(call.hold());
    expect(session.inFlight.map((o) => o.kind)).toEqual(['hold']);
    // JsSIP emitted `hold` (originator local) synchronously inside hold():
    expect(call.snapshot()).toMatchObject({ heldLocally: false, holdPending: 'hold' });
    expect(call.isOnHold).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(call.snapshot()).toMatchObject({ heldLocally: false, holdPending: 'hold' });
    expect(hold.state).toBe('pending');
    session.completeReOffer();
    await vi.advanceTimersByTimeAsync(0);
    expect(hold.state).toBe('resolved');
    expect(call.snapshot()).toMatchObject({ heldLocally: true, holdPending: null });
  });

  it('a local hold event alone never marks the call held', () => {
    const { session, call } = activeCall();
    session.emit('hold', { originator: 'local' });
    expect(call.snapshot()).toMatchObject({ heldLocally: false, heldRemotely: false });
  });

  it('waits while JsSIP is not ready for a re-offer, then retries', async () => {
    const { session, call } = activeCall();
    session.readyToReOffer = false;
    const hold = track(call.hold());
    expect(session.inFlight).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(session.inFlight).toHaveLength(0);
    expect(call.snapshot().holdPending).toBe('hold');
    session.readyToReOffer = true;
    await vi.advanceTimersByTimeAsync(20);
    expect(session.inFlight.map((o) => o.kind)).toEqual(['hold']);
    session.completeReOffer();
    await vi.advanceTimersByTimeAsync(0);
    expect(hold.state).toBe('resolved');
    expect(call.snapshot().heldLocally).toBe(true);
  });

  it('hold then resume back-to-back: the resume starts only after the hold is done', async () => {
    const { session, call } = activeCall();
    const hold = track(call.hold());
    const resume = track(call.resume());
    expect(call.snapshot().holdPending).toBe('resume');
    await vi.advanceTimersByTimeAsync(100);
    expect(session.reOfferAttempts).toEqual(['hold']);
    expect(session.inFlight.map((o) => o.kind)).toEqual(['hold']);
    session.completeReOffer();
    await vi.advanceTimersByTimeAsync(0);
    expect(hold.state).toBe('resolved');
    expect(session.inFlight.map((o) => o.kind)).toEqual(['unhold']);
    expect(call.snapshot()).toMatchObject({ holdPending: 'resume', heldLocally: true });
    session.completeReOffer();
    await vi.advanceTimersByTimeAsync(0);
    expect(resume.state).toBe('resolved');
    expect(call.snapshot()).toMatchObject({ holdPending: null, heldLocally: false });
    expect(session.localHold).toBe(false);
  });

  it('resume brings a held call back only after the re-INVITE completes', async () => {
    const { session, call } = activeCall();
    const hold = call.hold();
    session.completeReOffer();
    await hold;
    const resume = track(call.resume());
    expect(call.snapshot()).toMatchObject({ heldLocally: true, holdPending: 'resume' });
    session.completeReOffer();
    await vi.advanceTimersByTimeAsync(0);
    expect(resume.state).toBe('resolved');
    expect(call.snapshot()).toMatchObject({ heldLocally: false, holdPending: null });
  });

  it('hold twice is one re-INVITE; resume of a call not held does nothing', async () => {
    const { session, call } = activeCall();
    await call.resume();
    expect(session.reOfferAttempts).toEqual([]);
    const a = call.hold();
    const b = call.hold();
    session.completeReOffer();
    await Promise.all([a, b]);
    await call.hold();
    expect(session.reOfferAttempts).toEqual(['hold']);
  });

  it('hold is ignored before the call is active', async () => {
    const { session, call } = setup('outgoing');
    session.progress(180);
    await call.hold();
    expect(session.reOfferAttempts).toEqual([]);
    expect(call.snapshot().holdPending).toBeNull();
  });

  it('a failed hold ends the call with hold-failed and rejects hold()', async () => {
    const { session, call, ended } = activeCall();
    const hold = call.hold();
    const assertion = expect(hold).rejects.toBeInstanceOf(SessionEndedError);
    session.failReOffer();
    await assertion;
    expect(call.snapshot()).toMatchObject({
      state: 'ended',
      heldLocally: false,
      holdPending: null,
      endedBy: 'local',
      failure: { kind: 'hold-failed', detail: 'WebRTC Error' },
    });
    expect(ended[0]).toMatchObject({ outcome: 'answered', failure: { kind: 'hold-failed' } });
  });

  it('a failed resume also gives hold-failed', async () => {
    const { session, call } = activeCall();
    const hold = call.hold();
    session.completeReOffer();
    await hold;
    const resume = call.resume();
    const assertion = expect(resume).rejects.toBeInstanceOf(SessionEndedError);
    session.failReOffer();
    await assertion;
    expect(call.snapshot().failure).toMatchObject({ kind: 'hold-failed' });
  });

  it('a WebRTC error without a pending hold is a media failure', () => {
    const { session, call } = activeCall();
    session.end('local', 'WebRTC Error');
    expect(call.snapshot().failure).toEqual({ kind: 'media', detail: 'WebRTC Error' });
  });

  it('the far end hanging up during a pending hold rejects hold() without hold-failed', async () => {
    const { session, call } = activeCall();
    const hold = call.hold();
    const assertion = expect(hold).rejects.toBeInstanceOf(SessionEndedError);
    session.end('remote', 'Terminated');
    await assertion;
    expect(call.snapshot()).toMatchObject({ failure: null, heldLocally: false });
  });

  it('remote hold/unhold set heldRemotely', () => {
    const { session, call, changes } = activeCall();
    const n = changes.length;
    session.emit('hold', { originator: 'remote' });
    expect(call.snapshot()).toMatchObject({ heldRemotely: true, heldLocally: false });
    expect(call.isOnHold).toBe(false);
    session.emit('unhold', { originator: 'remote' });
    expect(call.snapshot().heldRemotely).toBe(false);
    expect(changes.length).toBe(n + 2);
  });
});

describe('Call: DTMF', () => {
  it('sends RFC 4733 by default', () => {
    const { session, call } = activeCall();
    call.sendDtmf('1');
    call.sendDtmf('#*');
    expect(session.sendDTMF).toHaveBeenNthCalledWith(1, '1', expect.objectContaining({ transportType: 'RFC2833' }));
    expect(session.sendDTMF).toHaveBeenNthCalledWith(2, '#*', expect.objectContaining({ transportType: 'RFC2833' }));
    expect(call.snapshot().sentDtmf).toBe('1#*');
  });

  it('sends SIP INFO when the account says so', () => {
    const { session, call } = activeCall({ dtmfMode: 'info' });
    call.sendDtmf('5');
    expect(session.sendDTMF).toHaveBeenCalledExactlyOnceWith('5', { transportType: 'INFO', duration: 120, interToneGap: 70 });
  });

  it.each(['', 'x', '1 2', '12e', '<script>', '1;2'])('refuses invalid tones %j', (tones) => {
    const { session, call } = activeCall();
    call.sendDtmf(tones);
    expect(session.sendDTMF).not.toHaveBeenCalled();
    expect(call.snapshot().sentDtmf).toBe('');
  });

  it('accepts A-D (any case) and the pause', () => {
    const { session, call } = activeCall();
    call.sendDtmf('abcD,9');
    expect(session.sendDTMF).toHaveBeenCalledOnce();
  });

  it('sends nothing unless active', () => {
    const { session, call } = setup('outgoing');
    session.progress(180);
    call.sendDtmf('1');
    expect(session.sendDTMF).not.toHaveBeenCalled();
  });

  it('accumulates DTMF the far end sends, ignoring our own echo', () => {
    const { session, call } = activeCall();
    session.emit('newDTMF', { originator: 'remote', dtmf: { tone: '4' } });
    session.emit('newDTMF', { originator: 'local', dtmf: { tone: '9' } });
    session.emit('newDTMF', { originator: 'remote', dtmf: { tone: '#' } });
    expect(call.snapshot().receivedDtmf).toBe('4#');
  });
});

describe('Call: media and ICE', () => {
  function fakePc(receivers: Array<{ track: FakeTrack | null }> = []) {
    const listeners: Array<(e: { track: unknown; streams: unknown[] }) => void> = [];
    return {
      pc: {
        addEventListener: vi.fn((_type: string, l: (e: { track: unknown; streams: unknown[] }) => void) => listeners.push(l)),
        getReceivers: () => receivers,
      },
      fire: (track: unknown, streams: unknown[] = []) => listeners.forEach((l) => l({ track, streams })),
    };
  }

  it('emits remote tracks from the peer connection, including those already there, once per connection', () => {
    const { session, call } = setup('outgoing');
    const early = new FakeTrack('early');
    const dead = new FakeTrack('dead');
    dead.readyState = 'ended';
    const { pc, fire } = fakePc([{ track: early }, { track: dead }, { track: null }]);
    const tracks: unknown[] = [];
    call.on('track', (t) => tracks.push(t.track));
    session.emit('peerconnection', { peerconnection: pc });
    session.emit('peerconnection', { peerconnection: pc });
    expect(tracks).toEqual([early]);
    const later = new FakeTrack('later');
    fire(later);
    expect(tracks).toEqual([early, later]);
    expect(pc.addEventListener.mock.calls.filter((call) => call[0] === 'track')).toHaveLength(1);
  });

  it('feeds ICE candidates to the gate and calls ready once', () => {
    const { session } = setup('outgoing', { ice: { hasStun: true, hasTurn: false } });
    const ready = vi.fn();
    session.emit('icecandidate', { candidate: { candidate: 'candidate:1 1 udp 1 192.168.0.2 5000 typ host' }, ready });
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(ready).toHaveBeenCalledOnce();
    session.emit('icecandidate', { candidate: { candidate: 'candidate:2 1 udp 1 1.2.3.4 5000 typ srflx' }, ready });
    expect(ready).toHaveBeenCalledOnce();
  });

  it('stops gathering timers when the call ends', () => {
    const { session } = setup('outgoing', { ice: { hasStun: true, hasTurn: true } });
    const ready = vi.fn();
    session.emit('icecandidate', { candidate: { candidate: 'candidate:1 1 udp 1 192.168.0.2 5000 typ host' }, ready });
    session.fail('local', 'Canceled');
    vi.advanceTimersByTime(10_000);
    expect(ready).not.toHaveBeenCalled();
  });
});

describe('ICE restart after sleep or a network change', () => {
  it('renegotiates with iceRestart, after a hold already on its way', async () => {
    const { session, call } = setup('outgoing');
    session.up();
    const hold = call.hold();
    const restart = call.restartIce();
    expect(session.renegotiations).toEqual([]); // waits for the hold's re-INVITE
    session.completeReOffer();
    await hold;
    await vi.waitFor(() => expect(session.renegotiations).toEqual([{ rtcOfferConstraints: { iceRestart: true } }]));
    session.completeReOffer();
    await restart;
    expect(call.snapshot().heldLocally).toBe(true);
  });

  it('does nothing for a call that is not up', async () => {
    const { session, call } = setup('outgoing');
    await call.restartIce();
    expect(session.renegotiations).toEqual([]);
  });
});
