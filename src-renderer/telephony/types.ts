import type { Failure } from './sip-errors';
import type { TransferState } from './transfer';
import type { VideoSnapshot } from './video-state';
import type { QualitySample, QualitySummary } from './call-quality';

export type CallDirection = 'incoming' | 'outgoing';

/**
 * dialing: INVITE sent, nothing back yet · ringing-out: the far end rings (18x) ·
 * incoming: it rings here · connecting: answered, waiting for the ACK / media ·
 * active: in the call · ended: over (see `failure` / `endedBy`).
 */
export type CallState = 'dialing' | 'ringing-out' | 'incoming' | 'connecting' | 'active' | 'ended';

export interface Party {
  /** The user part of the remote URI: an extension or a number. */
  number: string;
  /** Display name, when the other side sent one. */
  name: string;
  uri: string;
}

export interface CallSnapshot {
  id: string;
  direction: CallDirection;
  remote: Party;
  state: CallState;
  /** We put the call on hold (confirmed by the far end's answer to our re-INVITE). */
  heldLocally: boolean;
  /** The far end put us on hold. */
  heldRemotely: boolean;
  /** A hold or resume re-INVITE is on its way. */
  holdPending: 'hold' | 'resume' | null;
  muted: boolean;
  /** Epoch ms. */
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endedBy: 'local' | 'remote' | 'system' | null;
  failure: Failure | null;
  /** DTMF digits the far end sent us during this call (INFO, or RFC 4733 where the stack reports it). */
  receivedDtmf: string;
  sentDtmf: string;
  /** A transfer of this call under way or just finished (we are the transferor). */
  transfer: TransferState | null;
  video: VideoSnapshot;
  /** Why the far end hung up, when its BYE said (Reason header text). */
  remoteReason: string | null;
  /** The latest call-quality sample (every second while active). */
  quality: QualitySample | null;
}

export type RegistrationState = 'signed-out' | 'connecting' | 'registered' | 'failed';

export interface RegistrationSnapshot {
  state: RegistrationState;
  failure: Failure | null;
  /** When the next automatic attempt happens (epoch ms), while retrying. */
  retryAt: number | null;
}

/** What the call log keeps about a finished call. */
export interface FinishedCall {
  id: string;
  direction: CallDirection;
  remote: Party;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number;
  /** Seconds of conversation (0 when never answered). */
  durationS: number;
  outcome: 'answered' | 'missed' | 'declined' | 'cancelled' | 'failed';
  failure: Failure | null;
  /** How the call sounded, summarised (absent for calls never connected or logged before quality existed). */
  quality?: QualitySummary | null;
}
