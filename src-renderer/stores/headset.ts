/**
 * The headset's side of the renderer (J8): tells the bridge what the calls look like (the headset
 * lights follow), and carries out what the headset's buttons ask. The same store drives the
 * desktop's node-hid driver in main and the web build's WebHID driver.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { HeadsetCallState, HeadsetDescription, HeadsetDeviceInfo, HeadsetRequest } from '../../src-preload/contract';
import { bridge } from '../platform/bridge';
import { plainCollections } from '../platform/webhid-headsets';
import { useCallLogStore } from './call-log';
import { usePhoneStore } from './phone';
import { useSettingsStore } from './settings';

export const useHeadsetStore = defineStore('headset', () => {
  const phone = usePhoneStore();
  const settings = useSettingsStore();
  const callLog = useCallLogStore();
  const devices = ref<HeadsetDeviceInfo[]>([]);
  let started = false;
  let desktop = false;

  /** The host is talking in the conference (not stepped out to another call): the headset acts on it. */
  const talkingInConference = computed(() => Boolean(phone.conference && !phone.conference.hostAway && !phone.conference.ending));

  const callState = computed<HeadsetCallState>(() => {
    // A conference is one line for the headset, whatever its number of legs.
    const legs = new Set(phone.conference?.participants.map((p) => p.callId) ?? []);
    const live = phone.liveCalls.filter((c) => c.state !== 'incoming' && !legs.has(c.id));
    const conf = phone.conference;
    return {
      ringing: phone.ringing.length > 0,
      active: Math.min(2, live.filter((c) => !c.heldLocally).length + (conf && !conf.hostAway ? 1 : 0)),
      held: Math.min(2, live.filter((c) => c.heldLocally).length + (conf?.hostAway ? 1 : 0)),
      muted: talkingInConference.value ? conf!.hostMuted : phone.current?.state === 'active' ? phone.current.muted : false,
    };
  });

  /** Hook, mute and hold while talking in the conference: the host's own controls of it. */
  function carryOutInConference(request: HeadsetRequest): boolean {
    const conf = phone.conference;
    if (!conf || !talkingInConference.value) return false;
    switch (request.type) {
      case 'hangup':
        // The host leaving ends it for all, with the end signal, exactly as "Leave" does.
        void phone.endConference();
        return true;
      case 'toggleMute':
        phone.setConferenceMuted(!conf.hostMuted);
        return true;
      case 'setMute':
        phone.setConferenceMuted(request.muted);
        return true;
      case 'hold':
        void phone.setConferenceAway(true);
        return true;
      default:
        return false;
    }
  }

  function carryOut(request: HeadsetRequest): void {
    if (carryOutInConference(request)) return;
    const ringing = phone.ringing[0];
    const current = phone.current && phone.current.state !== 'ended' && phone.current.state !== 'incoming' ? phone.current : null;
    switch (request.type) {
      case 'answer':
        if (ringing) void phone.answer(ringing.id);
        break;
      case 'decline':
        if (ringing) void phone.decline(ringing.id);
        break;
      case 'hangup':
        if (current) void phone.hangUp(current.id);
        break;
      case 'toggleMute':
        if (current?.state === 'active') void phone.setMuted(current.id, !current.muted);
        break;
      case 'setMute':
        if (current?.state === 'active') void phone.setMuted(current.id, request.muted);
        break;
      case 'hold':
        if (current?.state === 'active' && !current.heldLocally) void phone.hold(current.id);
        break;
      case 'resume': {
        if (phone.conference?.hostAway && !current) {
          void phone.setConferenceAway(false);
          break;
        }
        const held = phone.liveCalls.find((c) => c.heldLocally);
        if (held) void phone.resumeCall(held.id);
        break;
      }
      case 'swap':
        void phone.swap();
        break;
      case 'redial': {
        const last = callLog.entries.find((e) => e.direction === 'outgoing');
        if (last && !current) void phone.call(last.remote.uri || last.remote.number);
        break;
      }
      case 'volume':
        phone.stepVolume(request.direction);
        break;
    }
  }

  async function start(): Promise<void> {
    if (started) return;
    started = true;
    bridge.on('headset', ({ request }) => carryOut(request));
    bridge.on('headset-devices', ({ devices: list }) => {
      devices.value = list;
      // Desktop on Windows/macOS: a device main cannot read yet is listed with no roles.
      if (desktop && list.some((d) => d.inputs.length === 0 && d.outputs.length === 0)) void describeForMain();
    });
    watch(callState, (state) => void bridge.headset.setCallState(state), { immediate: true, deep: true });
    watch(
      () => ({ ...settings.settings.headset }),
      async () => (devices.value = await bridge.headset.devices()),
      { immediate: true },
    );
    desktop = (await bridge.app.info()).platform === 'desktop';
    if (desktop) {
      (navigator as unknown as { hid?: EventTarget }).hid?.addEventListener('connect', () => void describeForMain());
      await describeForMain();
    }
  }

  /**
   * Windows and macOS give main no report descriptor; Electron's WebHID in this window sees
   * Chromium's parsed collections for the headsets main allows, so we hand those over.
   */
  async function describeForMain(): Promise<void> {
    const hid = (navigator as unknown as { hid?: { getDevices(): Promise<Array<{ vendorId: number; productId: number; productName: string; collections: unknown[] }>> } }).hid;
    if (!hid) return;
    for (const d of await hid.getDevices().catch(() => [])) {
      await bridge.headset
        .describe({ vendorId: d.vendorId, productId: d.productId, productName: d.productName, collections: plainCollections(d.collections as never) as HeadsetDescription['collections'] })
        .catch((error: unknown) => console.warn('main refused a headset description', error));
    }
  }

  async function connect(): Promise<void> {
    devices.value = await bridge.headset.connect();
  }

  return { devices, callState, start, connect, carryOut };
});
