/**
 * Out-of-dialog requests on JsSIP's own machinery (OutgoingRequest + RequestSender), for PUBLISH:
 * JsSIP has no publisher (up to 3.13.8). RequestSender answers one 401/407 with the account's
 * credentials, exactly as for MESSAGE or OPTIONS.
 */
import type JsSIP from 'jssip';
import { OutgoingRequest } from 'jssip/lib/SIPMessage';
// @ts-expect-error: JsSIP ships no type declarations for RequestSender
import RequestSender from 'jssip/lib/RequestSender';
import type { RequestOptions, SendRequest, SipResponse } from './subscriber-port';

interface IncomingResponseLike {
  status_code: number;
  reason_phrase: string;
  getHeader(name: string): string | undefined;
}

type OutgoingRequestCtor = new (
  method: string,
  ruri: unknown,
  ua: unknown,
  params: Record<string, unknown> | null,
  extraHeaders: string[],
  body?: string,
) => unknown;

export function jsSipRequest(ua: JsSIP.UA): SendRequest {
  return (method: string, target: string, options: RequestOptions = {}) =>
    new Promise<SipResponse>((resolve, reject) => {
      const uri = (ua as unknown as { normalizeTarget(t: string): unknown }).normalizeTarget(target);
      if (!uri) {
        reject(new TypeError(`invalid target ${target}`));
        return;
      }
      const Request = OutgoingRequest as unknown as OutgoingRequestCtor;
      const request = new Request(method, uri, ua, null, [...(options.extraHeaders ?? [])], options.body);
      const sender = new RequestSender(ua, request, {
        onRequestTimeout: () => reject(new Error(`${method}: request timeout`)),
        onTransportError: () => reject(new Error(`${method}: transport error`)),
        onReceiveResponse: (response: IncomingResponseLike) => {
          // provisional responses to non-INVITE requests are rare and say nothing final
          if (response.status_code < 200) return;
          resolve({
            status: response.status_code,
            reason: response.reason_phrase,
            header: (name: string) => response.getHeader(name) ?? '',
          });
        },
      });
      sender.send();
    });
}
