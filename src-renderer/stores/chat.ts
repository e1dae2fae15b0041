/**
 * Chat as the screens see it (D1–D5): conversations, the open one's messages, unread counts and
 * the attention rules (sound, popup, none for the chat on screen). The work is chat/service.ts;
 * this store wires it to the phone (SIP MESSAGE), the history database and the desktop bridge.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { ChatService, ChatError, directId, type ChatErrorKind } from '../chat/service';
import { ChatHistory } from '../chat/history';
import { targetUri, userOf } from '../chat/wire';
import { playMessageSound } from '../chat/sound';
import type { ChatMessage, Conversation, FileInfo } from '../chat/types';
import { bridge } from '../platform/bridge';
import { i18n } from '../i18n';
import { usePhoneStore } from './phone';
import { useSettingsStore } from './settings';

export interface ChatPrefs {
  /** A sound when a message arrives (D5). */
  sound: boolean;
  /** A desktop notification when a message arrives (D5). */
  popup: boolean;
}
const DEFAULT_PREFS: ChatPrefs = { sound: true, popup: true };

export const useChatStore = defineStore('chat', () => {
  const phone = usePhoneStore();
  const settings = useSettingsStore();
  const t = i18n.global.t;

  let service: ChatService | null = null;
  let history: ChatHistory | null = null;
  /** MESSAGEs that came before the account was known. */
  let early: Parameters<Parameters<typeof phone.onMessage>[0]>[0][] = [];
  const conversations = shallowRef<Conversation[]>([]);
  const activeId = ref<string | null>(null);
  const messages = shallowRef<ChatMessage[]>([]);
  const typing = shallowRef<string[]>([]);
  const unreadTotal = ref(0);
  const prefs = ref<ChatPrefs>({ ...DEFAULT_PREFS });
  const lastError = ref<ChatErrorKind | 'not-registered' | null>(null);
  /** The history is open and searchable (bumped per account). */
  const ready = ref(0);
  /** The chat screen is showing (ChatView mounted) and the page is visible. */
  const viewShown = ref(false);
  const pageVisible = ref(typeof document === 'undefined' || document.visibilityState !== 'hidden');
  /** The conversation of the newest notification: a click on it opens this chat. */
  let notifiedId: string | null = null;
  const fileOfferListeners = new Set<(e: { message: ChatMessage; conversation: Conversation }) => void>();

  const active = computed(() => conversations.value.find((c) => c.id === activeId.value) ?? null);
  const domain = computed(() => phone.accountId.replace(/^sip:[^@]*@/, ''));

  function refresh(): void {
    if (!service) return;
    conversations.value = service.list().map((c) => ({ ...c }));
    unreadTotal.value = service.unreadTotal();
  }
  function refreshMessages(): void {
    messages.value = service && activeId.value ? service.messages(activeId.value).map((m) => ({ ...m })) : [];
  }

  function applyVisibility(): void {
    service?.setVisible(viewShown.value && pageVisible.value ? activeId.value : null);
  }
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      pageVisible.value = document.visibilityState !== 'hidden';
      applyVisibility();
    });
  }

  function attention(message: ChatMessage, conversation: Conversation): void {
    if (prefs.value.sound) playMessageSound();
    if (!prefs.value.popup) return;
    notifiedId = conversation.id;
    const who = message.from.name || message.from.number;
    const title = conversation.type === 'group' ? `${who} · ${conversation.title}` : who;
    const body = message.kind === 'file' ? t('chat.fileOffered', { name: message.text }) : message.text;
    void bridge.notify({ kind: 'chat-message', title: title.slice(0, 256) || 'Offhook', body: body.slice(0, 1024), chatId: conversation.id });
  }

  async function openAccount(account: string): Promise<void> {
    service?.dispose();
    history?.close();
    service = null;
    history = null;
    conversations.value = [];
    activeId.value = null;
    messages.value = [];
    unreadTotal.value = 0;
    if (!account) return;
    const a = settings.settings.account;
    // This account's own database: a quicker switch to another account must not hand this
    // service the other one's history (or leave this one open).
    let h: ChatHistory | null = null;
    const s = new ChatService({
      history: {
        // Opened lazily: the service asks for the history first thing in start().
        purge: async (now) => {
          h = await ChatHistory.open(account);
          if (service === s) history = h;
          return h.purge(now);
        },
        conversations: () => h!.conversations(),
        putConversation: (c) => h!.putConversation(c),
        messages: (id, limit, before) => h!.messages(id, limit, before),
        get: (id) => h!.get(id),
        getMany: (ids) => h!.getMany(ids),
        putMessage: (m) => h!.putMessage(m),
        allMessages: () => h!.allMessages(),
      },
      me: { uri: account, number: userOf(account), name: a.displayName },
      send: (target, out, handlers) =>
        phone.sendMessage(target, out.body, {
          contentType: out.contentType,
          extraHeaders: out.extraHeaders,
          eventHandlers: {
            succeeded: (e: { response?: { status_code?: number } }) => handlers.succeeded(e.response?.status_code ?? 200),
            failed: (e: { response?: { status_code?: number }; cause?: string }) => handlers.failed(e.response?.status_code ?? null, e.cause ?? 'failed'),
          },
        }),
    });
    service = s;
    s.on('change', refresh);
    s.on('messages', ({ conversationId }) => conversationId === activeId.value && refreshMessages());
    s.on('typing', ({ conversationId, who }) => {
      if (conversationId === activeId.value) typing.value = who;
    });
    s.on('arrived', ({ message, conversation, attention: wants }) => wants && attention(message, conversation));
    s.on('file-offer', (e) => fileOfferListeners.forEach((l) => l(e)));
    const queued = early;
    early = [];
    for (const m of queued) void s.handle(toIncoming(m));
    await s.start();
    const opened = h as ChatHistory | null; // assigned inside start(); TypeScript cannot see that
    if (service !== s) {
      opened?.close();
      return;
    }
    ready.value++;
    const saved = await opened?.getPref<Partial<ChatPrefs>>('prefs');
    if (service !== s) return;
    prefs.value = { ...DEFAULT_PREFS, ...saved };
    refresh();
  }

  function toIncoming(m: Parameters<Parameters<typeof phone.onMessage>[0]>[0]) {
    const request = m.request as { getHeader?: (name: string) => string | undefined; call_id?: string } | null;
    return {
      from: m.from,
      contentType: m.contentType,
      body: m.body,
      header: (name: string) => request?.getHeader?.(name) || undefined,
      callId: request?.call_id,
    };
  }

  phone.onMessage((m) => {
    if (service) void service.handle(toIncoming(m));
    else early.push(m);
  });
  // Signed out: the account's chats close (and its unread count leaves the tray) until the next sign-in.
  watch(
    () => (phone.registration.state === 'signed-out' ? '' : phone.accountId),
    (account) => void openAccount(account).catch((e) => console.error('chat: could not open the history', e)),
    { immediate: true },
  );

  async function open(conversationId: string | null): Promise<void> {
    activeId.value = conversationId;
    typing.value = conversationId && service ? service.typing(conversationId) : [];
    refreshMessages();
    applyVisibility();
    if (conversationId && service) {
      await service.load(conversationId);
      refreshMessages();
    }
  }

  /** Start (or go back to) a 1:1 chat — from a colleague card, the call log, anywhere. */
  async function openWith(extensionOrUri: string, name = ''): Promise<void> {
    const uri = targetUri(extensionOrUri, domain.value);
    if (!service || !uri) {
      lastError.value = 'invalid-target';
      return;
    }
    const c = service.direct({ uri, number: userOf(uri), name });
    location.hash = 'chat';
    await open(c.id);
  }

  async function act<T>(action: () => Promise<T>): Promise<T | undefined> {
    lastError.value = null;
    try {
      return await action();
    } catch (e) {
      if (e instanceof ChatError) lastError.value = e.kind;
      else {
        console.error(e);
        lastError.value = 'invalid-target';
      }
      return undefined;
    }
  }

  async function setPrefs(patch: Partial<ChatPrefs>): Promise<void> {
    prefs.value = { ...prefs.value, ...patch };
    await history?.setPref('prefs', { ...prefs.value });
  }

  const membersFrom = (list: string[]): string[] => list.map((x) => targetUri(x, domain.value)).filter(Boolean);

  return {
    conversations,
    activeId,
    active,
    messages,
    typing,
    unreadTotal,
    prefs,
    lastError,
    ready,
    domain,
    open,
    openWith,
    /** The chat screen appeared or went away (arrivals in the open chat then ask for attention). */
    setViewShown(shown: boolean): void {
      viewShown.value = shown;
      applyVisibility();
    },
    /** A notification was clicked: open the chat it was about. */
    openNotified: () => notifiedId && open(notifiedId),
    send: (text: string) => act(async () => (activeId.value && service ? service.sendText(activeId.value, text) : undefined)),
    retry: (id: string) => act(async () => service?.retry(id)),
    composing: () => activeId.value && service?.composing(activeId.value),
    stopComposing: () => activeId.value && service?.stopComposing(activeId.value),
    setMuted: (id: string, muted: boolean) => service?.setMuted(id, muted),
    createGroup: (name: string, members: string[]) =>
      act(async () => {
        const c = await service!.createGroup(name, membersFrom(members));
        await open(c.id);
        return c;
      }),
    addMembers: (id: string, members: string[]) => act(async () => service?.changeGroup(id, { add: membersFrom(members) })),
    removeMember: (id: string, uri: string) => act(async () => service?.changeGroup(id, { remove: [uri] })),
    renameGroup: (id: string, name: string) => act(async () => service?.changeGroup(id, { name })),
    search: (query: string, person?: string) => (service ? service.search(query, person ? { person: targetUri(person, domain.value) || person } : {}) : Promise.resolve([])),
    setPrefs,
    clearError: () => (lastError.value = null),
    /** D3 seam: announce a file in a conversation (chat/file-offer.ts). */
    sendFileOffer: (conversationId: string, offer: FileInfo) => act(async () => service?.sendFileOffer(conversationId, offer)),
    /** D3 seam: files offered to us; returns the unsubscribe. */
    onFileOffer(listener: (e: { message: ChatMessage; conversation: Conversation }) => void): () => void {
      fileOfferListeners.add(listener);
      return () => fileOfferListeners.delete(listener);
    },
    directId,
  };
});
