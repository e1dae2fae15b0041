import { EventEmitter } from 'node:events';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import { nextTick, reactive, ref } from 'vue';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscribeUa, SubscriberLike } from '../../../../src-renderer/telephony/subscriber-port';

/** The phone store as the voicemail store uses it: registration, account, the UA and call(). */
class FakeSubscriber extends EventEmitter implements SubscriberLike {
  terminated = 0;
  constructor(readonly target: string) {
    super();
  }
  subscribe(): void {}
  terminate(): void {
    this.terminated++;
  }
}
const subscribers: FakeSubscriber[] = [];
const ua: SubscribeUa = {
  subscribe: (target) => {
    const s = new FakeSubscriber(target);
    subscribers.push(s);
    return s;
  },
};
const calls: string[] = [];

vi.mock('../../../../src-renderer/stores/phone', () => ({
  usePhoneStore: defineStore('phone', () => {
    const registration = reactive({ state: 'signed-out' as string, failure: null, retryAt: null });
    const accountId = ref('');
    return {
      registration,
      accountId,
      subscriptionUa: () => (registration.state === 'registered' ? ua : null),
      call: async (target: string) => void calls.push(target),
    };
  }),
}));
vi.mock('../../../../src-renderer/stores/settings', () => ({
  useSettingsStore: defineStore('settings', () => ({ settings: ref({ voicemail: { number: '*97', leavePrefix: '**' } }) })),
}));

const { useVoicemailStore } = await import('../../../../src-renderer/stores/voicemail');
const { usePhoneStore } = await import('../../../../src-renderer/stores/phone');

const summary = (n: number, o: number) => `Messages-Waiting: ${n ? 'yes' : 'no'}\r\nVoice-Message: ${n}/${o} (0/0)\r\n`;

describe('voicemail store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    subscribers.length = 0;
    calls.length = 0;
  });

  it('subscribes to the own AOR once registered and shows the counts', async () => {
    const phone = usePhoneStore();
    const voicemail = useVoicemailStore();
    expect(subscribers).toHaveLength(0);
    phone.accountId = 'sip:1001@pbx.example.com';
    phone.registration.state = 'registered';
    await nextTick();
    expect(subscribers.map((s) => s.target)).toEqual(['sip:1001@pbx.example.com']);
    subscribers[0]!.emit('notify', false, {}, summary(2, 5), 'application/simple-message-summary');
    expect([voicemail.newCount, voicemail.oldCount]).toEqual([2, 5]);
  });

  it('keeps the counts while reconnecting, subscribes afresh, and forgets them on sign-out', async () => {
    const phone = usePhoneStore();
    const voicemail = useVoicemailStore();
    phone.accountId = 'sip:1001@pbx.example.com';
    phone.registration.state = 'registered';
    await nextTick();
    subscribers[0]!.emit('notify', false, {}, summary(3, 0), 'application/simple-message-summary');
    phone.registration.state = 'connecting';
    await nextTick();
    expect(subscribers[0]!.terminated).toBe(1);
    expect(voicemail.newCount).toBe(3);
    phone.registration.state = 'registered';
    await nextTick();
    expect(subscribers).toHaveLength(2);
    phone.registration.state = 'signed-out';
    await nextTick();
    expect(subscribers[1]!.terminated).toBe(1);
    expect(voicemail.newCount).toBe(0);
    expect(voicemail.status).toBeNull();
  });

  it('dials the configured voicemail number, and prefix + extension to leave a message', async () => {
    const voicemail = useVoicemailStore();
    await voicemail.callVoicemail();
    await voicemail.leaveVoicemailFor(' 1002 ');
    expect(calls).toEqual(['*97', '**1002']);
  });
});
