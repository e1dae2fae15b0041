/**
 * The page's security perimeter: Content-Security-Policy, navigation and window.open guards,
 * the openExternal allow-list and permission decisions. Decisions are pure functions; the
 * `install…`/`guard…` functions only attach them to Electron objects passed in.
 */
import { isSameOrigin, originOf } from '../app/app-origin';

// ---------------------------------------------------------------------------------------------
// Content-Security-Policy

export interface CspOptions {
  /**
   * Vite's dev server injects <style> elements for HMR; the production build extracts CSS to
   * files, so only development needs inline styles.
   */
  allowInlineStyleElements: boolean;
}

export function buildContentSecurityPolicy({ allowInlineStyleElements }: CspOptions): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    // SIP over WebSocket may go to any PBX the user configures.
    ['connect-src', ["'self'", 'ws:', 'wss:']],
    // Remote and local call audio/video arrive as MediaStreams; recordings play from blob: URLs.
    ['media-src', ["'self'", 'blob:', 'mediastream:']],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['style-src', allowInlineStyleElements ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    // Vue writes :style bindings and static style="" attributes; attributes cannot run script.
    ['style-src-attr', ["'unsafe-inline'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['frame-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

export type ResponseHeaders = Record<string, string | string[]>;

/** Response headers with our CSP in place of any the server sent (header names are case-insensitive). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

/** The part of session.webRequest used to add the CSP header to responses from the app origin. */
export interface HeadersReceivedPort {
  onHeadersReceived(
    listener: (
      details: { url: string; responseHeaders?: ResponseHeaders },
      callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
    ) => void,
  ): void;
}

export function installCspHeaders(webRequest: HeadersReceivedPort, { appOrigin, csp }: { appOrigin: string; csp: string }): void {
  webRequest.onHeadersReceived((details, callback) => {
    if (!isSameOrigin(details.url, appOrigin)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, csp) });
  });
}

// ---------------------------------------------------------------------------------------------
// External links, navigation, new windows

/**
 * The URL to hand to shell.openExternal, or null. Only http(s); no embedded credentials (they
 * are a phishing device: https://bank.example@evil.example/). Re-serialized by the URL parser so
 * the OS sees exactly what was checked.
 */
export function toExternalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/**
 * The answer to the bridge's openExternal: the URL to open, or why not. Anything that is not a
 * URL at all is 'invalid-url'; a URL of another scheme (file:, javascript:, smb:, …) or one with
 * embedded credentials is 'unsafe-scheme'.
 */
export function externalUrlDecision(url: string): { ok: true; url: string } | { ok: false; reason: 'invalid-url' | 'unsafe-scheme' } {
  try {
    new URL(url);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  const external = toExternalUrl(url);
  return external === null ? { ok: false, reason: 'unsafe-scheme' } : { ok: true, url: external };
}

/** The page is a single-page app: leaving its origin is never legitimate. */
export function isNavigationAllowed(url: string, appOrigin: string): boolean {
  return isSameOrigin(url, appOrigin);
}

export interface NavigationEvent {
  preventDefault(): void;
  /** Electron ≥ 25 puts the target here and deprecates the separate `url` argument. */
  url?: string;
}

/** The part of WebContents the guards attach to. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardOptions {
  appOrigin: string;
  openExternal(url: string): Promise<void>;
  onBlocked?(what: 'navigation' | 'redirect' | 'window-open' | 'webview', origin: string | null): void;
}

export function guardWebContents(contents: GuardedContents, { appOrigin, openExternal, onBlocked }: GuardOptions): void {
  const blockUnlessOurs = (what: 'navigation' | 'redirect') => (event: NavigationEvent, legacyUrl: string) => {
    const url = event.url ?? legacyUrl;
    if (isNavigationAllowed(url, appOrigin)) return;
    event.preventDefault();
    onBlocked?.(what, originOf(url));
  };
  contents.on('will-navigate', blockUnlessOurs('navigation'));
  contents.on('will-redirect', blockUnlessOurs('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked?.('webview', null);
  });
  // New windows are never created; a web link (target=_blank) opens in the user's browser.
  contents.setWindowOpenHandler(({ url }) => {
    const external = toExternalUrl(url);
    if (external) {
      openExternal(external).catch(() => onBlocked?.('window-open', originOf(url)));
    } else {
      onBlocked?.('window-open', originOf(url));
    }
    return { action: 'deny' };
  });
}

// ---------------------------------------------------------------------------------------------
// Permissions

/** What a softphone needs; everything else (geolocation, MIDI, USB, clipboard-read, …) is denied. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'media', // microphone and camera
  'notifications',
  'speaker-selection', // setSinkId: choosing the speaker/ringer device
  'fullscreen', // video calls
]);

export function isPermissionGranted(input: { permission: string; origin: string | null; appOrigin: string }): boolean {
  return input.origin !== null && input.origin === input.appOrigin.toLowerCase() && GRANTED_PERMISSIONS.has(input.permission);
}

interface RequestDetails {
  requestingUrl?: string;
}
interface CheckDetails {
  requestingUrl?: string;
}

/** The part of a Session that takes permission handlers. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: { getURL(): string }, permission: string, callback: (granted: boolean) => void, details: RequestDetails) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: { getURL(): string } | null, permission: string, requestingOrigin: string, details: CheckDetails) => boolean,
  ): void;
}

/**
 * Checks (never prompts) that the app may pass. 'hid': the page may use WebHID at all; which
 * devices it sees is then decided per device by `isHidDeviceAllowed` (telephony headsets only).
 */
export const CHECK_ONLY_PERMISSIONS: ReadonlySet<string> = new Set(['hid']);

export function isPermissionCheckGranted(input: { permission: string; origin: string | null; appOrigin: string }): boolean {
  if (isPermissionGranted(input)) return true;
  return input.origin !== null && input.origin === input.appOrigin.toLowerCase() && CHECK_ONLY_PERMISSIONS.has(input.permission);
}

export function installPermissionHandlers(session: PermissionSession, appOrigin: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = originOf(details.requestingUrl ?? contents.getURL());
    callback(isPermissionGranted({ permission, origin, appOrigin }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return isPermissionCheckGranted({ permission, origin: originOf(requestingOrigin), appOrigin });
  });
}

// ---------------------------------------------------------------------------------------------
// WebHID (J8): the renderer reads Chromium's parsed collections of telephony headsets and hands
// them to main, which has no report descriptor on Windows and macOS. Only the app's page, and only
// devices with a Telephony (0x0B) top-level collection: never a keyboard, mouse or security key.

const TELEPHONY_USAGE_PAGE = 0x0b;
const HEADSET_USAGE = 0x05;

/** The part of Electron's HIDDevice read here. */
export interface HidDeviceDetails {
  deviceId: string;
  vendorId: number;
  productId: number;
  name?: string;
  collections?: ReadonlyArray<{ usagePage: number; usage: number }>;
}

export function isTelephonyHidDevice(device: Pick<HidDeviceDetails, 'collections'> | null | undefined): boolean {
  return (device?.collections ?? []).some((c) => c.usagePage === TELEPHONY_USAGE_PAGE);
}

export function isHidDeviceAllowed(input: { deviceType: string; origin: string | null; appOrigin: string; device: unknown }): boolean {
  return (
    input.deviceType === 'hid' &&
    input.origin !== null &&
    input.origin === input.appOrigin.toLowerCase() &&
    isTelephonyHidDevice(input.device as HidDeviceDetails)
  );
}

/** What `navigator.hid.requestDevice` gets: the first headset (Telephony:Headset), else the first telephony device, else nothing. */
export function chooseHidDevice(deviceList: readonly HidDeviceDetails[]): string | null {
  const telephony = deviceList.filter((d) => isTelephonyHidDevice(d));
  const headset = telephony.find((d) => (d.collections ?? []).some((c) => c.usagePage === TELEPHONY_USAGE_PAGE && c.usage === HEADSET_USAGE));
  return (headset ?? telephony[0])?.deviceId ?? null;
}

/** The part of a Session that takes WebHID handlers. */
export interface HidPermissionSession {
  setDevicePermissionHandler(handler: (details: { deviceType: string; origin: string; device: unknown }) => boolean): void;
  on(
    event: 'select-hid-device',
    listener: (
      event: { preventDefault(): void },
      details: { deviceList: HidDeviceDetails[]; frame: { url: string } | null },
      callback: (deviceId?: string | null) => void,
    ) => void,
  ): unknown;
}

export function installHidPermissionHandlers(session: HidPermissionSession, appOrigin: string): void {
  session.setDevicePermissionHandler((details) => isHidDeviceAllowed({ deviceType: details.deviceType, origin: originOf(details.origin), appOrigin, device: details.device }));
  session.on('select-hid-device', (event, details, callback) => {
    // Without preventDefault Electron picks the first device in the list itself.
    event.preventDefault();
    if (!isSameOrigin(details.frame?.url, appOrigin)) {
      callback();
      return;
    }
    const chosen = chooseHidDevice(details.deviceList);
    if (chosen === null) callback();
    else callback(chosen);
  });
}

/**
 * The webPreferences every Offhook window starts from: sandboxed, isolated, no Node, no webviews.
 * Windows add only what is theirs (e.g. backgroundThrottling); the window-security test fails if
 * any window loosens these.
 */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}
