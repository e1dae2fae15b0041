/**
 * Where the renderer is loaded from, and what counts as "our own origin".
 *
 * Everything that trusts the page (IPC sender checks, permissions, navigation, CSP) compares
 * against the one origin resolved here, so there is a single answer to "is this us?".
 */

/** Custom scheme the built renderer is served from; privileged so the page is a secure context. */
export const APP_SCHEME = 'offhook-app';
export const APP_HOST = 'app';
export const BUNDLED_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface AppLocation {
  /** 'bundled': out/renderer over the custom scheme; 'dev': the Vite dev server. */
  kind: 'bundled' | 'dev';
  /** Serialized origin, e.g. "offhook-app://app" or "http://127.0.0.1:5173". */
  origin: string;
  /** The URL the main window loads. */
  startUrl: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The origin of a URL as Chromium serializes it, or null for URLs without one (about:, data:,
 * file:, garbage). Node's URL reports "null" as the origin of any non-special scheme, so the
 * origin is rebuilt from protocol and host instead of read from `URL#origin`.
 */
export function originOf(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '' || parsed.protocol === 'file:') return null;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}

export function isSameOrigin(url: string | null | undefined, origin: string): boolean {
  const actual = originOf(url);
  return actual !== null && actual === origin.toLowerCase();
}

/**
 * The dev server URL, if it may be used: only an http(s) loopback address, and only in an
 * unpackaged build, so an environment variable can never point an installed app's trusted
 * origin (and its IPC) at another site.
 */
export function parseDevUrl(devUrl: string | undefined, isPackaged: boolean): URL | null {
  if (isPackaged || !devUrl) return null;
  let parsed: URL;
  try {
    parsed = new URL(devUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  return parsed;
}

export function resolveAppLocation(input: { devUrl: string | undefined; isPackaged: boolean }): AppLocation {
  const dev = parseDevUrl(input.devUrl, input.isPackaged);
  if (dev) {
    const origin = `${dev.protocol}//${dev.host}`;
    return { kind: 'dev', origin, startUrl: `${origin}/` };
  }
  return { kind: 'bundled', origin: BUNDLED_ORIGIN, startUrl: `${BUNDLED_ORIGIN}/` };
}

/** The incoming-call popup's page, on the same origin as the app (src-renderer/popup/popup.html). */
export function popupPageUrl(location: Pick<AppLocation, 'origin'>): string {
  return `${location.origin}/popup/popup.html`;
}
