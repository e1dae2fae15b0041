import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Microphone } from '../../../../src-renderer/telephony/microphone';
import { Phone, PhoneError, type PhoneAccountConfig, type PhoneErrorKind } from '../../../../src-renderer/telephony/phone';
import type { CallSnapshot, FinishedCall } from '../../../../src-renderer/telephony/types';
import {
  FakeRemoteAudio,
  FakeSession,
  FakeStream,
  FakeTones,
  FakeTrack,
  asFake,
  fakeUaFactory,
  flush,
  type FakeUa,
} from '../support/fakes';

const account: PhoneAccountConfig = {
  server: 'wss://pbx.example.com/ws',
  extension: '1001',
  authName: '',
  password: 'pw',
  displayName: 'Alice',
  domain: '',
  dtmfMode: 'rfc4733',
  iceServers: [],
};

const IDLE = 60_000;
const LINGER = 4_000;

function setup() {
  const factory = fakeUaFactory();
  const opened: FakeStream[] = [];
  const gum = vi.fn(async (_c: MediaStreamConstraints): Promise<MediaStream> => {
    const s = new FakeStream();
    opened.push(s);
    return s as unknown as MediaStream;
  });
  const microphone = new Microphone(gum, IDLE);
  const tones = new FakeTones();
  const remoteAudio = new FakeRemoteAudio();
  const phone = new Phone({
    createUa: factory.createUa,
    microphone,
    remoteAudio,
    tones,
    userAgent: 'Offhook/test',
    endedLingerMs: LINGER,
  });
  const finished: FinishedCall[] = [];
  const incoming: CallSnapshot[] = [];
  phone.on('call-finished', (f) => finished.push(f));
  phone.on('incoming', (c) => incoming.push(c));
  return { phone, factory, gum, opened, microphone, tones, remoteAudio, finished, incoming };
}

type Env = ReturnType<typeof setup> & { ua: FakeUa };

function signedIn(config: Partial<PhoneAccountConfig> = {}): Env {
  const env = setup();
  env.phone.signIn({ ...account, ...config });
  const ua = env.factory.last();
  ua.connectAndRegister();
  return { ...env, ua };
}

const callOf = (env: Env, id: string) => env.phone.snapshot().calls.find((c) => c.id === id);

/** Places an outgoing call and brings it up; returns its session. */
async function activeOutgoing(env: Env, number = '200'): Promise<FakeSession> {
  const snap = await env.phone.call(number);
  const session = env.ua.sessions.at(-1)!;
  expect(snap.id).toBe(session.id);
  session.progress(180);
  session.up();
  return session;
}

/** Runs the phone's promise chains until `p` settles (or gives up) and reports how it went. */
function track<T>(p: Promise<T>) {
  const s: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown; value?: T } = { state: 'pending' };
  p.then(
    (v) => {
      s.state = 'resolved';
      s.value = v;
    },
    (e: unknown) => {
      s.state = 'rejected';
      s.error = e;
    },
  );
  return s;
}

