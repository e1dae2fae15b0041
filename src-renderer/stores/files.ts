/**
 * File transfers as the screens see them (D3): one snapshot per transfer id, and the actions.
 * The work is chat/file-transfers.ts; this store connects it to the phone (the UA, the incoming
 * filter — this store is its one owner), the chat (offers out and in) and the ICE settings.
 * Created at start-up (App.vue) so an incoming transfer is claimed even with the chat closed.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { FileTransfers, type InviteLike, type TransferSnapshot, type TransferUa } from '../chat/file-transfers';
import { MAX_FILE_BYTES } from '../chat/file-offer';
import { usePhoneStore } from './phone';
import { useChatStore } from './chat';
import { useSettingsStore } from './settings';

export const useFilesStore = defineStore('files', () => {
  const phone = usePhoneStore();
  const chat = useChatStore();
  const settings = useSettingsStore();

  const transfers = shallowRef<Readonly<Record<string, TransferSnapshot>>>({});
  /** Outgoing transfers not yet announced in the chat (preparing, calling, or refused before that), by conversation. */
  const pending = ref<Record<string, string[]>>({});
  const conversationOf = new Map<string, string>();

  const manager = new FileTransfers({
    ua: () => phone.sessionUa() as TransferUa | null,
    ice: () => {
      const servers = settings.settings.account.iceServers;
      return {
        pcConfig: { iceServers: servers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential })) },
        gate: { hasStun: servers.some((s) => /^stuns?:/.test(s.urls)), hasTurn: servers.some((s) => /^turns?:/.test(s.urls)), maxWaitMs: 400 },
      };
    },
    announce: async (_peer, offer) => {
      const conversationId = conversationOf.get(offer.transferId);
      const message = conversationId ? await chat.sendFileOffer(conversationId, offer) : undefined;
      if (!message || message.state === 'failed') throw new Error(`the file offer could not be sent (${message?.failure ?? chat.lastError ?? 'no conversation'})`);
    },
  });

  manager.on('change', (s) => {
    transfers.value = { ...transfers.value, [s.id]: s };
    const conversationId = conversationOf.get(s.id);
    if (conversationId && s.direction === 'outgoing') {
      const list = (pending.value[conversationId] ?? []).filter((id) => id !== s.id);
      // Announced transfers live on in their chat message; the rest are shown next to the composer.
      if (!s.announced) list.push(s.id);
      pending.value = { ...pending.value, [conversationId]: list };
    }
  });

  phone.setIncomingFilter((session, request) => manager.claim(session, request as InviteLike));
  chat.onFileOffer(({ message, conversation }) => {
    // Transfers go person to person; a file offered in a group has no transfer behind it.
    if (conversation.type === 'direct' && message.file) manager.announced(message.from.number, message.file);
  });

  /** Sends `file` in a 1:1 conversation. Returns the transfer id, or null if the conversation cannot take files. */
  function send(conversationId: string, file: File): string | null {
    const conversation = chat.conversations.find((c) => c.id === conversationId);
    if (conversation?.type !== 'direct' || !conversation.peer) return null;
    // Registered before the transfer exists: its first snapshot may already be a failure.
    const id = manager.send(conversation.peer.uri, file, file.name, (newId) => conversationOf.set(newId, conversationId));
    return id;
  }

  return {
    transfers,
    /** Transfer ids not (yet) in the chat, per conversation: what the composer shows. */
    pending,
    maxBytes: MAX_FILE_BYTES,
    send,
    accept: (id: string) => manager.accept(id),
    decline: (id: string) => manager.decline(id),
    cancel: (id: string) => manager.cancel(id),
    /** Clears a finished transfer from the composer's list. */
    dismiss(id: string): void {
      const conversationId = conversationOf.get(id);
      if (conversationId) pending.value = { ...pending.value, [conversationId]: (pending.value[conversationId] ?? []).filter((x) => x !== id) };
    },
  };
});
