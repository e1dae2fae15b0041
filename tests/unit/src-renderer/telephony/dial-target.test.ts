import { describe, expect, it } from 'vitest';
import { toDialTarget } from '../../../../src-renderer/telephony/dial-target';

const D = 'pbx.example.com';

describe('toDialTarget', () => {
  it('turns an extension into a URI in the account domain', () => {
    expect(toDialTarget('200', D)).toEqual({ ok: true, uri: 'sip:200@pbx.example.com', number: '200' });
  });

  it.each([
    ['+86 (10) 1234-5678', '+861012345678'],
    ['555.123.4567', '5551234567'],
    ['  201  ', '201'],
    ['1\u00a02\u20113', '123'], // no-break space, non-breaking hyphen
    ['*97', '*97'],
    ['#123#', '#123#'],
  ])('drops separators: %j → %s', (input, number) => {
    expect(toDialTarget(input, D)).toEqual({ ok: true, uri: `sip:${number}@${D}`, number });
  });

  it('takes a SIP URI as it is (scheme lower-cased)', () => {
    expect(toDialTarget('sip:alice@example.org', D)).toEqual({ ok: true, uri: 'sip:alice@example.org', number: 'alice' });
    expect(toDialTarget('SIPS:bob@10.0.0.1:5061', D)).toEqual({ ok: true, uri: 'sips:bob@10.0.0.1:5061', number: 'bob' });
    expect(toDialTarget('sip:carol@[2001:db8::1]', D)).toMatchObject({ ok: true, uri: 'sip:carol@[2001:db8::1]' });
  });

  it('adds the scheme to user@host', () => {
    expect(toDialTarget('alice@example.org', D)).toEqual({ ok: true, uri: 'sip:alice@example.org', number: 'alice' });
  });

  it('refuses empty input', () => {
    expect(toDialTarget('', D)).toEqual({ ok: false, reason: 'empty' });
    expect(toDialTarget('   \t', D)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses overlong input', () => {
    expect(toDialTarget('1'.repeat(257), D)).toEqual({ ok: false, reason: 'too-long' });
    expect(toDialTarget(`sip:${'a'.repeat(300)}@x.org`, D)).toEqual({ ok: false, reason: 'too-long' });
    // Between 64 and 256 characters a number is refused too, and says why.
    expect(toDialTarget('1'.repeat(65), D)).toEqual({ ok: false, reason: 'too-long' });
    expect(toDialTarget('1'.repeat(64), D).ok).toBe(true);
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>@evil.example',
    'sip:<script>@evil.example',
    'sip:alice@evil.example;transport=tcp?Subject=<x>',
    'sip:alice@evil.example/<script>',
    'sip:"bob"@example.org',
    'javascript:alert(1)',
    'javascript:alert(1)@example.org',
    'sip:user:password@example.org',
    'alice@',
    '@example.org',
    'sip:@example.org',
    'sip:alice',
    'sip:al ice@example.org',
    '12;34',
    '1/2',
    'ext:200',
  ])('refuses garbage or script-like input: %j', (input) => {
    expect(toDialTarget(input, D)).toEqual({ ok: false, reason: 'invalid' });
  });
});