async function expectPhoneError(p: Promise<unknown>, kind: PhoneErrorKind): Promise<void> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhoneError);
  expect((error as PhoneError).kind).toBe(kind);
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Phone: placing calls', () => {
  it('refuses to call while not registered', async () => {
    const env = setup();
    await expectPhoneError(env.phone.call('200'), 'not-registered');
    env.phone.signIn(account);
    await expectPhoneError(env.phone.call('200'), 'not-registered'); // still connecting
    expect(env.gum).not.toHaveBeenCalled();
  });

  it('refuses an invalid target without touching the microphone', async () => {
    const env = signedIn();
    await expectPhoneError(env.phone.call('<script>alert(1)</script>'), 'invalid-target');
    await expectPhoneError(env.phone.call('   '), 'invalid-target');
    expect(env.ua.call).not.toHaveBeenCalled();
    expect(env.gum).not.toHaveBeenCalled();
  });

  it('dials the URI in the account domain with a microphone clone and the ICE servers', async () => {
    const env = signedIn({
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: 'turn:turn.example.com:3478', username: 'u', credential: 'c' },
      ],
    });
    const snap = await env.phone.call('+1 (555) 010-2000');
    expect(env.ua.call).toHaveBeenCalledOnce();
    const [target, options] = env.ua.call.mock.calls[0]!;
    expect(target).toBe('sip:+15550102000@pbx.example.com');
    expect(options).toMatchObject({
      mediaStream: env.opened[0]!.clones[0],
      pcConfig: {
        iceServers: [
          { urls: 'stun:stun.example.com:3478', username: undefined, credential: undefined },
          { urls: 'turn:turn.example.com:3478', username: 'u', credential: 'c' },
        ],
        bundlePolicy: 'balanced',
        rtcpMuxPolicy: 'require',
      },
    });
    expect(snap).toMatchObject({
      direction: 'outgoing',
      state: 'dialing',
      remote: { number: '+15550102000', name: '', uri: 'sip:+15550102000@pbx.example.com' },
    });
    expect(env.phone.snapshot().calls.map((c) => c.id)).toEqual([snap.id]);
  });

  it('passes the TURN setting to the ICE gate (srflx is not enough with TURN)', async () => {
    const env = signedIn({ iceServers: [{ urls: 'turns:turn.example.com:443' }] });
    await env.phone.call('200');
    const session = env.ua.sessions[0]!;
    const ready = vi.fn();
    session.emit('icecandidate', { candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 9 typ srflx' }, ready });
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(ready).toHaveBeenCalledOnce();
  });

  it('the local stream is stopped when the call ends', async () => {
    const env = signedIn();
    const session = await activeOutgoing(env);
    const clone = env.opened[0]!.clones[0]!;
    session.end('remote');
    expect(clone.allStopped).toBe(true);
    expect(env.opened[0]!.allStopped).toBe(false); // the shared stream stays warm
  });

  it('reports a refused microphone as PhoneError microphone', async () => {
    const env = signedIn();
    env.gum.mockRejectedValue(Object.assign(new Error('no'), { name: 'NotAllowedError' }));
    const error = await env.phone.call('200').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhoneError);
    expect(error).toMatchObject({ kind: 'microphone', message: 'microphone: NotAllowedError' });
    expect(env.ua.call).not.toHaveBeenCalled();
  });

  it('releases the microphone when JsSIP throws on call()', async () => {
    const env = signedIn();
    env.ua.call.mockImplementationOnce(() => {
      throw new Error('invalid target');
    });
    await expect(env.phone.call('200')).rejects.toThrow('invalid target');
    expect(env.opened[0]!.clones[0]!.allStopped).toBe(true);
    vi.advanceTimersByTime(IDLE);
    expect(env.opened[0]!.allStopped).toBe(true); // no user left: idle close ran
  });

  it('uses the DTMF mode configured for the next call', async () => {
    const env = signedIn({ dtmfMode: 'info' });
    const session = await activeOutgoing(env);
    env.phone.sendDtmf(session.id, '1');
    expect(session.sendDTMF).toHaveBeenCalledWith('1', expect.objectContaining({ transportType: 'INFO' }));
    env.phone.configure({ dtmfMode: 'rfc4733', iceServers: [] });
    session.end('remote');
    const second = await activeOutgoing(env, '201');
    env.phone.sendDtmf(second.id, '2');
    expect(second.sendDTMF).toHaveBeenCalledWith('2', expect.objectContaining({ transportType: 'RFC2833' }));
  });

  it('throws no-such-call for an unknown id', async () => {
    const env = signedIn();
    for (const action of [() => env.phone.hangUp('nope'), () => env.phone.decline('nope'), () => env.phone.sendDtmf('nope', '1')]) {
      expect(action).toThrow(PhoneError);
      expect(() => action()).toThrow('no-such-call: nope');
    }
    await expectPhoneError(env.phone.answer('nope'), 'no-such-call');
  });

  // BUG: phone.ts hold()/resume() wrap `this.get(id)` inside withHoldErrors(), so an unknown id
  // (a call that already left the list after its linger time) is reported as 'hold-failed'
  // instead of 'no-such-call'. Fix: `const call = this.get(id);` before withHoldErrors.
  it('hold/resume of an unknown call is no-such-call, not hold-failed', async () => {
    const env = signedIn();
    await expectPhoneError(env.phone.hold('nope'), 'no-such-call');
    await expectPhoneError(env.phone.resume('nope'), 'no-such-call');
  });
});

