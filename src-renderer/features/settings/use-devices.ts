import { onBeforeUnmount, ref } from 'vue';

export interface DeviceOption {
  id: string;
  label: string;
}

/** The audio inputs and outputs and the cameras, kept current when a headset is plugged in or out. */
export function useAudioDevices() {
  const inputs = ref<DeviceOption[]>([]);
  const outputs = ref<DeviceOption[]>([]);
  const cameras = ref<DeviceOption[]>([]);

  async function refresh(): Promise<void> {
    const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []);
    const pick = (kind: MediaDeviceKind): DeviceOption[] =>
      (devices ?? [])
        .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications')
        .map((d) => ({ id: d.deviceId, label: d.label }));
    inputs.value = pick('audioinput');
    outputs.value = pick('audiooutput');
    cameras.value = pick('videoinput');
  }

  navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
  onBeforeUnmount(() => navigator.mediaDevices?.removeEventListener?.('devicechange', refresh));
  void refresh();
  return { inputs, outputs, cameras, refresh };
}
