/** The call log screen's state: entries of the signed-in account, newest first. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { CallLog } from '../data/call-log';
import { openOffhookDb } from '../data/db';
import type { FinishedCall } from '../telephony/types';
import type { CallLogEntry } from '../data/db';

export const useCallLogStore = defineStore('callLog', () => {
  const log = new CallLog(() => openOffhookDb());
  const entries = ref<CallLogEntry[]>([]);
  const account = ref('');
  /** Missed calls after this moment count as new until the call log is opened. */
  const seenAt = ref(Date.now());
  const unseenMissed = computed(
    () => entries.value.filter((e) => e.outcome === 'missed' && e.startedAt > seenAt.value).length,
  );

  async function load(forAccount: string): Promise<void> {
    account.value = forAccount;
    entries.value = await log.list(forAccount);
  }

  async function record(call: FinishedCall): Promise<void> {
    if (!account.value) return;
    const entry: CallLogEntry = { ...call, account: account.value };
    await log.add(entry);
    entries.value = [entry, ...entries.value.filter((e) => e.id !== entry.id)];
  }

  async function remove(id: string): Promise<void> {
    await log.remove(id);
    entries.value = entries.value.filter((e) => e.id !== id);
  }

  return { entries, unseenMissed, load, record, remove, markSeen: () => (seenAt.value = Date.now()) };
});