describe('Phone: two lines', () => {
  it('a second outgoing call first holds the active one', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const second = track(env.phone.call('201'));
    await flush(50);
    expect(a.inFlight.map((o) => o.kind)).toEqual(['hold']);
    expect(env.ua.call).toHaveBeenCalledOnce(); // not yet
    expect(second.state).toBe('pending');
    a.completeReOffer();
    await flush(50);
    expect(env.ua.call).toHaveBeenCalledTimes(2);
    expect(second.state).toBe('resolved');
    expect(callOf(env, a.id)).toMatchObject({ heldLocally: true, holdPending: null });
  });

  it('a failed hold of the active call stops the new call with hold-failed', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const second = env.phone.call('201');
    const assertion = expectPhoneError(second, 'hold-failed');
    await flush(50);
    a.failReOffer();
    await assertion;
    expect(env.ua.call).toHaveBeenCalledOnce();
    expect(env.finished[0]).toMatchObject({ id: a.id, failure: { kind: 'hold-failed' } });
  });

  // BUG: phone.ts call() (and answer()) run micForCall() and holdOthers() with Promise.all; when
  // the hold fails, the clone from forCall() is never stopped nor released, so the microphone's
  // user count stays up and its idle close never runs (the OS "mic in use" light stays on).
  // Fix: use Promise.allSettled, and releaseMic(stream) when the hold rejected.
  it('a failed hold before a new call gives the microphone back', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const second = env.phone.call('201').catch(() => undefined);
    await flush(50);
    a.failReOffer(); // ends call A, which releases A's use of the microphone
    await second;
    await flush(50);
    const secondClone = env.opened[0]!.clones[1]!;
    expect(secondClone.allStopped).toBe(true);
    vi.advanceTimersByTime(IDLE);
    expect(env.opened[0]!.allStopped).toBe(true);
  });

  it('refuses a third call', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const b = env.phone.call('201');
    await flush(50);
    a.completeReOffer();
    await b;
    await expectPhoneError(env.phone.call('202'), 'no-free-line');
    expect(env.ua.call).toHaveBeenCalledTimes(2);
  });

  // BUG (race): phone.ts call() checks hasFreeLine() before awaiting the microphone and the hold,
  // and creates the Call only afterwards, so two call() started together (double click, or a call
  // while the first is still opening the microphone) both pass the check and a third line opens.
  // Fix: reserve the line synchronously (e.g. count pending dials) before the first await.
  it('two calls started together cannot exceed two lines', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const results = Promise.allSettled([env.phone.call('201'), env.phone.call('202')]);
    await flush(50);
    if (a.inFlight.length) a.completeReOffer();
    const settled = await results;
    expect(settled.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(env.ua.call).toHaveBeenCalledTimes(2); // A and one of the two
  });

  it('a third incoming call gets 486 Busy Here and never rings', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const b = env.ua.ring({ user: '300' });
    expect(env.incoming).toHaveLength(1);
    const c = env.ua.ring({ user: '301' });
    expect(c.terminate).toHaveBeenCalledExactlyOnceWith({ status_code: 486, reason_phrase: 'Busy Here' });
    expect(env.incoming).toHaveLength(1);
    expect(env.phone.snapshot().calls.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(env.finished).toEqual([]);
  });

  it('an ended call frees its line at once and leaves the list after the linger time', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    env.ua.ring({ user: '300' });
    a.end('remote');
    const c = env.ua.ring({ user: '301' });
    expect(c.terminate).not.toHaveBeenCalled();
    expect(callOf(env, a.id)?.state).toBe('ended');
    vi.advanceTimersByTime(LINGER);
    expect(callOf(env, a.id)).toBeUndefined();
    expect(env.phone.snapshot().calls).toHaveLength(2);
  });

  it('answering a waiting call holds the active one first', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const b = env.ua.ring({ user: '300', displayName: 'Carol' });
    const answering = track(env.phone.answer(b.id));
    await flush(50);
    expect(a.inFlight.map((o) => o.kind)).toEqual(['hold']);
    expect(b.answer).not.toHaveBeenCalled();
    a.completeReOffer();
    await flush(50);
    expect(answering.state).toBe('resolved');
    expect(b.answer).toHaveBeenCalledOnce();
    const options = b.answer.mock.calls[0]![0]!;
    expect(asFake(options.mediaStream as MediaStream).tracks[0]!.readyState).toBe('live');
    expect(options.pcConfig).toMatchObject({ bundlePolicy: 'balanced' });
    expect(callOf(env, b.id)?.state).toBe('connecting');
    expect(callOf(env, a.id)?.heldLocally).toBe(true);
  });

  it('answering a call that ended meanwhile gives the microphone back', async () => {
    const env = signedIn();
    const b = env.ua.ring({ user: '300' });
    const answering = env.phone.answer(b.id);
    b.fail('remote', 'Canceled'); // caller gave up before the microphone was ready
    await answering;
    expect(b.answer).not.toHaveBeenCalled();
    expect(env.opened[0]!.clones[0]!.allStopped).toBe(true);
  });

  // BUG: lines.ts callsToHold() skips calls with heldLocally=true, which includes a call whose
  // *resume* re-INVITE is in flight (heldLocally only turns false when it completes). Answering (or
  // placing) another call meanwhile holds nothing, and once the resume completes both calls are
  // live and un-held: the user talks to both at once. Fix: callsToHold() must also pick calls with
  // holdPending 'resume', and Call.hold() must not return early on heldLocally while a resume is
  // pending (it should queue a hold behind the resume in the ReOfferQueue).
  it('answering while another call is being resumed still leaves only one call un-held', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const holding = env.phone.hold(a.id);
    a.completeReOffer();
    await holding;
    const c = env.ua.ring({ user: '300' });
    const resuming = env.phone.resume(a.id);
    await flush(50);
    expect(a.inFlight.map((o) => o.kind)).toEqual(['unhold']);
    const answering = env.phone.answer(c.id);
    await flush(50);
    a.completeReOffer();
    await resuming;
    await flush(50);
    while (a.inFlight.length) {
      a.completeReOffer();
      await flush(50);
    }
    await answering;
    c.confirmed();
    const unheld = env.phone.snapshot().calls.filter((x) => x.state === 'active' && !x.heldLocally);
    expect(unheld.map((x) => x.id)).toEqual([c.id]);
  });

  it('swap holds the active call, then resumes the held one', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const p = env.phone.call('201');
    await flush(50);
    a.completeReOffer();
    await p;
    const b = env.ua.sessions[1]!;
    b.progress(180);
    b.up();

    const swapping = track(env.phone.swap());
    await flush(50);
    expect(b.inFlight.map((o) => o.kind)).toEqual(['hold']);
    expect(a.inFlight).toEqual([]); // A is resumed only once B is held
    b.completeReOffer();
    await flush(50);
    expect(a.inFlight.map((o) => o.kind)).toEqual(['unhold']);
    a.completeReOffer();
    await flush(50);
    expect(swapping.state).toBe('resolved');
    expect(callOf(env, a.id)).toMatchObject({ heldLocally: false, holdPending: null });
    expect(callOf(env, b.id)).toMatchObject({ heldLocally: true, holdPending: null });
  });

  it('resume holds the other active call first', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const p = env.phone.call('201');
    await flush(50);
    a.completeReOffer();
    await p;
    const b = env.ua.sessions[1]!;
    b.up();
    const resuming = env.phone.resume(a.id);
    await flush(50);
    expect(b.inFlight.map((o) => o.kind)).toEqual(['hold']);
    expect(a.inFlight).toEqual([]);
    b.completeReOffer();
    await flush(50);
    a.completeReOffer();
    await resuming;
    expect(callOf(env, a.id)?.heldLocally).toBe(false);
    expect(callOf(env, b.id)?.heldLocally).toBe(true);
  });

  it('swap with nothing held does nothing', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env);
    await env.phone.swap();
    expect(a.reOfferAttempts).toEqual([]);
  });

  it('hold failure surfaces as PhoneError hold-failed', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env);
    const holding = expectPhoneError(env.phone.hold(a.id), 'hold-failed');
    a.failReOffer();
    await holding;
  });
});

