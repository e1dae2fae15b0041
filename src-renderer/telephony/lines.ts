/**
 * Line rules: at most two calls at a time, one of them active and the other held.
 * Pure functions over the calls' snapshots so the rules are testable on their own.
 */
import type { CallSnapshot } from './types';

export const MAX_LINES = 2;

export function liveCalls(calls: readonly CallSnapshot[]): CallSnapshot[] {
  return calls.filter((c) => c.state !== 'ended');
}

/** A new call (placed or answered) may start only while a line is free. */
export function hasFreeLine(calls: readonly CallSnapshot[], exceptId?: string): boolean {
  return liveCalls(calls).filter((c) => c.id !== exceptId).length < MAX_LINES;
}

/**
 * The calls to put on hold (or whose hold to wait for) before `exceptId` or a new call takes the
 * audio: every active call that is not settled on hold, including one whose resume is under way.
 */
export function callsToHold(calls: readonly CallSnapshot[], exceptId?: string): CallSnapshot[] {
  return liveCalls(calls).filter(
    (c) => c.id !== exceptId && c.state === 'active' && !(c.heldLocally && c.holdPending === null),
  );
}

/** An incoming call that rings while another call is going on gets the waiting tone, not the ringtone. */
export function isWaitingCall(calls: readonly CallSnapshot[], id: string): boolean {
  return liveCalls(calls).some((c) => c.id !== id && c.state !== 'incoming');
}

/** For "Swap": the held call to bring back and the active one to hold. */
export function swapPlan(calls: readonly CallSnapshot[]): { hold: CallSnapshot | null; resume: CallSnapshot } | null {
  const live = liveCalls(calls).filter((c) => c.state === 'active');
  const held = live.find((c) => c.heldLocally);
  if (!held) return null;
  const active = live.find((c) => c.id !== held.id && !c.heldLocally) ?? null;
  return { hold: active, resume: held };
}
