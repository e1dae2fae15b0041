/**
 * The desktop shell's side of the renderer: tells main what the tray, popup and notifications
 * should show, and turns main's events (links, popup buttons, hotkeys, wake-ups) into phone
 * actions. In the web build the same events come from the web bridge.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { IncomingLink, View } from '../../src-preload/contract';
import { bridge } from '../platform/bridge';
import { i18n } from '../i18n';
import { useCallLogStore } from './call-log';
import { useDialStore } from './dial';
import { usePhoneStore } from './phone';
import { usePresenceStore } from './presence';
import { useSettingsStore } from './settings';
import { useChatStore } from './chat';
import type { CallSnapshot } from '../telephony/types';

/** Extensions are short; anything longer, or with a +, came from outside the PBX. */
export function isInternalNumber(number: string): boolean {
  return /^[0-9*#]{1,6}$/.test(number);
}

export const useDesktopStore = defineStore('desktop', () => {
  const phone = usePhoneStore();
  const settings = useSettingsStore();
  const callLog = useCallLogStore();
  const dial = useDialStore();
  const chat = useChatStore();
  const presence = usePresenceStore();
  const t = i18n.global.t;

  /** A provisioning link waiting for the sign-in form (A2); never used without the user pressing Sign in. */
  const provision = ref<Extract<IncomingLink, { kind: 'provision' }> | null>(null);
  /** A message about a link or shell event the user should see. */
  const notice = ref<string | null>(null);
  /** Bumped when the tray asks to sign out, so the app can return to the sign-in form. */
  const signOutRequests = ref(0);
  const platform = ref<'desktop' | 'web'>('web');
  let started = false;

  const shellState = computed(() => ({
    registration: phone.registration.state,
    missedCalls: callLog.unseenMissed,
    unreadChats: chat.unreadTotal,
    ringing: phone.ringing.length > 0,
    inCall: phone.liveCalls.some((c) => c.state !== 'incoming'),
    status: presence.myStatus,
  }));

  function whoOf(call: { remote: { name: string; number: string } }): string {
    return call.remote.name || call.remote.number;
  }

  function openPopupUrl(event: 'ringing' | 'answered' | 'hung-up', call: CallSnapshot | { remote: CallSnapshot['remote'] }): void {
    if (!settings.settings.desktop.popupUrl.template) return;
    void bridge.popupUrl.open({
      event,
      callerNumber: call.remote.number,
      callerName: call.remote.name,
      internal: isInternalNumber(call.remote.number),
    });
  }

  function handleLink(link: IncomingLink): void {
    if (link.kind === 'refused') {
      notice.value = t(`links.refused.${link.reason}`);
      return;
    }
    if (link.kind === 'provision') {
      provision.value = link;
      return;
    }
    if (settings.settings.desktop.linkAction === 'call' && phone.registration.state === 'registered') {
      void phone.call(link.number);
    } else {
      dial.input = link.number;
      dial.requestFocus();
    }
    void bridge.shell.showWindow({ view: 'phone' });
  }

  const conferenceInUse = (): boolean => Boolean(phone.conference && !phone.conference.hostAway && !phone.conference.ending);

  function handleHotkey(action: string, text?: string): void {
    const ringing = phone.ringing[0];
    const current = phone.current && phone.current.state !== 'ended' ? phone.current : null;
    switch (action) {
      case 'answer':
        if (ringing) void phone.answer(ringing.id);
        break;
      case 'hangUp':
        // Talking in the conference: hanging up is the host leaving, which ends it (with the signal).
        if (conferenceInUse()) void phone.endConference();
        else if (current) void phone.hangUp(current.id);
        else if (ringing) void phone.decline(ringing.id);
        break;
      case 'muteToggle':
        if (conferenceInUse()) phone.setConferenceMuted(!phone.conference!.hostMuted);
        else if (current?.state === 'active') void phone.setMuted(current.id, !current.muted);
        break;
      case 'callSelection':
        if (text?.trim()) void phone.call(text.trim());
        break;
    }
  }

  // Resume, unlock and the network coming back often arrive together: one recovery for all.
  let lastRecovery = 0;
  function recover(): void {
    const now = Date.now();
    if (now - lastRecovery < 2000) return;
    lastRecovery = now;
    void phone.recoverNetwork();
  }

  function navigate(view: View): void {
    location.hash = view;
    // A chat notification was clicked: open that chat.
    if (view === 'chat') void chat.openNotified();
  }

  /** Subscribes to main and starts reporting; safe to call more than once. */
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    platform.value = (await bridge.app.info()).platform;

    watch(shellState, (state) => void bridge.shell.setState(state), { immediate: true });

    // Popup (or notification) for each ringing call, closed when it stops ringing.
    const shown = new Set<string>();
    watch(
      () => phone.ringing.map((c) => ({ ...c })),
      (ringing) => {
        const waiting = phone.liveCalls.some((c) => c.state !== 'incoming');
        for (const call of ringing) {
          if (shown.has(call.id)) continue;
          shown.add(call.id);
          openPopupUrl('ringing', call);
          if (settings.settings.desktop.incomingPopup) {
            void bridge.popup.show({ callId: call.id, name: call.remote.name, number: call.remote.number, waiting });
          } else {
            void bridge.notify({ kind: 'incoming-call', title: t('notify.incomingTitle'), body: whoOf(call), callId: call.id });
          }
        }
        for (const id of [...shown]) {
          if (!ringing.some((c) => c.id === id)) {
            shown.delete(id);
            void bridge.popup.close(id);
          }
        }
      },
    );

    // CRM pop-up on answer; missed-call notification and CRM pop-up on hang-up.
    const answered = new Set<string>();
    watch(
      () => phone.calls.filter((c) => c.state === 'active').map((c) => c.id),
      (ids) => {
        for (const id of ids) {
          if (answered.has(id)) continue;
          answered.add(id);
          const call = phone.calls.find((c) => c.id === id);
          if (call) openPopupUrl('answered', call);
        }
      },
    );
    watch(
      () => phone.lastFinished,
      (finished) => {
        if (!finished) return;
        answered.delete(finished.id);
        openPopupUrl('hung-up', finished);
        if (finished.outcome === 'missed') {
          void bridge.notify({ kind: 'missed-call', title: t('notify.missedTitle'), body: whoOf(finished), callId: finished.id });
        }
      },
    );

    // A4: launch at login and start hidden are on by default after the first successful sign-in.
    watch(
      () => phone.registration.state,
      (state) => {
        const d = settings.settings.desktop;
        if (state === 'registered' && platform.value === 'desktop' && !d.autostartDecided) {
          void settings.update({ desktop: { launchAtLogin: true, startHidden: true, autostartDecided: true } });
        }
      },
    );

    bridge.on('link', handleLink);
    bridge.on('popup-action', ({ callId, action }) => {
      if (action === 'decline') void phone.decline(callId);
      else void phone.answer(callId, { video: action === 'answer-video' });
    });
    bridge.on('hotkey', ({ action, text }) => handleHotkey(action, text));
    bridge.on('power', recover);
    bridge.on('navigate', ({ view }) => navigate(view));
    bridge.on('tray-action', (e) => {
      if (e.action === 'sign-out') signOutRequests.value++;
      else void presence.setStatus(e.status, presence.myText);
    });
    window.addEventListener('online', recover);
    await bridge.rendererReady();
  }

  return { provision, notice, signOutRequests, platform, start, clearNotice: () => (notice.value = null) };
});
