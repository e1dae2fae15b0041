/**
 * Call transfer (F4): REFER (RFC 3515), with Replaces (RFC 3891) for an attended transfer.
 *
 * The transferor learns how the transfer goes from the NOTIFYs of the implicit subscription: each
 * carries a sipfrag status line (100 Trying, 180 Ringing, 200 OK, 486 Busy…). JsSIP's
 * ReferSubscriber turns those into events; this module maps them to one state.
 */
import { failureFromCode, type Failure } from './sip-errors';

export type TransferKind = 'blind' | 'attended';
export type TransferStage = 'requesting' | 'trying' | 'ringing' | 'done' | 'failed';

export interface TransferState {
  kind: TransferKind;
  /** What the user asked to transfer to (number or URI user part). */
  target: string;
  stage: TransferStage;
  failure: Failure | null;
}

/** JsSIP's ReferSubscriber, as far as a transfer uses it. */
export interface ReferSubscriberLike {
  on(event: string, handler: (event: any) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** No final NOTIFY this long after the REFER: the transferee never reported; call it failed. */
export const TRANSFER_TIMEOUT_MS = 32_000;

interface StatusLine {
  status_code?: number | string;
  reason_phrase?: string;
}

/** The stage a REFER subscription event means. */
export function stageForReferEvent(event: string, statusLine?: StatusLine): TransferStage | null {
  switch (event) {
    case 'requestSucceeded':
    case 'trying':
      return 'trying';
    case 'progress':
      return Number(statusLine?.status_code) >= 180 ? 'ringing' : 'trying';
    case 'accepted':
      return 'done';
    case 'requestFailed':
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}

/** Why a transfer failed, from the REFER's own error response or the sipfrag of the last NOTIFY. */
export function transferFailure(event: { status_line?: StatusLine; response?: { status_code?: number; reason_phrase?: string } | null; cause?: string }): Failure {
  const code = Number(event.status_line?.status_code ?? event.response?.status_code ?? 0);
  const detail = event.status_line?.reason_phrase ?? event.response?.reason_phrase ?? event.cause;
  if (code >= 300) return failureFromCode(code, 'call', detail);
  return { kind: 'unknown', detail };
}
