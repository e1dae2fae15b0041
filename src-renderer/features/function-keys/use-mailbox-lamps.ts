/** J13 voicemail keys' lamps: message-summary subscriptions for the keys' mailboxes while registered. */
import { onBeforeUnmount, reactive, watch, type Ref } from 'vue';
import { MailboxWatchers, type MailboxLamp } from '../../function-keys/mailboxes';
import { usePhoneStore } from '../../stores/phone';

export function useMailboxLamps(extensions: Ref<string[]>): Map<string, MailboxLamp> {
  const phone = usePhoneStore();
  const lamps = reactive(new Map<string, MailboxLamp>());
  let watchers: MailboxWatchers | null = null;

  function stop(): void {
    watchers?.stop();
    watchers = null;
  }

  watch(
    () => [phone.registration.state, phone.accountId, extensions.value] as const,
    ([state, aor, exts]) => {
      // A new UA (reconnect, another account) needs new subscriptions.
      if (state !== 'registered' || !aor) {
        stop();
        lamps.clear();
        return;
      }
      if (!watchers) {
        const ua = phone.subscriptionUa();
        const domain = aor.slice(aor.indexOf('@') + 1);
        if (!ua || !domain) return;
        watchers = new MailboxWatchers(ua, domain);
        watchers.on('lamp', (l) => lamps.set(l.extension, l));
      }
      watchers.set(exts);
      for (const ext of [...lamps.keys()]) if (!exts.includes(ext)) lamps.delete(ext);
    },
    { immediate: true },
  );
  onBeforeUnmount(stop);
  return lamps;
}
