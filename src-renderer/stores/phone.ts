/**
 * The phone as the screens see it: a read-only snapshot of registration and calls, and actions
 * that forward to the telephony core. JsSIP objects and streams stay inside the core.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { Phone, PhoneError, type CallOptionsInput, type PhoneErrorKind, type PhoneEvents, type PhoneSnapshot } from '../telephony/phone';
import { Microphone } from '../telephony/microphone';
import { RemoteAudio } from '../telephony/audio-output';
import { TonePlayer } from '../telephony/tones';
import { createJsSipUa } from '../telephony/jssip-ua';
import { bridge } from '../platform/bridge';
import { useSettingsStore } from './settings';
import { useCallLogStore } from './call-log';
import type { CallSnapshot, FinishedCall } from '../telephony/types';

export interface SignInForm {
  server: string;
  extension: string;
  password: string;
  authName: string;
  displayName: string;
  rememberMe: boolean;
}

async function openCamera(deviceId: string): Promise<MediaStreamTrack> {
  const video: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
  if (deviceId && deviceId !== 'default') video.deviceId = { exact: deviceId };
  const stream = await navigator.mediaDevices.getUserMedia({ video });
  const track = stream.getVideoTracks()[0];
  if (!track) throw new DOMException('no camera track', 'NotFoundError');
  return track;
}

export const usePhoneStore = defineStore('phone', () => {
  const phone = new Phone({
    createUa: createJsSipUa,
    microphone: new Microphone((c) => navigator.mediaDevices.getUserMedia(c)),
    remoteAudio: new RemoteAudio(),
    tones: new TonePlayer(),
    userAgent: `Offhook/${__APP_VERSION__}`,
    openCamera: openCamera,
  });
  const snapshot = shallowRef<PhoneSnapshot>(phone.snapshot());
  const lastError = ref<PhoneErrorKind | null>(null);
  /** The account this session signed in with (sip:ext@domain), for the call log. */
  const accountId = ref('');
  phone.on('change', (s) => (snapshot.value = s));

  const settingsStore = useSettingsStore();
  const callLog = useCallLogStore();
  /** The last finished call, for those who react to it (notifications, CRM pop-ups). */
  const lastFinished = shallowRef<FinishedCall | null>(null);
  phone.on('call-finished', (call) => {
    void callLog.record(call);
    lastFinished.value = call;
  });
  phone.on('incoming', (call) => void bridge.drawAttention({ ringing: true, caller: call.remote.name || call.remote.number }));
  phone.on('change', (s) => {
    if (!s.calls.some((c) => c.state === 'incoming')) void bridge.drawAttention({ ringing: false });
  });

  watch(
    () => [settingsStore.settings.account.dtmfMode, settingsStore.settings.account.iceServers] as const,
    ([dtmfMode, iceServers]) => phone.configure({ dtmfMode, iceServers }),
  );

  const registration = computed(() => snapshot.value.registration);
  const calls = computed(() => snapshot.value.calls);
  const conference = computed(() => snapshot.value.conference);
  const consultations = computed(() => snapshot.value.consultations);
  const conferenceLegIds = computed(() => new Set(conference.value?.participants.map((p) => p.callId) ?? []));
  const liveCalls = computed(() => calls.value.filter((c) => c.state !== 'ended'));
  const ringing = computed(() => calls.value.filter((c) => c.state === 'incoming'));
  /** The call the main controls act on: the one not on hold, else the newest (conference legs have their own panel). */
  const current = computed<CallSnapshot | null>(() => {
    const visible = calls.value.filter((c) => c.state !== 'incoming' && !conferenceLegIds.value.has(c.id));
    return visible.find((c) => c.state !== 'ended' && !c.heldLocally) ?? visible.filter((c) => c.state !== 'ended').at(-1) ?? visible.at(-1) ?? null;
  });
  const other = computed<CallSnapshot | null>(
    () => liveCalls.value.find((c) => c.state !== 'incoming' && c.id !== current.value?.id && !conferenceLegIds.value.has(c.id)) ?? null,
  );

  async function signIn(form: SignInForm): Promise<{ remembered: boolean }> {
    await settingsStore.update({
      account: {
        server: form.server.trim(),
        extension: form.extension.trim(),
        authName: form.authName.trim(),
        displayName: form.displayName.trim(),
        rememberMe: form.rememberMe,
      },
    });
    let remembered = false;
    if (form.rememberMe) {
      remembered = (await bridge.secrets.set('sip-password', form.password)).ok;
    } else {
      await bridge.secrets.set('sip-password', null);
    }
    start(form.password);
    return { remembered };
  }

  function start(password: string): void {
    const a = settingsStore.settings.account;
    phone.setDevices(settingsStore.settings.audio);
    phone.signIn({ ...a, password });
    accountId.value = `sip:${a.extension}@${phone.domain}`;
    void callLog.load(accountId.value);
  }

  /** At start-up: sign in again with the remembered password, if there is one. */
  async function resume(): Promise<boolean> {
    const a = settingsStore.settings.account;
    if (!a.rememberMe || !a.server || !a.extension) return false;
    const password = await bridge.secrets.get('sip-password');
    if (!password) return false;
    start(password);
    return true;
  }

  async function signOut(): Promise<void> {
    await phone.signOut();
    await bridge.secrets.set('sip-password', null);
  }

  async function act(action: () => unknown): Promise<void> {
    lastError.value = null;
    try {
      await action();
    } catch (error) {
      if (error instanceof PhoneError) lastError.value = error.kind;
      else {
        console.error(error);
        lastError.value = 'unexpected';
      }
    }
  }

  return {
    registration,
    calls,
    liveCalls,
    ringing,
    current,
    other,
    conference,
    consultations,
    lastError,
    lastFinished,
    accountId,
    signIn,
    resume,
    signOut,
    clearError: () => (lastError.value = null),
    retry: () => phone.retryRegistration(),
    recoverNetwork: () => phone.recoverNetwork(),
    warmUp: () => phone.warmUp(),
    setDevices: (d: { microphoneId: string; speakerId: string; ringerId: string; cameraId?: string }) => phone.setDevices(d),
    call: (target: string, options: CallOptionsInput = {}) => act(() => phone.call(target, options)),
    answer: (id: string, options: CallOptionsInput = {}) => act(() => phone.answer(id, options)),
    transfer: (id: string, target: string) => act(() => phone.transfer(id, target)),
    consult: (id: string, target: string) => act(() => phone.consult(id, target)),
    completeTransfer: (consultId: string) => act(() => phone.completeTransfer(consultId)),
    clearTransfer: (id: string) => phone.clearTransfer(id),
    merge: () => act(() => phone.merge()),
    invite: (target: string) => act(() => phone.inviteToConference(target)),
    setParticipantMuted: (id: string, muted: boolean) => phone.setParticipantMuted(id, muted),
    removeParticipant: (id: string) => phone.removeParticipant(id),
    setConferenceMuted: (muted: boolean) => phone.setConferenceMuted(muted),
    setConferenceAway: (away: boolean) => act(() => phone.setConferenceAway(away)),
    endConference: () => act(() => phone.endConference()),
    sendConferenceDtmf: (digits: string) => phone.sendConferenceDtmf(digits),
    startVideo: (id: string) => act(() => phone.startVideo(id)),
    stopVideo: (id: string) => act(() => phone.stopVideo(id)),
    /** Streams for <video> elements; re-read when the call's `video` snapshot changes. */
    videoStreams: (id: string) => phone.videoStreams(id),
    decline: (id: string) => act(() => phone.decline(id)),
    hangUp: (id: string) => act(() => phone.hangUp(id)),
    setMuted: (id: string, muted: boolean) => act(() => phone.setMuted(id, muted)),
    hold: (id: string) => act(() => phone.hold(id)),
    resumeCall: (id: string) => act(() => phone.resume(id)),
    swap: () => act(() => phone.swap()),
    sendDtmf: (id: string, digits: string) => act(() => phone.sendDtmf(id, digits)),
    /** J3 do not disturb: new calls get 486 and never ring (stores/presence drives it). */
    setDoNotDisturb: (on: boolean) => phone.setDoNotDisturb(on),
    /** For SUBSCRIBE-based features (voicemail, presence); null unless registered. */
    subscriptionUa: () => phone.subscriptionUa,
    /** Both directions of a call mixed into one stream; the caller disposes it. Throws PhoneError. */
    recordingSource: (id: string) => phone.recordingSource(id),
    stepVolume: (direction: 'up' | 'down') => phone.stepVolume(direction),
    /** Chat: one SIP MESSAGE (options as JsSIP's sendMessage); throws PhoneError('not-registered') while offline. */
    sendMessage: (target: string, body: string, options: Record<string, unknown> = {}) => phone.sendMessage(target, body, options),
    /** Chat: every incoming MESSAGE; returns the unsubscribe. */
    onMessage: (listener: (message: PhoneEvents['message']) => void) => phone.on('message', listener),
    /** Files (D3): claim incoming INVITEs that are not calls; one owner (stores/files). */
    setIncomingFilter: (filter: Parameters<Phone['setIncomingFilter']>[0]) => phone.setIncomingFilter(filter),
    /** Files (D3): the UA for data-only sessions; null unless registered. */
    sessionUa: () => phone.sessionUa,
  };
});
