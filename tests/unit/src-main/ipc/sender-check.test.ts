import { describe, expect, it } from 'vitest';
import { createSenderCheck } from '../../../../src-main/ipc/sender-check';

describe('createSenderCheck', () => {
  const bundled = createSenderCheck('offhook-app://app');
  const dev = createSenderCheck('http://127.0.0.1:5173');

  it.each([
    'offhook-app://app/',
    'offhook-app://app/index.html',
    'offhook-app://app/settings?tab=audio#x',
    'OFFHOOK-APP://APP/',
  ])('accepts the bundled app page %s', (url) => {
    expect(bundled(url)).toBe(true);
  });

  it.each([
    'offhook-app://evil/',
    'offhook-app://app.evil.example/',
    'offhook://app/',
    'https://app/',
    'https://evil.example/',
    'file:///work/main/out/renderer/index.html',
    'about:blank',
    'data:text/html,<script>',
    'blob:offhook-app://app/123',
    '',
    'not a url',
    null,
    undefined,
  ])('refuses %s for the bundled app', (url) => {
    expect(bundled(url)).toBe(false);
  });

  it('compares host and port exactly in development', () => {
    expect(dev('http://127.0.0.1:5173/')).toBe(true);
    expect(dev('http://127.0.0.1:5174/')).toBe(false);
    expect(dev('http://localhost:5173/')).toBe(false);
    expect(dev('https://127.0.0.1:5173/')).toBe(false);
    expect(dev('http://127.0.0.1:5173.evil.example/')).toBe(false);
    expect(dev('offhook-app://app/')).toBe(false);
  });
});
