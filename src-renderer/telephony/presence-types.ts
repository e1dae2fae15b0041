/**
 * What a colleague's lamp shows (B2). `unknown` until the first NOTIFY; `unregistered` when the
 * PBX says they are not signed in (closed PIDF basic status / no contact).
 * The six statuses a person chooses (J3) come from PIDF notes/activities published by Offhook;
 * `ringing` and `on-call` come from the dialog event package (RFC 4235) and win over the status.
 */
export type PresenceState =
  | 'unknown'
  | 'unregistered'
  | 'available'
  | 'away'
  | 'dnd'
  | 'lunch'
  | 'trip'
  | 'off-work'
  | 'ringing'
  | 'on-call';

export interface PresenceInfo {
  state: PresenceState;
  /** The person's status text, when they published one. */
  text: string;
  /** When the state last changed (epoch ms), for "changed within 200 ms" checks. */
  changedAt: number;
}