describe('Phone: incoming calls', () => {
  it('emits incoming with the caller and warms the microphone', async () => {
    const env = signedIn();
    const b = env.ua.ring({ user: '300', displayName: 'Carol' });
    expect(env.incoming).toEqual([
      expect.objectContaining({ id: b.id, direction: 'incoming', state: 'incoming', remote: { uri: 'sip:300@pbx.example.com', number: '300', name: 'Carol' } }),
    ]);
    await flush();
    expect(env.gum).toHaveBeenCalledOnce();
  });

  it('decline sends 603', () => {
    const env = signedIn();
    const b = env.ua.ring({ user: '300' });
    env.phone.decline(b.id);
    expect(b.terminate).toHaveBeenCalledWith({ status_code: 603, reason_phrase: 'Decline' });
    expect(env.finished[0]).toMatchObject({ id: b.id, outcome: 'declined' });
  });

  // BUG: phone.ts track() calls microphone.release() for every call that ends, including incoming
  // calls that never took the microphone (missed, declined). With another call up, that drops the
  // user count to 0 and arms the idle close under the running call; the next call must reopen the
  // device. Fix: release only for calls that got a stream from forCall() (e.g. flag set in answer/call).
  it('a missed call does not give back the microphone of the call in progress', async () => {
    const env = signedIn();
    await activeOutgoing(env, '200');
    const b = env.ua.ring({ user: '300' });
    b.fail('remote', 'Canceled');
    expect(env.finished.at(-1)).toMatchObject({ outcome: 'missed' });
    vi.advanceTimersByTime(IDLE);
    expect(env.opened[0]!.allStopped).toBe(false);
  });
});

