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

/** A final response to an out-of-dialog request; header() is case-insensitive, '' when absent. */
export interface SipResponse {
  status: number;
  reason: string;
  header(name: string): string;
}

export interface RequestOptions {
  extraHeaders?: string[];
  body?: string;
}

/**
 * Sends one out-of-dialog request (PUBLISH, RFC 3903; JsSIP has no publisher) with digest
 * authentication; resolves with the final response, rejects on time-out or transport error.
 */
export type SendRequest = (method: string, target: string, options?: RequestOptions) => Promise<SipResponse>;

export interface SubscribeUa {
  subscribe(target: string, eventName: string, accept: string, options?: SubscribeOptions): SubscriberLike;
  /** Absent in test fakes and UAs that cannot send arbitrary requests. */
  request?: SendRequest;
}
