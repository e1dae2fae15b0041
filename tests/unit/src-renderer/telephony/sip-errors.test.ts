import { describe, expect, it } from 'vitest';
import { failureFromCode, failureFromJsSip, type FailureKind } from '../../../../src-renderer/telephony/sip-errors';

describe('failureFromCode', () => {
  it.each<[number, FailureKind]>([
    [401, 'auth'],
    [403, 'auth'],
    [407, 'auth'],
  ])('REGISTER %i is an authentication failure', (code, kind) => {
    expect(failureFromCode(code, 'register')).toEqual({ kind, code, detail: undefined });
  });

  it('401/407 on a call is still auth, but 403 on a call means the PBX forbids it', () => {
    expect(failureFromCode(401, 'call').kind).toBe('auth');
    expect(failureFromCode(407, 'call').kind).toBe('auth');
    expect(failureFromCode(403, 'call').kind).toBe('forbidden');
  });

  it.each<[number, FailureKind]>([
    [404, 'not-found'],
    [604, 'not-found'],
    [408, 'unavailable'],
    [410, 'unavailable'],
    [430, 'unavailable'],
    [480, 'unavailable'],
    [486, 'busy'],
    [600, 'busy'],
    [487, 'cancelled'],
    [488, 'incompatible'],
    [606, 'incompatible'],
    [603, 'declined'],
    [484, 'address-incomplete'],
    [500, 'server-error'],
    [502, 'server-error'],
    [503, 'server-error'],
    [599, 'server-error'],
    [400, 'rejected'],
    [415, 'rejected'],
    [699, 'rejected'],
    [302, 'unknown'],
  ])('call %i → %s', (code, kind) => {
    expect(failureFromCode(code, 'call')).toMatchObject({ kind, code });
  });

  it('maps the same code the same way for REGISTER when it is not an auth code', () => {
    expect(failureFromCode(408, 'register').kind).toBe('unavailable');
    expect(failureFromCode(503, 'register').kind).toBe('server-error');
    expect(failureFromCode(404, 'register').kind).toBe('not-found');
  });

  it('keeps the detail verbatim', () => {
    expect(failureFromCode(486, 'call', 'Busy Here')).toEqual({ kind: 'busy', code: 486, detail: 'Busy Here' });
  });
});

describe('failureFromJsSip', () => {
  it('prefers the response code over the cause, and keeps the reason phrase', () => {
    expect(failureFromJsSip('Busy', 486, 'Busy Here', 'call')).toEqual({ kind: 'busy', code: 486, detail: 'Busy Here' });
    expect(failureFromJsSip('Rejected', 603, 'Decline', 'call')).toEqual({ kind: 'declined', code: 603, detail: 'Decline' });
    expect(failureFromJsSip('Authentication Error', 403, 'Forbidden', 'register')).toMatchObject({ kind: 'auth', code: 403 });
  });

  it('falls back to the cause as detail when there is no reason phrase', () => {
    expect(failureFromJsSip('Unavailable', 480, undefined, 'call')).toEqual({ kind: 'unavailable', code: 480, detail: 'Unavailable' });
  });

  it.each<[string, FailureKind]>([
    ['Connection Error', 'transport'],
    ['Request Timeout', 'timeout'],
    ['Canceled', 'cancelled'],
    ['No Answer', 'no-answer'],
    ['Expires', 'no-answer'],
    ['User Denied Media Access', 'media'],
    ['WebRTC Error', 'media'],
    ['RTP Timeout', 'media'],
    ['Incompatible SDP', 'incompatible'],
    ['Missing SDP', 'incompatible'],
    ['Bad Media Description', 'incompatible'],
    ['Rejected', 'declined'],
    ['Busy', 'busy'],
    ['Authentication Error', 'auth'],
    ['No ACK', 'timeout'],
  ])('cause %s without a response → %s', (cause, kind) => {
    expect(failureFromJsSip(cause, undefined, undefined, 'call')).toEqual({ kind, detail: cause });
  });

  it('a transport cause on REGISTER is a transport failure', () => {
    expect(failureFromJsSip('Connection Error', undefined, undefined, 'register').kind).toBe('transport');
  });

  it('ignores provisional/absent codes and unknown causes', () => {
    expect(failureFromJsSip('Something New', undefined, undefined, 'call')).toEqual({ kind: 'unknown', detail: 'Something New' });
    expect(failureFromJsSip(undefined, undefined, undefined, 'call')).toEqual({ kind: 'unknown', detail: undefined });
    // A 1xx/2xx "code" is not a failure response: the cause decides.
    expect(failureFromJsSip('Request Timeout', 183, undefined, 'call').kind).toBe('timeout');
    expect(failureFromJsSip('Request Timeout', 0, undefined, 'call').kind).toBe('timeout');
  });
});
