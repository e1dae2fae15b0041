import { describe, expect, it } from 'vitest';
import {
  MAX_LINES,
  callsToHold,
  hasFreeLine,
  isWaitingCall,
  liveCalls,
  swapPlan,
} from '../../../../src-renderer/telephony/lines';
import type { CallSnapshot } from '../../../../src-renderer/telephony/types';

function snap(id: string, over: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id,
    direction: 'outgoing',
    remote: { number: id, name: '', uri: `sip:${id}@pbx` },
    state: 'active',
    heldLocally: false,
    heldRemotely: false,
    holdPending: null,
    muted: false,
    startedAt: 0,
    answeredAt: 0,
    endedAt: null,
    endedBy: null,
    failure: null,
    receivedDtmf: '',
    sentDtmf: '',
    transfer: null,
    video: { offered: false, sending: false, receiving: false, unavailable: false },
    remoteReason: null,
    quality: null,
    ...over,
  };
}

describe('liveCalls / hasFreeLine', () => {
  it('ignores ended calls', () => {
    const calls = [snap('a'), snap('b', { state: 'ended' })];
    expect(liveCalls(calls).map((c) => c.id)).toEqual(['a']);
    expect(hasFreeLine(calls)).toBe(true);
  });

  it('allows two lines', () => {
    expect(MAX_LINES).toBe(2);
    expect(hasFreeLine([])).toBe(true);
    expect(hasFreeLine([snap('a')])).toBe(true);
    expect(hasFreeLine([snap('a'), snap('b', { state: 'incoming' })])).toBe(false);
    expect(hasFreeLine([snap('a', { state: 'dialing' }), snap('b', { state: 'ringing-out' })])).toBe(false);
  });

  it('does not count the call itself (answering the second call)', () => {
    expect(hasFreeLine([snap('a'), snap('b', { state: 'incoming' })], 'b')).toBe(true);
  });
});

describe('callsToHold', () => {
  it('holds active calls not settled on hold, and waits for one being held or resumed', () => {
    const calls = [
      snap('active'),
      snap('held', { heldLocally: true }),
      snap('holding', { holdPending: 'hold' }),
      snap('resuming', { heldLocally: true, holdPending: 'resume' }),
      snap('ringing', { state: 'incoming' }),
      snap('dialing', { state: 'dialing' }),
      snap('gone', { state: 'ended' }),
    ];
    expect(callsToHold(calls).map((c) => c.id)).toEqual(['active', 'holding', 'resuming']);
  });

  it('never holds the excepted call', () => {
    expect(callsToHold([snap('a'), snap('b')], 'a').map((c) => c.id)).toEqual(['b']);
  });
});

describe('isWaitingCall', () => {
  it('a lone ringing call is not waiting', () => {
    expect(isWaitingCall([snap('in', { state: 'incoming' })], 'in')).toBe(false);
  });

  it('a call ringing while another is up (or being set up) is waiting', () => {
    expect(isWaitingCall([snap('a'), snap('in', { state: 'incoming' })], 'in')).toBe(true);
    expect(isWaitingCall([snap('a', { state: 'ringing-out' }), snap('in', { state: 'incoming' })], 'in')).toBe(true);
  });

  it('another ringing call or an ended one does not make it waiting', () => {
    const calls = [snap('x', { state: 'incoming' }), snap('y', { state: 'ended' }), snap('in', { state: 'incoming' })];
    expect(isWaitingCall(calls, 'in')).toBe(false);
  });
});

describe('swapPlan', () => {
  it('holds the active call and resumes the held one', () => {
    const plan = swapPlan([snap('a'), snap('b', { heldLocally: true })]);
    expect(plan?.hold?.id).toBe('a');
    expect(plan?.resume.id).toBe('b');
  });

  it('just resumes when the only other call is gone', () => {
    const plan = swapPlan([snap('a', { state: 'ended' }), snap('b', { heldLocally: true })]);
    expect(plan).toEqual({ hold: null, resume: expect.objectContaining({ id: 'b' }) });
  });

  it('has nothing to do without a held call', () => {
    expect(swapPlan([snap('a'), snap('b', { state: 'incoming' })])).toBeNull();
    expect(swapPlan([])).toBeNull();
  });

  it('ignores held calls that have ended', () => {
    expect(swapPlan([snap('a'), snap('b', { heldLocally: true, state: 'ended' })])).toBeNull();
  });
});
