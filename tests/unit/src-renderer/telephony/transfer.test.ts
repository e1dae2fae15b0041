import { describe, expect, it } from 'vitest';
import { TRANSFER_TIMEOUT_MS, stageForReferEvent, transferFailure } from '../../../../src-renderer/telephony/transfer';

describe('stageForReferEvent', () => {
  it('the REFER accepted (202) or a 100 Trying NOTIFY means trying', () => {
    expect(stageForReferEvent('requestSucceeded')).toBe('trying');
    expect(stageForReferEvent('trying', { status_code: '100', reason_phrase: 'Trying' })).toBe('trying');
  });

  it('a provisional sipfrag is ringing from 180 on, trying below', () => {
    expect(stageForReferEvent('progress', { status_code: '180', reason_phrase: 'Ringing' })).toBe('ringing');
    expect(stageForReferEvent('progress', { status_code: 183 })).toBe('ringing');
    expect(stageForReferEvent('progress', { status_code: '110' })).toBe('trying');
    expect(stageForReferEvent('progress')).toBe('trying'); // no status line at all
  });

  it('a 2xx sipfrag is done; a refused REFER or a final error sipfrag is failed', () => {
    expect(stageForReferEvent('accepted', { status_code: '200', reason_phrase: 'OK' })).toBe('done');
    expect(stageForReferEvent('requestFailed')).toBe('failed');
    expect(stageForReferEvent('failed', { status_code: '486', reason_phrase: 'Busy Here' })).toBe('failed');
  });

  it('events it does not know change nothing', () => {
    expect(stageForReferEvent('authenticated')).toBeNull();
    expect(stageForReferEvent('')).toBeNull();
  });
});

describe('transferFailure', () => {
  it('takes the sipfrag status line of the last NOTIFY', () => {
    expect(transferFailure({ status_line: { status_code: '486', reason_phrase: 'Busy Here' } as never })).toEqual({
      kind: 'busy',
      code: 486,
      detail: 'Busy Here',
    });
    expect(transferFailure({ status_line: { status_code: 603, reason_phrase: 'Decline' } })).toMatchObject({ kind: 'declined', code: 603 });
    expect(transferFailure({ status_line: { status_code: 404 } })).toMatchObject({ kind: 'not-found', code: 404 });
  });

  it("takes the REFER's own error response when there is no sipfrag", () => {
    expect(transferFailure({ response: { status_code: 403, reason_phrase: 'Forbidden' }, cause: 'Rejected' })).toEqual({
      kind: 'forbidden',
      code: 403,
      detail: 'Forbidden',
    });
    expect(transferFailure({ response: { status_code: 501, reason_phrase: 'Not Implemented' } })).toMatchObject({ kind: 'server-error', code: 501 });
  });

  it('the sipfrag wins over the response', () => {
    expect(transferFailure({ status_line: { status_code: 480 }, response: { status_code: 202 } })).toMatchObject({ kind: 'unavailable', code: 480 });
  });

  it('without any final code it is unknown, with the cause as detail', () => {
    expect(transferFailure({ response: null, cause: 'Request Timeout' })).toEqual({ kind: 'unknown', detail: 'Request Timeout' });
    expect(transferFailure({ cause: 'no final NOTIFY' })).toEqual({ kind: 'unknown', detail: 'no final NOTIFY' });
    // A provisional code is no reason to fail on: still unknown.
    expect(transferFailure({ status_line: { status_code: 180, reason_phrase: 'Ringing' } })).toEqual({ kind: 'unknown', detail: 'Ringing' });
  });
});

it('waits longer than a SIP transaction (Timer B, 32 s) for the final NOTIFY', () => {
  expect(TRANSFER_TIMEOUT_MS).toBeGreaterThanOrEqual(32_000);
});