describe('Phone: tones', () => {
  it('rings a lone incoming call with the ringtone, and stops once answered', async () => {
    const env = signedIn();
    const b = env.ua.ring({ user: '300' });
    expect([...env.tones.playing]).toEqual(['ringtone']);
    await env.phone.answer(b.id);
    expect(env.tones.playing.size).toBe(0);
  });

  it('stops the ringtone when the caller gives up', () => {
    const env = signedIn();
    const b = env.ua.ring({ user: '300' });
    b.fail('remote', 'Canceled');
    expect(env.tones.playing.size).toBe(0);
  });

  it('a call ringing while another is up gets the waiting tone, not the ringtone', async () => {
    const env = signedIn();
    await activeOutgoing(env, '200');
    const b = env.ua.ring({ user: '300' });
    expect([...env.tones.playing]).toEqual(['waiting']);
    expect(env.tones.started).not.toContain('ringtone');
    env.phone.decline(b.id);
    expect(env.tones.playing.size).toBe(0);
  });

  it('plays ringback while the far end rings, until answered', async () => {
    const env = signedIn();
    await env.phone.call('200');
    const a = env.ua.sessions[0]!;
    expect(env.tones.playing.has('ringback')).toBe(false); // dialing: nothing back yet
    a.progress(180);
    expect([...env.tones.playing]).toEqual(['ringback']);
    a.up();
    expect(env.tones.playing.size).toBe(0);
  });

  it('stops ringback when the call fails', async () => {
    const env = signedIn();
    await env.phone.call('200');
    const a = env.ua.sessions[0]!;
    a.progress(180);
    a.fail('remote', 'Busy', 486);
    expect(env.tones.playing.size).toBe(0);
  });

  it('plays no ringback over early media', async () => {
    const env = signedIn();
    await env.phone.call('200');
    const a = env.ua.sessions[0]!;
    a.progress(183, 'v=0\r\n');
    expect(env.tones.started).not.toContain('ringback');
  });

  // BUG: see call.test.ts: a 183 with SDP after a 180 sets earlyMedia without a 'change' event,
  // so the ringback started on 180 keeps playing over the PBX's early media.
  it('stops ringback when early media starts after 180 Ringing', async () => {
    const env = signedIn();
    await env.phone.call('200');
    const a = env.ua.sessions[0]!;
    a.progress(180);
    expect(env.tones.playing.has('ringback')).toBe(true);
    a.progress(183, 'v=0\r\n');
    expect(env.tones.playing.has('ringback')).toBe(false);
  });
});

