import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Account, sipDomain, type SignInConfig } from '../../../../src-renderer/telephony/account';
import type { RegistrationSnapshot } from '../../../../src-renderer/telephony/types';
import { FakeSession, fakeUaFactory } from '../support/fakes';

const config: SignInConfig = {
  server: 'wss://pbx.example.com:8089/ws',
  extension: '1001',
  authName: '',
  password: 'secret',
  displayName: 'Alice',
  domain: '',
};

function setup() {
  const factory = fakeUaFactory();
  const account = new Account(factory.createUa, 'Offhook/test');
  const changes: RegistrationSnapshot[] = [];
  account.on('change', (s) => changes.push(s));
  return { ...factory, account, changes, states: () => changes.map((c) => c.state) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('sipDomain', () => {
  it('prefers the configured domain, trimmed', () => {
    expect(sipDomain('wss://pbx.example.com/ws', ' corp.example ')).toBe('corp.example');
  });
  it('falls back to the server host name', () => {
    expect(sipDomain('wss://pbx.example.com:8089/ws', '')).toBe('pbx.example.com');
    expect(sipDomain('ws://10.1.2.3:5066', '  ')).toBe('10.1.2.3');
  });
  it('is empty for an unparseable server', () => {
    expect(sipDomain('not a url', '')).toBe('');
  });
});

describe('Account', () => {
  it('starts signed out', () => {
    const { account } = setup();
    expect(account.snapshot).toEqual({ state: 'signed-out', failure: null, retryAt: null });
    expect(account.userAgentInstance).toBeNull();
  });

  it('signs in with sip:ext@<server host> and the extension as auth user', () => {
    const { account, createUa, last } = setup();
    account.signIn(config);
    expect(createUa).toHaveBeenCalledExactlyOnceWith({
      server: 'wss://pbx.example.com:8089/ws',
      uri: 'sip:1001@pbx.example.com',
      authorizationUser: '1001',
      password: 'secret',
      displayName: 'Alice',
      userAgent: 'Offhook/test',
    });
    expect(account.domain).toBe('pbx.example.com');
    expect(last().start).toHaveBeenCalledOnce();
    expect(account.userAgentInstance).toBe(last());
  });

  it('uses the configured domain and auth name when given', () => {
    const { account, last } = setup();
    account.signIn({ ...config, domain: 'corp.example', authName: 'alice-auth' });
    expect(last().config).toMatchObject({ uri: 'sip:1001@corp.example', authorizationUser: 'alice-auth' });
  });

  it('connecting → registered', () => {
    const { account, last, states } = setup();
    account.signIn(config);
    expect(account.snapshot.state).toBe('connecting');
    last().connectAndRegister();
    expect(account.snapshot).toEqual({ state: 'registered', failure: null, retryAt: null });
    expect(states()[0]).toBe('connecting');
    expect(states()).not.toContain('failed');
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [407, 'Proxy Authentication Required'],
  ])('REGISTER %i is final: failed/auth, UA stopped, no retry', (code, reason) => {
    const { account, last, createUa } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('connected', {});
    ua.emit('registrationFailed', { cause: 'Authentication Error', response: { status_code: code, reason_phrase: reason } });
    expect(account.snapshot).toEqual({ state: 'failed', failure: { kind: 'auth', code, detail: reason }, retryAt: null });
    expect(ua.stop).toHaveBeenCalledOnce();
    expect(account.userAgentInstance).toBeNull();
    vi.advanceTimersByTime(10 * 60_000);
    expect(ua.register).not.toHaveBeenCalled();
    expect(createUa).toHaveBeenCalledOnce();
    expect(account.snapshot.state).toBe('failed');
  });

  it('events from the stopped UA are ignored', () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('registrationFailed', { cause: 'Authentication Error', response: { status_code: 401 } });
    ua.emit('disconnected', { error: true });
    ua.emit('registered', {});
    expect(account.snapshot.state).toBe('failed');
  });

  it.each([
    [408, 'unavailable'],
    [503, 'server-error'],
  ])('REGISTER %i: failed with retryAt, re-register after the back-off', (code, kind) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: 1 s, 2 s, 4 s…
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('connected', {});
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: code, reason_phrase: 'x' } });
    expect(account.snapshot).toEqual({ state: 'failed', failure: { kind, code, detail: 'x' }, retryAt: Date.now() + 1000 });
    expect(ua.stop).not.toHaveBeenCalled();
    vi.advanceTimersByTime(999);
    expect(ua.register).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ua.register).toHaveBeenCalledOnce();
    expect(account.snapshot).toMatchObject({ state: 'connecting', failure: { kind }, retryAt: null });

    // The second failure in a row waits twice as long.
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: code } });
    expect(account.snapshot.retryAt).toBe(Date.now() + 2000);
    vi.advanceTimersByTime(2000);
    expect(ua.register).toHaveBeenCalledTimes(2);
  });

  it('a request timeout without a response is retried too', () => {
    const { account, last } = setup();
    account.signIn(config);
    last().emit('connected', {});
    last().emit('registrationFailed', { cause: 'Request Timeout' });
    expect(account.snapshot).toMatchObject({ state: 'failed', failure: { kind: 'timeout' } });
    expect(account.snapshot.retryAt).not.toBeNull();
    vi.advanceTimersByTime(1200);
    expect(last().register).toHaveBeenCalledOnce();
  });

  it('the back-off resets after a successful registration', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('connected', {});
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: 503 } });
    vi.advanceTimersByTime(1000);
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: 503 } });
    vi.advanceTimersByTime(2000);
    ua.emit('registered', {});
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: 503 } });
    expect(account.snapshot.retryAt).toBe(Date.now() + 1000);
  });

  it('the retry does not REGISTER while the socket is down (JsSIP does it on reconnect)', () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: 503 } });
    vi.advanceTimersByTime(60_000);
    expect(ua.register).not.toHaveBeenCalled();
    expect(account.snapshot.state).toBe('connecting');
  });

  it('disconnected → connecting with a transport failure', () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    ua.emit('disconnected', { error: true });
    expect(account.snapshot).toEqual({ state: 'connecting', failure: { kind: 'transport' }, retryAt: null });
  });

  it('a clean disconnect keeps the previous failure (none)', () => {
    const { account, last } = setup();
    account.signIn(config);
    last().connectAndRegister();
    last().emit('disconnected', { error: false });
    expect(account.snapshot).toEqual({ state: 'connecting', failure: null, retryAt: null });
  });

  it('a reconnecting socket does not hide a live registration', () => {
    const { account, last } = setup();
    account.signIn(config);
    last().connectAndRegister();
    last().emit('connecting', {});
    expect(account.snapshot.state).toBe('registered');
  });

  it('unregistered while connected → register again', () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    ua.emit('unregistered', {});
    expect(account.snapshot.state).toBe('connecting');
    expect(ua.register).toHaveBeenCalledOnce();
  });

  it('unregistered because the socket dropped → no REGISTER of our own', () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    ua.emit('disconnected', { error: true }); // JsSIP emits disconnected before unregistered
    ua.emit('unregistered', {});
    expect(ua.register).not.toHaveBeenCalled();
    expect(account.snapshot.state).toBe('connecting');
  });

  it('retryNow registers at once when connected and cancels the pending retry', () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('connected', {});
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: 503 } });
    account.retryNow();
    expect(ua.register).toHaveBeenCalledOnce();
    expect(account.snapshot.state).toBe('connecting');
    vi.advanceTimersByTime(60_000);
    expect(ua.register).toHaveBeenCalledOnce();
  });

  it('retryNow while registered refreshes quietly (JsSIP sends no second "registered")', () => {
    const { account, last, states } = setup();
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    const before = states().length;
    account.retryNow();
    expect(ua.register).toHaveBeenCalledOnce();
    expect(account.snapshot.state).toBe('registered');
    expect(states().slice(before)).toEqual([]);
  });

  it('signOut unregisters, waits for the answer, stops the UA and ends signed-out', async () => {
    const { account, last, states } = setup();
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    const done = account.signOut();
    expect(ua.unregister).toHaveBeenCalledExactlyOnceWith({ all: false });
    expect(ua.stop).not.toHaveBeenCalled();
    ua.registered = false;
    ua.emit('unregistered', {});
    await done;
    expect(ua.stop).toHaveBeenCalledOnce();
    expect(account.snapshot).toEqual({ state: 'signed-out', failure: null, retryAt: null });
    expect(states().at(-1)).toBe('signed-out');
    expect(states()).not.toContain('failed');
    expect(ua.register).not.toHaveBeenCalled();
  });

  it('signOut gives up waiting for the un-REGISTER after 1.5 s', async () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    let finished = false;
    void account.signOut().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(1499);
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(finished).toBe(true);
    expect(ua.stop).toHaveBeenCalledOnce();
    expect(account.snapshot.state).toBe('signed-out');
  });

  it('signOut while retrying cancels the retry', async () => {
    const { account, last } = setup();
    account.signIn(config);
    const ua = last();
    ua.emit('connected', {});
    ua.emit('registrationFailed', { cause: 'SIP Failure Code', response: { status_code: 503 } });
    await account.signOut();
    expect(ua.unregister).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(ua.register).not.toHaveBeenCalled();
    expect(account.snapshot.state).toBe('signed-out');
  });

  it('signing in again replaces the UA; the old one is stopped and ignored', () => {
    const { account, uas } = setup();
    account.signIn(config);
    account.signIn({ ...config, extension: '1002' });
    expect(uas).toHaveLength(2);
    expect(uas[0]!.stop).toHaveBeenCalledOnce();
    expect(uas[1]!.config.uri).toBe('sip:1002@pbx.example.com');
    uas[0]!.emit('registered', {});
    expect(account.snapshot.state).toBe('connecting');
  });

  // BUG (race): account.ts signOut() captures `ua` but, after awaiting the un-REGISTER (up to 1.5 s),
  // calls this.stopUa() and set('signed-out') on whatever UA is current by then. Signing in again
  // while the previous sign-out is still waiting stops the new UA and reports 'signed-out'.
  it('a sign-in during a pending sign-out survives it', async () => {
    const { account, uas } = setup();
    account.signIn(config);
    uas[0]!.connectAndRegister();
    const out = account.signOut();
    account.signIn({ ...config, extension: '1002' });
    uas[1]!.connectAndRegister();
    await vi.advanceTimersByTimeAsync(1500);
    await out;
    expect(uas[1]!.stop).not.toHaveBeenCalled();
    expect(account.snapshot.state).toBe('registered');
  });

  it('emits incoming for a remote INVITE with the party from the From header', () => {
    const { account, last } = setup();
    const incoming = vi.fn();
    account.on('incoming', incoming);
    account.signIn(config);
    const ua = last();
    ua.connectAndRegister();
    const session = ua.ring({ user: '2002', displayName: 'Bob Builder' });
    expect(incoming).toHaveBeenCalledExactlyOnceWith({
      session,
      remote: { uri: 'sip:2002@pbx.example.com', number: '2002', name: 'Bob Builder' },
      offersVideo: false,
      request: expect.anything(),
    });
  });

  it('marks an INVITE whose SDP has a video m-line with a port as a video call (port 0 is not)', () => {
    const { account, last } = setup();
    const incoming = vi.fn();
    account.on('incoming', incoming);
    account.signIn(config);
    const ua = last();
    const video = new FakeSession('incoming');
    ua.emit('newRTCSession', { originator: 'remote', session: video, request: { body: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n' } });
    const rejected = new FakeSession('incoming');
    ua.emit('newRTCSession', { originator: 'remote', session: rejected, request: { body: 'v=0\r\nm=audio 4000 RTP/AVP 0\r\nm=video 0 RTP/AVP 96\r\n' } });
    expect(incoming.mock.calls.map(([e]) => e.offersVideo)).toEqual([true, false]);
  });

  it('ignores our own outgoing sessions and copes with a bare From', () => {
    const { account, last } = setup();
    const incoming = vi.fn();
    account.on('incoming', incoming);
    account.signIn(config);
    const ua = last();
    ua.emit('newRTCSession', { originator: 'local', session: new FakeSession('outgoing'), request: {} });
    expect(incoming).not.toHaveBeenCalled();
    const session = new FakeSession('incoming');
    ua.emit('newRTCSession', { originator: 'remote', session, request: {} });
    expect(incoming).toHaveBeenCalledWith({ session, remote: { uri: '', number: '', name: '' }, offersVideo: false, request: {} });
  });

  it('caps a long display name at 128 characters', () => {
    const { account, last } = setup();
    const incoming = vi.fn();
    account.on('incoming', incoming);
    account.signIn(config);
    last().ring({ user: '1', displayName: 'x'.repeat(1000) });
    expect(incoming.mock.calls[0]![0].remote.name).toHaveLength(128);
  });
});
