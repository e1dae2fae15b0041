/**
 * Links as the OS hands them to main. The shared grammar (src-preload/links.ts) has its own
 * table; this one is main's whole intake, hostile input first.
 */
import { describe, expect, it } from 'vitest';
import { parseIncomingLink } from '../../../../src-main/links/parse-incoming-link';

const NOW = 1_800_000_000;
const parse = (raw: unknown) => parseIncomingLink(raw, NOW);

describe('parseIncomingLink: numbers', () => {
  it.each([
    ['tel:+1 (555) 010-9999', '+15550109999', 'tel'],
    ['tel:+86-10-1234-5678;phone-context=+86', '+861012345678', 'tel'],
    ['TEL:1002', '1002', 'tel'],
    ['callto:1002', '1002', 'callto'],
    ['callto://+44.20.7946.0958', '+442079460958', 'callto'],
    ['sip:1002@pbx.example.com', '1002', 'sip'],
    ['sip:alice@pbx.example.com;transport=wss?subject=hi', 'alice', 'sip'],
    ['sips:%2B15550109999@pbx.example.com', '+15550109999', 'sips'],
    ['offhook:1002', '1002', 'offhook'],
    ['offhook://call?number=1002', '1002', 'offhook'],
    ['offhook://call?number=+442079460958', '+442079460958', 'offhook'],
    ['offhook:call?number=%2B44%2020%207946%200958', '+442079460958', 'offhook'],
    ['tel:*72#', '*72#', 'tel'],
    ['  tel:1002  ', '1002', 'tel'],
  ])('%s → dial %s', (raw, number, source) => {
    expect(parse(raw)).toEqual({ kind: 'dial', number, source });
  });
});

describe('parseIncomingLink: provisioning', () => {
  const server = encodeURIComponent('wss://pbx.example.com:8089/ws');

  it('carries what the link says, for the sign-in form', () => {
    expect(parse(`offhook://provision?server=${server}&extension=1001&authName=ann&displayName=Ann%20Lee&expires=${NOW + 600}`)).toEqual({
      kind: 'provision',
      server: 'wss://pbx.example.com:8089/ws',
      extension: '1001',
      authName: 'ann',
      displayName: 'Ann Lee',
    });
  });

  it.each([
    [`offhook://provision?server=${server}&expires=${NOW - 1}`, 'expired'],
    ['offhook://provision?server=https%3A%2F%2Fpbx.example.com', 'unsafe'],
    ['offhook://provision?server=javascript%3Aalert(1)', 'unsafe'],
    ['offhook://provision?server=wss%3A%2F%2Fann%3Apw%40pbx.example.com%2Fws', 'unsafe'],
    ['offhook://provision?server=wss%3A%2F%2Fpbx.example.com&server=wss%3A%2F%2Fevil.example', 'malformed'],
    ['offhook://provision?server=wss%3A%2F%2Fpbx.example.com&autoSignIn=1', 'malformed'],
    ['offhook://provision?expires=tomorrow', 'malformed'],
    ['offhook://provision?extension=1001%0AExec%3Devil', 'unsafe'],
    ['offhook://provision?displayName=%E2%80%AEtxt.exe', 'unsafe'],
  ])('refuses %s (%s)', (raw, reason) => {
    expect(parse(raw)).toMatchObject({ kind: 'refused', reason });
  });
});

describe('parseIncomingLink: hostile input', () => {
  it.each([
    ['markup', 'tel:<script>alert(1)</script>', 'unsafe'],
    ['encoded markup', 'tel:%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'unsafe'],
    ['double-encoded bidi override', 'tel:%25E2%2580%25AE1002', 'unsafe'],
    ['a right-to-left override', 'tel:\u202e2001', 'unsafe'],
    ['a zero-width space', 'tel:10\u200b02', 'unsafe'],
    ['a NUL byte', 'tel:1002%00', 'unsafe'],
    ['a raw line break', 'tel:1002\r\nX-Evil: 1', 'unsafe'],
    ['an HTML attribute breakout', 'sip:"><img src=x onerror=alert(1)>@x', 'unsafe'],
    ['a javascript: number', 'offhook://call?number=javascript:alert(1)', 'unsafe'],
    ['shell metacharacters', 'callto:1002`id`', 'unsafe'],
    ['letters in a telephone number', 'tel:1-800-FLOWERS', 'malformed'],
    ['full-width digits', 'tel:１００２', 'malformed'],
    ['an empty number', 'tel:', 'malformed'],
    ['broken percent-encoding', 'tel:%E0%A4%A', 'malformed'],
    ['a very long number', `tel:${'1'.repeat(40)}`, 'malformed'],
    ['an overlong link', `tel:${'1'.repeat(600)}`, 'too-long'],
    ['exactly one character too many', `tel:${'1'.repeat(509)}`, 'too-long'],
    ['another scheme', 'https://evil.example/?tel=1002', 'unsupported'],
    ['a file URL', 'file:///etc/passwd', 'unsupported'],
    ['no scheme', '1002', 'malformed'],
    ['an empty string', '', 'malformed'],
    ['only spaces', '   ', 'malformed'],
    ['not a string', 42, 'malformed'],
  ])('refuses %s', (_label, raw, reason) => {
    const link = parse(raw);
    expect(link).toMatchObject({ kind: 'refused', reason });
  });

  it('never echoes the link in the refusal', () => {
    const secret = 's3cret-pa55word';
    for (const raw of [
      `offhook://provision?password=${secret}&bogus=1`,
      `offhook://provision?password=${secret}&server=wss%3A%2F%2Fu%3A${secret}%40h`,
      `tel:${secret}`,
      `tel:${secret}${'1'.repeat(600)}`,
      `tel:${secret}\u202e`,
    ]) {
      expect(JSON.stringify(parse(raw))).not.toContain(secret);
    }
  });

  it('takes a provisioning password only for the form (the user still presses Sign in)', () => {
    expect(parse('offhook://provision?extension=1001&password=pw')).toEqual({ kind: 'provision', extension: '1001', password: 'pw' });
  });
});