describe('Phone: call end, audio and sign-out', () => {
  it("emits 'call-finished' with the FinishedCall and stops the call's speaker", async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    vi.advanceTimersByTime(30_000);
    a.end('remote');
    expect(env.finished).toHaveLength(1);
    expect(env.finished[0]).toMatchObject({
      id: a.id,
      direction: 'outgoing',
      remote: { number: '200', uri: 'sip:200@pbx.example.com' },
      outcome: 'answered',
      durationS: 30,
      failure: null,
    });
    expect(env.remoteAudio.stop).toHaveBeenCalledWith(a.id);
  });

  it('plays remote audio tracks, not video', async () => {
    const env = signedIn();
    await env.phone.call('200');
    const a = env.ua.sessions[0]!;
    const listeners: Array<(e: { track: unknown; streams: unknown[] }) => void> = [];
    const pc = { addEventListener: (_t: string, l: (typeof listeners)[number]) => listeners.push(l), getReceivers: () => [] };
    a.emit('peerconnection', { peerconnection: pc });
    const audio = new FakeTrack();
    const video = Object.assign(new FakeTrack(), { kind: 'video' });
    listeners.forEach((l) => l({ track: audio, streams: [] }));
    listeners.forEach((l) => l({ track: video, streams: [] }));
    expect(env.remoteAudio.play).toHaveBeenCalledExactlyOnceWith(a.id, audio);
  });

  it('emits change with registration and calls', async () => {
    const env = setup();
    const seen: string[] = [];
    env.phone.on('change', (s) => seen.push(`${s.registration.state}/${s.calls.length}`));
    env.phone.signIn(account);
    env.factory.last().connectAndRegister();
    expect(seen.at(-1)).toBe('registered/0');
    env.factory.last().ring({ user: '300' });
    expect(seen.at(-1)).toBe('registered/1');
  });

  it('warmUp opens the microphone only when registered', async () => {
    const env = setup();
    env.phone.warmUp();
    await flush();
    expect(env.gum).not.toHaveBeenCalled();
    env.phone.signIn(account);
    env.factory.last().connectAndRegister();
    env.phone.warmUp();
    await flush();
    expect(env.gum).toHaveBeenCalledOnce();
  });

  it('setDevices routes the microphone, speaker and ringer', async () => {
    const env = signedIn();
    env.phone.setDevices({ microphoneId: 'mic-2', speakerId: 'spk-2', ringerId: 'ring-2' });
    expect(env.remoteAudio.setDevice).toHaveBeenCalledWith('spk-2');
    expect(env.tones.setDevices).toHaveBeenCalledWith('spk-2', 'ring-2');
    await env.phone.call('200');
    expect(env.gum.mock.calls[0]![0].audio).toMatchObject({ deviceId: { exact: 'mic-2' } });
  });

  it('signOut hangs up, silences and closes everything', async () => {
    const env = signedIn();
    const a = await activeOutgoing(env, '200');
    const b = env.ua.ring({ user: '300' });
    expect(env.tones.playing.size).toBe(1);
    const out = env.phone.signOut();
    expect(a.terminate).toHaveBeenCalledWith();
    expect(b.terminate).toHaveBeenCalledWith({ status_code: 603, reason_phrase: 'Decline' });
    expect(env.tones.playing.size).toBe(0);
    expect(env.opened[0]!.allStopped).toBe(true);
    env.ua.registered = false;
    env.ua.emit('unregistered', {});
    await out;
    expect(env.ua.stop).toHaveBeenCalledOnce();
    expect(env.phone.snapshot().registration.state).toBe('signed-out');
    expect(env.finished.map((f) => f.outcome).sort()).toEqual(['answered', 'declined']);
  });

  it('the domain comes from the account', () => {
    const env = signedIn({ domain: 'corp.example' });
    expect(env.phone.domain).toBe('corp.example');
    expect(env.ua.config.uri).toBe('sip:1001@corp.example');
  });
});

describe('headset volume keys', () => {
  it('step the call volume by a tenth and stop at the ends', () => {
    const remoteAudio = new FakeRemoteAudio();
    const phone = new Phone({
      createUa: fakeUaFactory().createUa,
      microphone: new Microphone(async () => new FakeStream() as unknown as MediaStream),
      remoteAudio,
      tones: new FakeTones(),
      userAgent: 'test',
    });
    expect(phone.stepVolume('up')).toBe(1);
    expect(phone.stepVolume('down')).toBe(0.9);
    for (let i = 0; i < 12; i++) phone.stepVolume('down');
    expect(remoteAudio.currentVolume).toBe(0);
  });
});
