/**
 * Why a call or a registration failed, as something a person can act on.
 *
 * The renderer's i18n files hold one message per `FailureKind`; the code and the server's reason
 * phrase are kept so support can see exactly what the PBX said.
 */
export type FailureKind =
  | 'auth' // 401/403/407 on REGISTER: wrong extension or password
  | 'forbidden' // 403 on a call: the PBX does not allow it
  | 'not-found' // 404/604
  | 'unavailable' // 408/480/410: nobody there or not registered
  | 'busy' // 486/600
  | 'cancelled' // 487: we or they hung up before answer
  | 'incompatible' // 488/606: no common codec or media
  | 'declined' // 603
  | 'address-incomplete' // 484
  | 'server-error' // 5xx
  | 'transport' // WebSocket could not connect or dropped
  | 'timeout' // no response at all
  | 'media' // microphone refused or WebRTC failure
  | 'hold-failed' // re-INVITE for hold/resume was refused; JsSIP ends the call
  | 'no-answer' // nobody answered in time
  | 'rejected' // other 4xx/6xx
  | 'unknown';

export interface Failure {
  kind: FailureKind;
  /** SIP status code, when the failure came as a SIP response. */
  code?: number;
  /** The server's reason phrase or JsSIP's cause, kept verbatim for support. */
  detail?: string;
}

const BY_CODE: Array<[number[], FailureKind]> = [
  [[401, 407], 'auth'],
  [[403], 'forbidden'],
  [[404, 604], 'not-found'],
  [[408, 410, 430, 480], 'unavailable'],
  [[486, 600], 'busy'],
  [[487], 'cancelled'],
  [[488, 606], 'incompatible'],
  [[603], 'declined'],
  [[484], 'address-incomplete'],
];

/** Maps a SIP final response code (plus where it happened) to a failure kind. */
export function failureFromCode(code: number, context: 'register' | 'call', detail?: string): Failure {
  if (context === 'register' && (code === 401 || code === 403 || code === 407)) {
    return { kind: 'auth', code, detail };
  }
  for (const [codes, kind] of BY_CODE) if (codes.includes(code)) return { kind, code, detail };
  if (code >= 500 && code < 600) return { kind: 'server-error', code, detail };
  if (code >= 400) return { kind: 'rejected', code, detail };
  return { kind: 'unknown', code, detail };
}

/** JsSIP causes that arrive without a SIP response (see JsSIP Constants.causes). */
const BY_CAUSE: Record<string, FailureKind> = {
  'Connection Error': 'transport',
  'Request Timeout': 'timeout',
  'SIP Failure Code': 'rejected',
  'Internal Error': 'unknown',
  Busy: 'busy',
  Rejected: 'declined',
  Redirected: 'rejected',
  Unavailable: 'unavailable',
  'Not Found': 'not-found',
  'Address Incomplete': 'address-incomplete',
  'Incompatible SDP': 'incompatible',
  'Missing SDP': 'incompatible',
  'Authentication Error': 'auth',
  Canceled: 'cancelled',
  'No Answer': 'no-answer',
  Expires: 'no-answer',
  'No ACK': 'timeout',
  'Dialog Error': 'unknown',
  'User Denied Media Access': 'media',
  'WebRTC Error': 'media',
  'RTP Timeout': 'media',
  'Bad Media Description': 'incompatible',
};

/**
 * A failure from a JsSIP `failed` or `registrationFailed` event: the response's code when there is
 * one (more precise), else JsSIP's cause.
 */
export function failureFromJsSip(
  cause: string | undefined,
  statusCode: number | undefined,
  reason: string | undefined,
  context: 'register' | 'call',
): Failure {
  if (statusCode && statusCode >= 300) return failureFromCode(statusCode, context, reason ?? cause);
  const kind = (cause && BY_CAUSE[cause]) || 'unknown';
  return { kind, detail: cause };
}
