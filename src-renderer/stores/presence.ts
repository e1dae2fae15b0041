/**
 * B2 colleagues' lamps and J3–J5 my status, as the screens see them. Thin: subscriptions live in
 * telephony/presence-watcher, PUBLISH in telephony/publisher, the schedule in telephony/status-schedule.
 *
 * Views say which extensions they show with watch(owner, extensions) and take them back with
 * unwatch(owner); favourites are always watched. Lamps are read with info(extension).
 */
import { defineStore } from 'pinia';
import { computed, onScopeDispose, ref, shallowReactive, watch as vueWatch } from 'vue';
import type { MyStatus } from '../../src-preload/contract';
import type { PresenceInfo } from '../telephony/presence-types';
import { PresenceWatcher, UNKNOWN_PRESENCE } from '../telephony/presence-watcher';
import { Publisher } from '../telephony/publisher';
import { buildPidf } from '../telephony/pidf';
import { effectiveStatus, nextChangeAt } from '../telephony/status-schedule';
import { usePhoneStore } from './phone';
import { useSettingsStore } from './settings';

/** Re-check the schedule at least this often: timers stall while the computer sleeps. */
const MAX_TIMER_MS = 60_000;

export const usePresenceStore = defineStore('presence', () => {
  const phone = usePhoneStore();
  const settings = useSettingsStore();

  // ---------- colleagues' lamps ----------
  const infos = shallowReactive(new Map<string, PresenceInfo>());
  const owners = shallowReactive(new Map<string, readonly string[]>());
  let watcher: PresenceWatcher | null = null;

  const favourites = computed(() => settings.settings.colleagues.favourites);
  /** Favourites first, then each view's extensions in the order it gave them (top rows first). */
  const wanted = computed(() => [...new Set([...favourites.value, ...[...owners.values()].flat()])]);

  function stopWatching(): void {
    watcher?.stop();
    watcher = null;
  }

  // ---------- my status ----------
  const now = ref(Date.now());
  const effective = computed(() => effectiveStatus(settings.settings.status, now.value));
  const myStatus = computed<MyStatus>(() => effective.value.status);
  const myText = computed(() => effective.value.text);
  const temporaryUntil = computed(() => (effective.value.source === 'temporary' ? settings.settings.status.temporary?.until ?? null : null));
  const doNotDisturb = computed(() => myStatus.value === 'dnd');
  let publisher: Publisher | null = null;
  let clock: ReturnType<typeof setTimeout> | null = null;

  function armClock(): void {
    if (clock !== null) clearTimeout(clock);
    const t = Date.now();
    now.value = t;
    const s = settings.settings.status;
    // an expired temporary status is forgotten, so the menu no longer offers to end it
    if (s.temporary && s.temporary.until <= t) void settings.update({ status: { temporary: null } });
    const next = nextChangeAt(s, t);
    const wait = next === null ? MAX_TIMER_MS : Math.min(MAX_TIMER_MS, Math.max(0, next - t));
    clock = setTimeout(armClock, wait);
  }
  vueWatch(() => settings.settings.status, armClock, { deep: true, immediate: true });
  onScopeDispose(() => {
    if (clock !== null) clearTimeout(clock);
  });

  vueWatch(doNotDisturb, (on) => phone.setDoNotDisturb(on), { immediate: true });

  const pidf = computed(() => (phone.accountId ? buildPidf(phone.accountId, myStatus.value, myText.value) : null));
  vueWatch(pidf, (body) => body && publisher?.publish(body));

  // A subscription or publication does not survive a new UA: start afresh on every registration.
  vueWatch(
    () => [phone.registration.state, phone.accountId] as const,
    ([state, aor], before) => {
      if (before && before[1] !== aor) infos.clear();
      if (state !== 'registered') {
        stopWatching();
        // A dropped connection or a new UA: this publisher must not go on refreshing its old body.
        // The server lets the publication expire (a sign-out removed it already).
        publisher?.close();
        publisher = null;
        if (state === 'signed-out') infos.clear();
        return;
      }
      const ua = phone.subscriptionUa();
      if (!ua || !aor) return;
      if (!watcher) {
        watcher = new PresenceWatcher(ua, { domain: aor.slice(aor.indexOf('@') + 1) });
        watcher.on('change', ({ extension, info }) => {
          if (info === UNKNOWN_PRESENCE) infos.delete(extension);
          else infos.set(extension, info);
        });
        watcher.setWanted(wanted.value);
      }
      if (!publisher && ua.request && pidf.value) {
        publisher = new Publisher(ua.request, { target: aor });
        publisher.publish(pidf.value);
      }
    },
    { immediate: true },
  );
  vueWatch(wanted, (list) => watcher?.setWanted(list));

  // Withdraw my status and the subscriptions while the connection is still up (the PUBLISH and
  // un-SUBSCRIBEs leave before the un-REGISTER completes).
  phone.$onAction(({ name }) => {
    if (name !== 'signOut') return;
    void publisher?.remove();
    publisher = null;
    stopWatching();
  });

  return {
    /** A colleague's lamp; `unknown` until something is known. */
    info: (extension: string): PresenceInfo => infos.get(extension) ?? UNKNOWN_PRESENCE,
    watch: (owner: string, extensions: readonly string[]) => void owners.set(owner, [...extensions]),
    unwatch: (owner: string) => void owners.delete(owner),
    favourites,
    myStatus,
    myText,
    /** Where the status comes from: temporary, holiday, break, office, outside or manual. */
    statusSource: computed(() => effective.value.source),
    temporaryUntil,
    doNotDisturb,
    /**
     * Chooses a status. With the schedule on, the choice holds until the schedule next switches
     * (J5); otherwise until changed again.
     */
    async setStatus(status: MyStatus, text: string): Promise<void> {
      const s = settings.settings.status;
      const t = Date.now();
      const next = s.schedule.enabled ? nextChangeAt({ ...s, temporary: null }, t) : null;
      if (next !== null) await settings.update({ status: { text, temporary: { status, text, until: next } } });
      else await settings.update({ status: { status, text, temporary: null } });
    },
    /** A status for a while (J4), then back to what applied before. */
    async setTemporary(status: MyStatus, text: string, minutes: number): Promise<void> {
      const m = Math.max(1, Math.min(Math.round(minutes), 7 * 24 * 60));
      await settings.update({ status: { temporary: { status, text, until: Date.now() + m * 60_000 } } });
    },
    clearTemporary: () => settings.update({ status: { temporary: null } }),
    /** For the bench and diagnostics. */
    stats: () => watcher?.stats() ?? null,
  };
});
