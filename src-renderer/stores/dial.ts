/**
 * What is typed in "Search or dial", shared by the toolbar box and the dial pad, and what Enter
 * does with it: call, or (from a call's controls) transfer to it or invite it to the conference.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type DialIntent = { kind: 'call' } | { kind: 'transfer'; callId: string; who: string } | { kind: 'invite' };

export const useDialStore = defineStore('dial', () => {
  const input = ref('');
  /** Bumped to ask the dial box to take focus (e.g. "Add call"). */
  const focusRequests = ref(0);
  const intent = ref<DialIntent>({ kind: 'call' });
  function requestFocus(): void {
    focusRequests.value++;
  }
  function setIntent(next: DialIntent): void {
    intent.value = next;
    requestFocus();
  }
  function reset(): void {
    intent.value = { kind: 'call' };
    input.value = '';
  }
  return { input, focusRequests, intent, requestFocus, setIntent, reset };
});
