/**
 * One order for everyone: the sender's timestamp, ties broken by message id (ids are unique, so
 * two clients holding the same messages show them the same way whatever order they arrived in).
 */
import type { ChatMessage } from './types';

export function compareMessages(a: Pick<ChatMessage, 'sentAt' | 'id'>, b: Pick<ChatMessage, 'sentAt' | 'id'>): number {
  if (a.sentAt !== b.sentAt) return a.sentAt - b.sentAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Inserts into an array kept in order; returns false (and leaves it alone) when a message with
 * that id is already there. Arrivals are nearly always the newest, so the search starts at the end.
 */
export function insertOrdered(list: ChatMessage[], message: ChatMessage): boolean {
  if (list.some((m) => m.id === message.id)) return false;
  let i = list.length;
  while (i > 0 && compareMessages(list[i - 1]!, message) > 0) i--;
  list.splice(i, 0, message);
  return true;
}
