import { describe, expect, it } from 'vitest';
import { BUNDLED_ORIGIN, isSameOrigin, originOf, parseDevUrl, resolveAppLocation } from '../../../../src-main/app/app-origin';

describe('originOf', () => {
  it.each([
    ['offhook-app://app/index.html', 'offhook-app://app'],
    ['offhook-app://APP/x', 'offhook-app://app'],
    ['http://127.0.0.1:5173/src/main.ts', 'http://127.0.0.1:5173'],
    ['https://Example.com:443/a', 'https://example.com'],
    ['http://evil@127.0.0.1:5173/', 'http://127.0.0.1:5173'],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it.each(['about:blank', 'data:text/html,x', 'file:///etc/passwd', 'javascript:alert(1)', '', 'nope', null, undefined])(
    '%s has no origin',
    (url) => {
      expect(originOf(url)).toBeNull();
    },
  );

  it('isSameOrigin compares whole origins, not prefixes', () => {
    expect(isSameOrigin('offhook-app://app/x', BUNDLED_ORIGIN)).toBe(true);
    expect(isSameOrigin('offhook-app://app.evil/x', BUNDLED_ORIGIN)).toBe(false);
    expect(isSameOrigin('offhook-app://app:1/x', BUNDLED_ORIGIN)).toBe(false);
  });
});

describe('resolveAppLocation', () => {
  it('serves the bundled renderer by default', () => {
    expect(resolveAppLocation({ devUrl: undefined, isPackaged: false })).toEqual({
      kind: 'bundled',
      origin: 'offhook-app://app',
      startUrl: 'offhook-app://app/',
    });
  });

  it('uses the dev server when OFFHOOK_DEV_URL is set in an unpackaged build', () => {
    expect(resolveAppLocation({ devUrl: 'http://127.0.0.1:5173', isPackaged: false })).toEqual({
      kind: 'dev',
      origin: 'http://127.0.0.1:5173',
      startUrl: 'http://127.0.0.1:5173/',
    });
  });

  it('ignores OFFHOOK_DEV_URL in a packaged app', () => {
    expect(resolveAppLocation({ devUrl: 'http://127.0.0.1:5173', isPackaged: true }).kind).toBe('bundled');
  });

  it.each(['https://evil.example', 'http://192.168.1.10:5173', 'file:///tmp/index.html', 'ws://127.0.0.1:5173', 'garbage', ''])(
    'ignores the dev URL %s',
    (devUrl) => {
      expect(parseDevUrl(devUrl, false)).toBeNull();
    },
  );

  it.each(['http://localhost:5173', 'http://[::1]:5173/', 'https://127.0.0.1:8443'])('accepts the loopback dev URL %s', (devUrl) => {
    expect(parseDevUrl(devUrl, false)).not.toBeNull();
  });
});
