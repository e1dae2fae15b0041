/**
 * Chat data as the service, the history and the screens share it. Plain data: it goes into
 * IndexedDB as it is.
 */

/** What a message shows as: words, a file (the files feature renders it), or a group event. */
export type MessageKind = 'text' | 'file' | 'system';

/**
 * Outgoing: sending → sent (2xx) | stored (202: the server keeps it until the user signs in) |
 * failed (may be retried). Incoming messages are 'received'.
 */
export type MessageState = 'sending' | 'sent' | 'stored' | 'failed' | 'received';

export interface Party {
  /** sip:user@domain, lower-cased host; the key for a person. */
  uri: string;
  /** The user part (the extension, usually). */
  number: string;
  name: string;
}

/** A file announced in the chat; the files feature moves the bytes (chat/file-offer.ts). */
export interface FileInfo {
  transferId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
}

/** Membership events shown in a group conversation. */
export type SystemEvent =
  | { type: 'created'; by: string; name: string }
  | { type: 'renamed'; by: string; name: string }
  | { type: 'added'; by: string; members: string[] }
  | { type: 'removed'; by: string; members: string[] };

export interface ChatMessage {
  /** Sender-chosen, globally unique: the key for de-duplication. */
  id: string;
  conversationId: string;
  kind: MessageKind;
  /** The sender; for our own messages, us. */
  from: Party;
  outgoing: boolean;
  /** Text (kind 'text'); for 'file' the file name, for 'system' a plain rendering (search). */
  text: string;
  file?: FileInfo;
  event?: SystemEvent;
  /** The sender's clock (epoch ms): the order everyone sees. */
  sentAt: number;
  /** When this client got it (epoch ms). */
  receivedAt: number;
  state: MessageState;
  /** Why sending failed (SIP status or cause), for the tooltip. */
  failure?: string;
}

export interface GroupInfo {
  /** The group id (a UUID) that travels on the wire. */
  id: string;
  name: string;
  /** Member URIs, the creator included. */
  members: string[];
  /** Bumped by every membership or name change; older versions are ignored. */
  version: number;
  /** Who created it (counts towards that user's 100 groups). */
  createdBy: string;
  /** We were removed: nothing more is sent or accepted. */
  left?: boolean;
}

export interface Conversation {
  /** '1:' + peer uri, or 'g:' + group id. */
  id: string;
  type: 'direct' | 'group';
  /** Direct: the other person. */
  peer?: Party;
  group?: GroupInfo;
  /** Shown in the list: the peer's name or number, or the group name. */
  title: string;
  lastMessage?: { text: string; kind: MessageKind; sentAt: number; outgoing: boolean; fromName: string };
  /** For sorting the list (newest activity first). */
  updatedAt: number;
  unread: number;
  muted: boolean;
}

export const MAX_GROUP_MEMBERS = 200;
export const MAX_GROUPS_CREATED = 100;
/** D4: history is kept one year. */
export const HISTORY_KEEP_MS = 365 * 24 * 3600 * 1000;
