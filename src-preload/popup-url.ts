/**
 * J12: the CRM page for a call. `$CallerNumber` and `$CallerDisplayName` in the template are
 * replaced by URL-encoded values, and only an http(s) result is ever opened. Pure; used by main
 * (desktop) and the web bridge alike.
 */
import type { OpenResult, PopupUrlRequest } from './contract';

export const SAMPLE_CALLER = { number: '+8613800000000', name: 'Test Caller' };

export type BuiltUrl = { ok: true; url: string } | Extract<OpenResult, { ok: false }>;

export function buildPopupUrl(template: string, caller: { number: string; name: string }): BuiltUrl {
  const trimmed = template.trim();
  if (!trimmed) return { ok: false, reason: 'not-configured' };
  // Encode each value fully, so a caller name can never add a path, a query or a scheme.
  const filled = trimmed
    .replaceAll('$CallerNumber', encodeURIComponent(caller.number))
    .replaceAll('$CallerDisplayName', encodeURIComponent(caller.name));
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'unsafe-scheme' };
  if (url.username || url.password) return { ok: false, reason: 'invalid-url' };
  // The caller's values may only land in the path, query or fragment: a template such as
  // `https://$CallerDisplayName/` would otherwise let whoever calls choose the site we open.
  const probe = trimmed.replaceAll('$CallerNumber', '0').replaceAll('$CallerDisplayName', '0');
  let probeUrl: URL;
  try {
    probeUrl = new URL(probe);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  if (probeUrl.host !== url.host || probeUrl.protocol !== url.protocol) return { ok: false, reason: 'invalid-url' };
  return { ok: true, url: url.href };
}

/** Whether the configured page is meant for this event and this kind of call. */
export function isPopupUrlForCall(
  config: { event: PopupUrlRequest['event']; internal: boolean; external: boolean },
  request: Pick<PopupUrlRequest, 'event' | 'internal'>,
): boolean {
  if (request.event !== config.event) return false;
  return request.internal ? config.internal : config.external;
}
