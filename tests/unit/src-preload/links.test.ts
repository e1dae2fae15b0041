import { describe, expect, it } from 'vitest';
import { parseLink } from '../../../src-preload/links';

const NOW = 1_800_000_000;

describe('parseLink: click-to-call', () => {
  it.each([
    ['tel:+86-10-1234-5678', '+861012345678', 'tel'],
    ['tel:(555) 123.4567;phone-context=example.com', '5551234567', 'tel'],
    ['callto:1002', '1002', 'callto'],
    ['callto://1002', '1002', 'callto'],
    ['sip:1002@pbx.example.com', '1002', 'sip'],
    ['sips:1002@pbx.example.com;transport=tls', '1002', 'sips'],
    ['SIP:alice.smith@pbx.example.com', 'alice.smith', 'sip'],
    ['offhook:1002', '1002', 'offhook'],
    ['offhook://1002/', '1002', 'offhook'],
    ['offhook://call?number=%2B44%2020%207946%200958', '+442079460958', 'offhook'],
    ['tel:*72', '*72', 'tel'],
  ])('%s dials %s', (link, number, source) => {
    expect(parseLink(link, NOW)).toEqual({ kind: 'dial', number, source });
  });

  it.each([
    ['tel:<script>alert(1)</script>', 'unsafe'],
    ['sip:"><img src=x onerror=alert(1)>@x', 'unsafe'],
    ['tel:%3Cscript%3E', 'unsafe'],
    ['offhook://call?number=javascript:alert(1)', 'unsafe'],
    ['callto:1002`rm -rf`', 'unsafe'],
    ['tel:', 'malformed'],
    ['tel:abc', 'malformed'],
    ['tel:%E0%A4%A', 'malformed'],
    ['sip:@example.com', 'malformed'],
    ['sip:al ice@example.com', 'malformed'],
    ['1002', 'malformed'],
    ['', 'malformed'],
    ['http://example.com/?tel=1', 'unsupported'],
    ['file:///etc/passwd', 'unsupported'],
    [`tel:${'1'.repeat(600)}`, 'too-long'],
    [`tel:${'1'.repeat(40)}`, 'malformed'],
  ])('refuses %s (%s)', (link, reason) => {
    expect(parseLink(link, NOW)).toMatchObject({ kind: 'refused', reason });
  });
});

describe('parseLink: provisioning', () => {
  it('fills what the link carries, never more', () => {
    expect(
      parseLink(`offhook://provision?server=${encodeURIComponent('wss://pbx.example.com:8089/ws')}&extension=1001&displayName=%E5%BC%A0%E4%B8%89&expires=${NOW + 60}`, NOW),
    ).toEqual({ kind: 'provision', server: 'wss://pbx.example.com:8089/ws', extension: '1001', displayName: '张三' });
  });

  it('keeps a password for the form (the user still presses Sign in)', () => {
    expect(parseLink('offhook://provision?extension=1001&password=s3cret', NOW)).toEqual({ kind: 'provision', extension: '1001', password: 's3cret' });
  });

  it.each([
    [`offhook://provision?server=wss://x/ws&expires=${NOW - 1}`, 'expired'],
    ['offhook://provision?server=https://pbx.example.com', 'unsafe'],
    ['offhook://provision?server=not a url', 'malformed'],
    ['offhook://provision?expires=soon', 'malformed'],
    ['offhook://provision?extension=1001;drop', 'malformed'],
  ])('refuses %s (%s)', (link, reason) => {
    expect(parseLink(link, NOW)).toMatchObject({ kind: 'refused', reason });
  });
});

describe('parseLink: hidden characters and provisioning hardening', () => {
  it.each([
    ['tel:\u202e1002', 'unsafe'],
    ['tel:10%E2%80%AE02', 'unsafe'],
    ['offhook://provision?displayName=a%0Ab', 'unsafe'],
    ['offhook://provision?server=wss://a/ws&server=wss://b/ws', 'malformed'],
    ['offhook://provision?server=wss://a/ws&autoSignIn=1', 'malformed'],
    ['offhook://provision?server=wss%3A%2F%2Fu%3Ap%40pbx.example.com%2Fws', 'unsafe'],
  ])('refuses %j (%s)', (link, reason) => {
    expect(parseLink(link, NOW)).toMatchObject({ kind: 'refused', reason });
  });

  it("keeps the '+' of offhook://call?number=+44…", () => {
    expect(parseLink('offhook://call?number=+442079460958', NOW)).toEqual({ kind: 'dial', number: '+442079460958', source: 'offhook' });
  });
});
