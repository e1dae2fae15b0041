/**
 * Group membership without a server: every member keeps the list with a version number; every
 * change bumps the version and is sent to everyone involved; every group message carries the list
 * and version it was sent with. A member applies a list only when its version is newer than the
 * one it has (two concurrent changes that both make version n: the first to arrive stays, and the
 * next change brings everyone to one list again), and accepts messages only from members of the
 * list it knows (a removed member's stale copy cannot re-admit them).
 */
import type { GroupEnvelope } from './wire';
import type { GroupInfo } from './types';
import { MAX_GROUP_MEMBERS } from './types';

export type GroupDecision =
  /** Accept the message; `group` is the state to keep afterwards. */
  | { accept: true; group: GroupInfo; changed: boolean }
  | { accept: false; reason: 'not-a-member' | 'stale' | 'too-big' };

/**
 * What a group message (or membership change) from `sender` does to our copy of the group.
 * `known` is undefined for a group we have not heard of yet.
 */
export function applyEnvelope(known: GroupInfo | undefined, envelope: GroupEnvelope, sender: string, me: string): GroupDecision {
  if (envelope.members.length > MAX_GROUP_MEMBERS) return { accept: false, reason: 'too-big' };
  if (!envelope.members.includes(sender)) return { accept: false, reason: 'not-a-member' };
  if (known) {
    if (envelope.version < known.version) {
      // An older list: the message is fine if its sender is still a member today.
      return known.members.includes(sender) && !known.left ? { accept: true, group: known, changed: false } : { accept: false, reason: 'stale' };
    }
    if (envelope.version === known.version) {
      if (!known.members.includes(sender)) return { accept: false, reason: 'not-a-member' };
      return { accept: true, group: known, changed: false };
    }
  }
  const group: GroupInfo = {
    id: envelope.id,
    name: envelope.name,
    members: [...envelope.members],
    version: envelope.version,
    createdBy: known?.createdBy ?? envelope.createdBy,
  };
  if (!envelope.members.includes(me)) group.left = true;
  return { accept: true, group, changed: true };
}

/** The next version of a group after a change made here. */
export function changeGroup(group: GroupInfo, change: { name?: string; add?: string[]; remove?: string[] }): GroupInfo {
  const remove = new Set(change.remove ?? []);
  const members = [...new Set([...group.members, ...(change.add ?? [])])].filter((m) => !remove.has(m));
  return { ...group, name: change.name ?? group.name, members, version: group.version + 1 };
}

export function toEnvelope(group: GroupInfo): GroupEnvelope {
  return { id: group.id, name: group.name, version: group.version, members: group.members, createdBy: group.createdBy };
}
