/** I4 message waiting as the screens see it: counts from the PBX, and dialling into voicemail. */
import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { VoicemailWatcher, type VoicemailStatus } from '../telephony/voicemail';
import { usePhoneStore } from './phone';
import { useSettingsStore } from './settings';

export const useVoicemailStore = defineStore('voicemail', () => {
  const phone = usePhoneStore();
  const settings = useSettingsStore();
  const status = shallowRef<VoicemailStatus | null>(null);
  let watcher: VoicemailWatcher | null = null;

  function stop(): void {
    watcher?.stop();
    watcher = null;
  }

  // A subscription does not survive a lost connection or a new UA: start afresh on every
  // registration. The last counts stay on screen while reconnecting, but not after signing out.
  watch(
    () => [phone.registration.state, phone.accountId] as const,
    ([state, aor], before) => {
      if (before && before[1] !== aor) status.value = null;
      if (state !== 'registered') {
        stop();
        if (state === 'signed-out') status.value = null;
        return;
      }
      if (watcher) return;
      const ua = phone.subscriptionUa();
      if (!ua || !aor) return;
      watcher = new VoicemailWatcher(ua, { target: aor });
      watcher.on('status', (s) => (status.value = s));
      watcher.start();
    },
    { immediate: true },
  );

  const newCount = computed(() => status.value?.newCount ?? 0);
  const oldCount = computed(() => status.value?.oldCount ?? 0);
  /** Messages wait, but the PBX did not say how many new voice messages. */
  const waitingUncounted = computed(() => status.value?.waiting === true && status.value.newCount === null);

  return {
    status,
    newCount,
    oldCount,
    waitingUncounted,
    callVoicemail: () => phone.call(settings.settings.voicemail.number),
    /** B4 "Leave voicemail": the PBX's direct-to-voicemail code followed by the colleague's extension. */
    leaveVoicemailFor: (extension: string) => phone.call(`${settings.settings.voicemail.leavePrefix}${extension.trim()}`),
  };
});
