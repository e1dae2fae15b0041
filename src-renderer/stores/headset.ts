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

  const callState = computed<HeadsetCallState>(() => {
    const live = phone.liveCalls.filter((c) => c.state !== 'incoming');
    return {
      ringing: phone.ringing.length > 0,
      active: Math.min(2, live.filter((c) => !c.heldLocally).length),
      held: Math.min(2, live.filter((c) => c.heldLocally).length),
      muted: phone.current?.state === 'active' ? phone.current.muted : false,
    };
  });

  function carryOut(request: HeadsetRequest): void {
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
