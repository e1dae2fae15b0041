import { describe, expect, it, vi } from 'vitest';
import {
  buildContentSecurityPolicy,
  GRANTED_PERMISSIONS,
  guardWebContents,
  installCspHeaders,
  installPermissionHandlers,
  isNavigationAllowed,
  isPermissionGranted,
  toExternalUrl,
  withContentSecurityPolicy,
  type GuardedContents,
  type HeadersReceivedPort,
  type NavigationEvent,
  type PermissionSession,
} from '../../../../src-main/windows/security';

const APP = 'offhook-app://app';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const prod = directives(buildContentSecurityPolicy({ allowInlineStyleElements: false }));
  const dev = directives(buildContentSecurityPolicy({ allowInlineStyleElements: true }));

  it('locks everything to the app by default', () => {
    expect(prod.get('default-src')).toEqual(["'self'"]);
    expect(prod.get('script-src')).toEqual(["'self'"]);
    expect(prod.get('object-src')).toEqual(["'none'"]);
    expect(prod.get('base-uri')).toEqual(["'none'"]);
    expect(prod.get('frame-ancestors')).toEqual(["'none'"]);
    expect(prod.get('frame-src')).toEqual(["'none'"]);
  });

  it('allows what a softphone needs', () => {
    expect(prod.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
    expect(prod.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(prod.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('never allows eval or inline script', () => {
    for (const csp of [prod, dev]) {
      for (const [, values] of csp) {
        expect(values).not.toContain("'unsafe-eval'");
      }
      expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    }
  });

  it('allows inline <style> elements only for the dev server', () => {
    expect(prod.get('style-src')).toEqual(["'self'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any CSP the server sent, whatever its case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html', 'CONTENT-SECURITY-POLICY': 'x' },
      "default-src 'self'",
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });
});

describe('installCspHeaders', () => {
  it('adds the CSP to app-origin responses only', () => {
    let listener: Parameters<HeadersReceivedPort['onHeadersReceived']>[0] | undefined;
    installCspHeaders({ onHeadersReceived: (l) => (listener = l) }, { appOrigin: 'http://127.0.0.1:5173', csp: 'CSP' });
    const own = vi.fn();
    listener!({ url: 'http://127.0.0.1:5173/src/main.ts', responseHeaders: { 'Content-Type': ['text/javascript'] } }, own);
    expect(own).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/javascript'], 'Content-Security-Policy': ['CSP'] } });
    const other = vi.fn();
    listener!({ url: 'https://pbx.example/phonebook.xml', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});

describe('toExternalUrl', () => {
  it.each([
    ['https://offhook.io/docs', 'https://offhook.io/docs'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ])('lets %s through as %s', (input, expected) => {
    expect(toExternalUrl(input)).toBe(expected);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'ms-msdt:/id PCWDiagnostic',
    'sip:1001@pbx.example',
    'tel:+15551234',
    'offhook-app://app/',
    'data:text/html,hi',
    'https://bank.example@evil.example/',
    'https://user:pass@example.com/',
    'https://',
    'not a url',
    '',
  ])('refuses %s', (input) => {
    expect(toExternalUrl(input)).toBeNull();
  });
});

describe('isNavigationAllowed', () => {
  it('allows only the app origin', () => {
    expect(isNavigationAllowed('offhook-app://app/index.html', APP)).toBe(true);
    expect(isNavigationAllowed('https://evil.example/', APP)).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', APP)).toBe(false);
    expect(isNavigationAllowed('offhook-app://app.evil/', APP)).toBe(false);
  });
});

type Listener = (event: NavigationEvent, url?: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    on: ((event: string, listener: Listener) => listeners.set(event, listener)) as GuardedContents['on'],
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
  };
  const fire = (event: string, url?: string) => {
    const e = { preventDefault: vi.fn() };
    listeners.get(event)!(e, url);
    return e.preventDefault;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('guardWebContents', () => {
  function setup() {
    const fake = fakeContents();
    const openExternal = vi.fn(() => Promise.resolve());
    const onBlocked = vi.fn();
    guardWebContents(fake.contents, { appOrigin: APP, openExternal, onBlocked });
    return { ...fake, openExternal, onBlocked };
  }

  it('blocks navigation and redirects away from the app', () => {
    const { fire, onBlocked } = setup();
    expect(fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(onBlocked).toHaveBeenCalledWith('navigation', 'https://evil.example');
  });

  it('reads the target from the event when Electron provides it there', () => {
    const { contents } = fakeContents();
    const listeners: Record<string, (event: NavigationEvent, url: string) => void> = {};
    guardWebContents(
      { ...contents, on: ((name: string, l: (event: NavigationEvent, url: string) => void) => (listeners[name] = l)) as GuardedContents['on'] },
      { appOrigin: APP, openExternal: () => Promise.resolve() },
    );
    const preventDefault = vi.fn();
    listeners['will-navigate']!({ preventDefault, url: 'https://evil.example/' }, 'offhook-app://app/');
    expect(preventDefault).toHaveBeenCalled();
  });

  it('lets the app navigate within itself', () => {
    const { fire } = setup();
    expect(fire('will-navigate', 'offhook-app://app/index.html')).not.toHaveBeenCalled();
  });

  it('blocks webviews', () => {
    expect(setup().fire('will-attach-webview')).toHaveBeenCalled();
  });

  it('denies every new window; web links go to the browser, nothing else does', () => {
    const { open, openExternal } = setup();
    expect(open('https://offhook.io/help')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://offhook.io/help');
    for (const url of ['file:///etc/passwd', 'offhook-app://app/', 'javascript:alert(1)', 'about:blank', 'smb://x/y']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledOnce();
  });
});

describe('permissions', () => {
  it.each(['media', 'notifications', 'speaker-selection', 'fullscreen'])('grants %s to the app', (permission) => {
    expect(isPermissionGranted({ permission, origin: APP, appOrigin: APP })).toBe(true);
  });

  it.each(['geolocation', 'midi', 'midiSysex', 'hid', 'usb', 'serial', 'clipboard-read', 'display-capture', 'openExternal', 'pointerLock', 'unknown'])(
    'denies %s even to the app',
    (permission) => {
      expect(isPermissionGranted({ permission, origin: APP, appOrigin: APP })).toBe(false);
    },
  );

  it('denies everything to other origins', () => {
    for (const permission of GRANTED_PERMISSIONS) {
      expect(isPermissionGranted({ permission, origin: 'https://evil.example', appOrigin: APP })).toBe(false);
      expect(isPermissionGranted({ permission, origin: null, appOrigin: APP })).toBe(false);
    }
  });

  it('installs request and check handlers that apply the same decision', () => {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | undefined;
    installPermissionHandlers(
      { setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) },
      APP,
    );
    const own = { getURL: () => `${APP}/index.html` };
    const evil = { getURL: () => 'https://evil.example/' };

    const granted = vi.fn();
    request!(own, 'media', granted, { requestingUrl: `${APP}/index.html` });
    request!(own, 'geolocation', granted, { requestingUrl: `${APP}/index.html` });
    request!(own, 'media', granted, { requestingUrl: 'https://evil.example/frame' });
    request!(evil, 'media', granted, {});
    expect(granted.mock.calls).toEqual([[true], [false], [false], [false]]);

    expect(check!(own, 'media', APP, {})).toBe(true);
    expect(check!(null, 'media', APP, {})).toBe(true);
    expect(check!(own, 'media', 'https://evil.example', {})).toBe(false);
    expect(check!(own, 'hid', APP, {})).toBe(false);
  });
});
