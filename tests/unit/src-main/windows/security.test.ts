import { describe, expect, it, vi } from 'vitest';
import {
  buildContentSecurityPolicy,
  GRANTED_PERMISSIONS,
  guardWebContents,
  chooseHidDevice,
  installCspHeaders,
  installHidPermissionHandlers,
  installPermissionHandlers,
  isHidDeviceAllowed,
  isNavigationAllowed,
  isPermissionCheckGranted,
  isPermissionGranted,
  isTelephonyHidDevice,
  toExternalUrl,
  withContentSecurityPolicy,
  type GuardedContents,
  type HeadersReceivedPort,
  type HidDeviceDetails,
  type HidPermissionSession,
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
    // WebHID may be used by the app's page (per device, only headsets: see below), never by others.
    expect(check!(own, 'hid', APP, {})).toBe(true);
    expect(check!(own, 'hid', 'https://evil.example', {})).toBe(false);
    expect(check!(own, 'usb', APP, {})).toBe(false);
    expect(check!(own, 'serial', APP, {})).toBe(false);
  });

  it('lets the app pass the hid check, but never prompts for it', () => {
    expect(isPermissionCheckGranted({ permission: 'hid', origin: APP, appOrigin: APP })).toBe(true);
    expect(isPermissionCheckGranted({ permission: 'hid', origin: 'https://evil.example', appOrigin: APP })).toBe(false);
    expect(isPermissionCheckGranted({ permission: 'hid', origin: null, appOrigin: APP })).toBe(false);
    expect(isPermissionCheckGranted({ permission: 'media', origin: APP, appOrigin: APP })).toBe(true);
    expect(isPermissionCheckGranted({ permission: 'geolocation', origin: APP, appOrigin: APP })).toBe(false);
    expect(isPermissionGranted({ permission: 'hid', origin: APP, appOrigin: APP })).toBe(false);
  });
});

describe('WebHID permissions (headsets only)', () => {
  const headset: HidDeviceDetails = {
    deviceId: 'jabra',
    vendorId: 0x0b0e,
    productId: 0x0307,
    name: 'Jabra EVOLVE LINK MS',
    collections: [
      { usagePage: 0x0b, usage: 0x05 },
      { usagePage: 0xff00, usage: 0x05 },
      { usagePage: 0x0c, usage: 0x01 },
    ],
  };
  const phone: HidDeviceDetails = { deviceId: 'deskphone', vendorId: 1, productId: 2, collections: [{ usagePage: 0x0b, usage: 0x01 }] };
  const keyboard: HidDeviceDetails = { deviceId: 'kbd', vendorId: 0x046d, productId: 0xc31c, collections: [{ usagePage: 0x01, usage: 0x06 }, { usagePage: 0x0c, usage: 0x01 }] };
  const mouse: HidDeviceDetails = { deviceId: 'mouse', vendorId: 0x046d, productId: 0xc077, collections: [{ usagePage: 0x01, usage: 0x02 }] };
  const fido: HidDeviceDetails = { deviceId: 'key', vendorId: 0x1050, productId: 0x0407, collections: [{ usagePage: 0xf1d0, usage: 0x01 }] };
  // A gaming headset whose only top-level collections are consumer and vendor ones (Logitech G535).
  const consumerOnly: HidDeviceDetails = { deviceId: 'g535', vendorId: 0x046d, productId: 0x0ac4, collections: [{ usagePage: 0x0c, usage: 0x01 }, { usagePage: 0xff43, usage: 0x0202 }] };

  it('knows a telephony device by a Telephony (0x0B) top-level collection', () => {
    expect(isTelephonyHidDevice(headset)).toBe(true);
    expect(isTelephonyHidDevice(phone)).toBe(true);
    for (const device of [keyboard, mouse, fido, consumerOnly]) expect(isTelephonyHidDevice(device)).toBe(false);
    expect(isTelephonyHidDevice({ collections: [] })).toBe(false);
    expect(isTelephonyHidDevice({})).toBe(false);
    expect(isTelephonyHidDevice(null)).toBe(false);
  });

  it('grants device access only to the app, only for HID, only for telephony devices', () => {
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: APP, appOrigin: APP, device: headset })).toBe(true);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'https://evil.example', appOrigin: APP, device: headset })).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: null, appOrigin: APP, device: headset })).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'usb', origin: APP, appOrigin: APP, device: headset })).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'serial', origin: APP, appOrigin: APP, device: headset })).toBe(false);
    for (const device of [keyboard, mouse, fido, consumerOnly, undefined]) {
      expect(isHidDeviceAllowed({ deviceType: 'hid', origin: APP, appOrigin: APP, device })).toBe(false);
    }
  });

  it('picks a headset for requestDevice, never a keyboard or mouse', () => {
    expect(chooseHidDevice([keyboard, mouse, headset])).toBe('jabra');
    expect(chooseHidDevice([phone, headset])).toBe('jabra');
    expect(chooseHidDevice([keyboard, phone])).toBe('deskphone');
    expect(chooseHidDevice([keyboard, mouse, fido, consumerOnly])).toBeNull();
    expect(chooseHidDevice([])).toBeNull();
  });

  function installed() {
    let deviceHandler: Parameters<HidPermissionSession['setDevicePermissionHandler']>[0] | undefined;
    let select: Parameters<HidPermissionSession['on']>[1] | undefined;
    installHidPermissionHandlers(
      {
        setDevicePermissionHandler: (h) => (deviceHandler = h),
        on: (_event, listener) => (select = listener),
      },
      APP,
    );
    const choose = (deviceList: HidDeviceDetails[], frameUrl: string | null) => {
      const preventDefault = vi.fn();
      const callback = vi.fn();
      select!({ preventDefault }, { deviceList, frame: frameUrl === null ? null : { url: frameUrl } }, callback);
      return { preventDefault, callback };
    };
    return { deviceHandler: deviceHandler!, choose };
  }

  it('installs a device permission handler with the same decision', () => {
    const { deviceHandler } = installed();
    expect(deviceHandler({ deviceType: 'hid', origin: APP, device: headset })).toBe(true);
    expect(deviceHandler({ deviceType: 'hid', origin: `${APP}/`, device: headset })).toBe(true);
    expect(deviceHandler({ deviceType: 'hid', origin: APP, device: keyboard })).toBe(false);
    expect(deviceHandler({ deviceType: 'hid', origin: 'https://evil.example', device: headset })).toBe(false);
    expect(deviceHandler({ deviceType: 'usb', origin: APP, device: headset })).toBe(false);
  });

  it('answers select-hid-device itself (Electron would take the first device) with a headset', () => {
    const { choose } = installed();
    const picked = choose([keyboard, headset], `${APP}/index.html`);
    expect(picked.preventDefault).toHaveBeenCalledOnce();
    expect(picked.callback).toHaveBeenCalledExactlyOnceWith('jabra');

    const none = choose([keyboard, mouse], `${APP}/index.html`);
    expect(none.preventDefault).toHaveBeenCalledOnce();
    expect(none.callback).toHaveBeenCalledExactlyOnceWith();
  });

  it('cancels a chooser opened by another origin or a vanished frame', () => {
    const { choose } = installed();
    for (const frameUrl of ['https://evil.example/', null]) {
      const { preventDefault, callback } = choose([headset], frameUrl);
      expect(preventDefault).toHaveBeenCalledOnce();
      expect(callback).toHaveBeenCalledExactlyOnceWith();
    }
  });
});
