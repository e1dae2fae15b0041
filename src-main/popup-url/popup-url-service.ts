/**
 * J12: a CRM page opened in the default browser for calls. The settings choose the event
 * (ringing, answered, hung up) and which calls (internal, external); the renderer, which knows
 * the call, says which event happened and whether the caller is internal. Main decides and opens,
 * so a compromised page cannot open anything but the configured page with encoded values.
 */
import type { DesktopSettings, OpenResult, PopupUrlRequest } from '../../src-preload/contract';
import { buildPopupUrl, isPopupUrlForCall, SAMPLE_CALLER, type BuiltUrl } from '../../src-preload/popup-url';
import { toExternalUrl } from '../windows/security';

export type PopupUrlSettings = DesktopSettings['popupUrl'];

export { isPopupUrlForCall };

/** The page for this caller: the shared builder's rules, then main's rules for any URL it opens. */
export function callPageUrl(template: string, caller: { number: string; name: string }): BuiltUrl {
  const built = buildPopupUrl(template, caller);
  if (!built.ok) return built;
  // Same rules as every other URL main hands to the OS.
  const external = toExternalUrl(built.url);
  if (external === null) return { ok: false, reason: 'invalid-url' };
  return { ok: true, url: external };
}

export interface PopupUrlServiceOptions {
  getSettings(): PopupUrlSettings;
  openExternal(url: string): Promise<void>;
}

export interface PopupUrlService {
  open(request: PopupUrlRequest): Promise<OpenResult>;
  /** The settings page's "Test" button: the given (maybe unsaved) template with sample values. */
  test(template: string): Promise<OpenResult>;
}

export function createPopupUrlService({ getSettings, openExternal }: PopupUrlServiceOptions): PopupUrlService {
  async function openBuilt(built: BuiltUrl): Promise<OpenResult> {
    if (!built.ok) return built;
    await openExternal(built.url);
    return { ok: true, url: built.url };
  }

  return {
    async open(request) {
      const config = getSettings();
      if (config.template.trim() === '') return { ok: false, reason: 'not-configured' };
      if (!isPopupUrlForCall(config, request)) return { ok: false, reason: 'not-for-this-call' };
      return openBuilt(callPageUrl(config.template, { number: request.callerNumber, name: request.callerName }));
    },
    test: (template) => openBuilt(callPageUrl(template, SAMPLE_CALLER)),
  };
}
