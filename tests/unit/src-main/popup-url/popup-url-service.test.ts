import { describe, expect, it, vi } from 'vitest';
import { callPageUrl, createPopupUrlService, isPopupUrlForCall, type PopupUrlSettings } from '../../../../src-main/popup-url/popup-url-service';
import type { PopupUrlRequest } from '../../../../src-preload/contract';

const CRM = 'https://crm.example.com/calls?from=$CallerNumber&name=$CallerDisplayName';

describe('callPageUrl', () => {
  it('fills in URL-encoded values', () => {
    expect(callPageUrl(CRM, { number: '+86 10 1234', name: '张三 & Co' })).toEqual({
      ok: true,
      url: 'https://crm.example.com/calls?from=%2B86%2010%201234&name=%E5%BC%A0%E4%B8%89%20%26%20Co',
    });
  });

  it.each([
    ['a query injection', { number: '1&admin=1', name: 'x' }, 'from=1%26admin%3D1'],
    ['a fragment injection', { number: '1#evil', name: 'x' }, 'from=1%23evil'],
    ['a path climb', { number: '../../admin', name: 'x' }, 'from=..%2F..%2Fadmin'],
    ['markup', { number: '1', name: '<script>alert(1)</script>' }, 'name=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['a CRLF', { number: '1', name: 'a\r\nSet-Cookie: x' }, 'name=a%0D%0ASet-Cookie%3A%20x'],
    ['a replacement pattern', { number: "$&$'", name: '$CallerNumber' }, 'from=%24%26%24%27&name=%24CallerNumber'],
  ])('keeps %s inside its parameter', (_label, caller, expected) => {
    const built = callPageUrl(CRM, caller);
    expect(built.ok).toBe(true);
    if (built.ok) {
      expect(built.url).toContain(expected);
      expect(new URL(built.url).host).toBe('crm.example.com');
    }
  });

  it('does not let a caller choose the site when the template puts a value in the host', () => {
    expect(callPageUrl('https://$CallerDisplayName/lookup', { number: '1', name: 'evil.example' })).toEqual({ ok: false, reason: 'invalid-url' });
    expect(callPageUrl('https://crm.example.com$CallerNumber/x', { number: '.evil.example', name: '' })).toEqual({ ok: false, reason: 'invalid-url' });
    expect(callPageUrl('https://$CallerNumber.crm.example.com/', { number: '1002', name: '' })).toEqual({ ok: false, reason: 'invalid-url' });
  });

  it.each([
    ['', 'not-configured'],
    ['javascript:alert("$CallerNumber")', 'unsafe-scheme'],
    ['file:///C:/Windows/System32/calc.exe?$CallerNumber', 'unsafe-scheme'],
    ['smb://crm/$CallerNumber', 'unsafe-scheme'],
    ['$CallerNumber', 'invalid-url'],
    ['https://user:pw@crm.example.com/?n=$CallerNumber', 'invalid-url'],
  ])('refuses %j (%s)', (template, reason) => {
    expect(callPageUrl(template, { number: 'javascript:alert(1)', name: 'x' })).toEqual({ ok: false, reason });
  });
});

describe('isPopupUrlForCall', () => {
  const config: PopupUrlSettings = { template: CRM, event: 'answered', internal: false, external: true };
  it('matches the event and the kind of call', () => {
    expect(isPopupUrlForCall(config, { event: 'answered', internal: false })).toBe(true);
    expect(isPopupUrlForCall(config, { event: 'answered', internal: true })).toBe(false);
    expect(isPopupUrlForCall(config, { event: 'ringing', internal: false })).toBe(false);
    expect(isPopupUrlForCall({ ...config, internal: true, external: false }, { event: 'answered', internal: true })).toBe(true);
  });
});

describe('popup URL service', () => {
  function setup(config: Partial<PopupUrlSettings> = {}) {
    const openExternal = vi.fn(async () => undefined);
    const service = createPopupUrlService({
      getSettings: () => ({ template: CRM, event: 'ringing', internal: false, external: true, ...config }),
      openExternal,
    });
    return { service, openExternal };
  }
  const request: PopupUrlRequest = { event: 'ringing', callerNumber: '+15550100', callerName: 'Ann', internal: false };

  it('opens the page for a matching call', async () => {
    const { service, openExternal } = setup();
    const result = await service.open(request);
    expect(result).toEqual({ ok: true, url: 'https://crm.example.com/calls?from=%2B15550100&name=Ann' });
    expect(openExternal).toHaveBeenCalledWith('https://crm.example.com/calls?from=%2B15550100&name=Ann');
  });

  it.each([
    ['no template', { template: '  ' }, request, 'not-configured'],
    ['another event', {}, { ...request, event: 'hung-up' as const }, 'not-for-this-call'],
    ['an internal call when only external ones are wanted', {}, { ...request, internal: true }, 'not-for-this-call'],
    ['an unsafe template', { template: 'file:///etc/passwd' }, request, 'unsafe-scheme'],
  ])('opens nothing for %s', async (_label, config, req, reason) => {
    const { service, openExternal } = setup(config);
    await expect(service.open(req)).resolves.toEqual({ ok: false, reason });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('tests a template with sample values, saved or not', async () => {
    const { service, openExternal } = setup({ template: '' });
    const result = await service.test('https://crm.example.com/find?q=$CallerNumber');
    expect(result).toMatchObject({ ok: true, url: expect.stringMatching(/^https:\/\/crm\.example\.com\/find\?q=%2B\d+$/) });
    expect(openExternal).toHaveBeenCalledOnce();
    await expect(service.test('javascript:alert(1)')).resolves.toEqual({ ok: false, reason: 'unsafe-scheme' });
    expect(openExternal).toHaveBeenCalledOnce();
  });
});
