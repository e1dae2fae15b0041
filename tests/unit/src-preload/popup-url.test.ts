import { describe, expect, it } from 'vitest';
import { buildPopupUrl } from '../../../src-preload/popup-url';

describe('buildPopupUrl', () => {
  it('fills and URL-encodes the caller', () => {
    expect(buildPopupUrl('https://crm.example.com/find?n=$CallerNumber&who=$CallerDisplayName', { number: '+86 10 1234', name: '张三 & Co' })).toEqual({
      ok: true,
      url: 'https://crm.example.com/find?n=%2B86%2010%201234&who=%E5%BC%A0%E4%B8%89%20%26%20Co',
    });
  });

  it('a caller name cannot change the host, path or scheme', () => {
    const r = buildPopupUrl('https://crm.example.com/c/$CallerDisplayName', { number: '1', name: '../../evil.example/?x=' });
    expect(r).toEqual({ ok: true, url: 'https://crm.example.com/c/..%2F..%2Fevil.example%2F%3Fx%3D' });
  });

  it.each([
    ['', 'not-configured'],
    ['   ', 'not-configured'],
    ['javascript:alert($CallerNumber)', 'unsafe-scheme'],
    ['file:///etc/passwd', 'unsafe-scheme'],
    ['crm.example.com/$CallerNumber', 'invalid-url'],
    ['https://user:pw@crm.example.com/', 'invalid-url'],
  ])('refuses %j (%s)', (template, reason) => {
    expect(buildPopupUrl(template, { number: '1', name: 'x' })).toEqual({ ok: false, reason });
  });
});

describe('buildPopupUrl: the caller cannot choose the site', () => {
  it.each(['https://$CallerDisplayName/', 'https://$CallerNumber.crm.example.com/', 'https://crm.example.com:$CallerNumber/'])('%s', (template) => {
    expect(buildPopupUrl(template, { number: '443', name: 'evil.example' })).toEqual({ ok: false, reason: 'invalid-url' });
  });
});
