/**
 * The part of JsSIP's UA.subscribe / Subscriber (JsSIP ≥ 3.12) that event packages use
 * (message-summary for voicemail, presence and dialog for colleagues), so they can be tested with fakes.
 */
type Handler = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SubscriberLike {
  /** JsSIP events: 'pending', 'accepted', 'active', 'notify' (isFinal, request, body, contentType), 'terminated' (code, reason). */
  on(event: string, handler: Handler): unknown;
  subscribe(body?: string | null): void;
  terminate(body?: string | null): void;
}

export interface SubscribeOptions {
  expires?: number;
  contentType?: string;
  allowEvents?: string;
  params?: Record<string, unknown>;
  extraHeaders?: string[];
}

export interface SubscribeUa {
  subscribe(target: string, eventName: string, accept: string, options?: SubscribeOptions): SubscriberLike;
}
