/**
 * JsSIP's Subscriber emits `notify` only for NOTIFYs with a body. An empty NOTIFY is meaningful,
 * though: Kamailio's presence server sends one when nobody (any more) publishes for the presentity
 * — the colleague signed out — and without it the lamp would stay on their last state. This
 * re-emits such NOTIFYs as `notify` with an empty body (final ones end in `terminated` anyway).
 */
import type JsSIP from 'jssip';
import type { SubscribeUa, SubscriberLike } from './subscriber-port';

interface NotifyLike {
  method: string;
  body?: string;
  getHeader(name: string): string | undefined;
}

type JsSipSubscriber = SubscriberLike & {
  receiveRequest(request: NotifyLike): void;
  emit(event: string, ...args: unknown[]): boolean;
};

export function subscribeWithEmptyNotifies(ua: JsSIP.UA): SubscribeUa['subscribe'] {
  const subscribe = (ua as unknown as SubscribeUa).subscribe.bind(ua);
  return (target, eventName, accept, options) => {
    const s = subscribe(target, eventName, accept, options) as JsSipSubscriber;
    if (typeof s.receiveRequest !== 'function') return s;
    const receive = s.receiveRequest.bind(s);
    s.receiveRequest = (request) => {
      receive(request);
      if (request.method !== 'NOTIFY' || request.body) return;
      const state = (request.getHeader('subscription-state') ?? '').trim().toLowerCase();
      if (state.startsWith('active') || state.startsWith('pending')) s.emit('notify', false, request, '', request.getHeader('content-type') ?? '');
    };
    return s;
  };
}
