/** What is typed in "Search or dial", shared by the toolbar box and the dial pad. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useDialStore = defineStore('dial', () => {
  const input = ref('');
  /** Bumped to ask the dial box to take focus (e.g. "Add call"). */
  const focusRequests = ref(0);
  return { input, focusRequests, requestFocus: () => focusRequests.value++ };
});
