import { EventEmitter } from 'node:events';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import { nextTick, reactive, ref } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../../src-preload/contract';
import type { RequestOptions, SipResponse, SubscribeUa, SubscriberLike } from '../../../../src-renderer/telephony/subscriber-port';

class FakeSubscriber extends EventEmitter implements SubscriberLike {
  terminated = 0;
  constructor(
    readonly target: string,
    readonly eventName: string,
  ) {
    super();
  }
  subscribe(): void {}
  terminate(): void {
    this.terminated++;
  }
}
const subscribers: FakeSubscriber[] = [];
const published: Array<{ headers: string[]; body?: string }> = [];
const ua: SubscribeUa = {
  subscribe: (target, event) => {
    const s = new FakeSubscriber(target, event);
    subscribers.push(s);
    return s;
  },
  request: async (_m: string, _t: string, o: RequestOptions = {}): Promise<SipResponse> => {
    published.push({ headers: o.extraHeaders ?? [], body: o.body });
    return { status: 200, reason: 'OK', header: (n) => (n === 'SIP-ETag' ? `e${published.length}` : n === 'Expires' ? '600' : '') };
  },
};
const dnd: boolean[] = [];

vi.mock('../../../../src-renderer/stores/phone', () => ({
  usePhoneStore: defineStore('phone', () => {
    const registration = reactive({ state: 'signed-out' as string, failure: null, retryAt: null });
    const accountId = ref('');
    return {
      registration,
      accountId,
      subscriptionUa: () => (registration.state === 'registered' ? ua : null),
      setDoNotDisturb: (on: boolean) => void dnd.push(on),
      signOut: async () => void (registration.state = 'signed-out'),
    };
  }),
}));
vi.mock('../../../../src-renderer/stores/settings', () => ({
  useSettingsStore: defineStore('settings', () => {
    const settings = ref<Settings>(structuredClone(DEFAULT_SETTINGS));
    return {
      settings,
      update: async (patch: SettingsPatch) => {
        settings.value = { ...settings.value, status: { ...settings.value.status, ...patch.status } as Settings['status'] };
      },
    };
  }),
}));

const { usePresenceStore } = await import('../../../../src-renderer/stores/presence');
const { usePhoneStore } = await import('../../../../src-renderer/stores/phone');

async function signedIn() {
  const phone = usePhoneStore();
  const presence = usePresenceStore();
  phone.accountId = 'sip:1001@pbx.test';
  phone.registration.state = 'registered';
  await nextTick();
  return { phone, presence };
}

describe('presence store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2025, 0, 6, 10, 0));
    setActivePinia(createPinia());
    subscribers.length = 0;
    published.length = 0;
    dnd.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('a temporary status applies, is published, and reverts when its time is up', async () => {
    const { presence } = await signedIn();
    await vi.advanceTimersByTimeAsync(0);
    expect(published.at(-1)!.body).toContain('<rpid:other>available</rpid:other>');
    await presence.setTemporary('dnd', 'Focus time', 90);
    await nextTick();
    expect(presence.myStatus).toBe('dnd');
    expect(presence.myText).toBe('Focus time');
    expect(presence.doNotDisturb).toBe(true);
    expect(presence.temporaryUntil).toBe(new Date(2025, 0, 6, 11, 30).getTime());
    await vi.advanceTimersByTimeAsync(0);
    expect(published.at(-1)!.body).toContain('<rpid:busy/>');
    expect(published.at(-1)!.headers).toContain('SIP-If-Match: e1');
    expect(dnd).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(89 * 60_000);
    expect(presence.myStatus).toBe('dnd');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(presence.myStatus).toBe('available');
    expect(presence.temporaryUntil).toBeNull();
    expect(dnd.at(-1)).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(published.at(-1)!.body).toContain('<rpid:other>available</rpid:other>');
  });

  it('with the schedule on, a hand-picked status holds until the next scheduled switch', async () => {
    const { presence } = await signedIn();
    const settings = (await import('../../../../src-renderer/stores/settings')).useSettingsStore();
    await settings.update({ status: { schedule: { ...settings.settings.status.schedule, enabled: true } } });
    expect(presence.myStatus).toBe('available'); // Monday 10:00, office hours
    await presence.setStatus('away', 'Meeting');
    expect(presence.myStatus).toBe('away');
    expect(presence.temporaryUntil).toBe(new Date(2025, 0, 6, 12, 0).getTime());
    await vi.advanceTimersByTimeAsync(2 * 60 * 60_000);
    expect(presence.myStatus).toBe('lunch');
    expect(presence.statusSource).toBe('break');
  });

  it('watches favourites and views, and drops everything on sign-out', async () => {
    const { phone, presence } = await signedIn();
    presence.watch('colleagues', ['1002', '1003']);
    await nextTick();
    await vi.advanceTimersByTimeAsync(50);
    expect(subscribers.map((s) => `${s.target} ${s.eventName}`)).toEqual([
      'sip:1002@pbx.test presence',
      'sip:1002@pbx.test dialog',
      'sip:1003@pbx.test presence',
      'sip:1003@pbx.test dialog',
    ]);
    subscribers[0]!.emit('notify', false, {}, '<presence><tuple><status><basic>open</basic></status></tuple><person><activities><away/></activities></person></presence>', 'application/pidf+xml');
    expect(presence.info('1002').state).toBe('away');
    expect(presence.info('1009').state).toBe('unknown');
    await phone.signOut();
    expect(subscribers.every((s) => s.terminated === 1)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(published.at(-1)!.headers).toContain('Expires: 0');
    await nextTick();
    expect(presence.info('1002').state).toBe('unknown');
  });
});
