import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, contentTypeFor, createAppProtocolHandler, resolveAppFile } from '../../../../src-main/windows/app-protocol';

const ROOT = '/opt/offhook/resources/app.asar/out/renderer';
const at = (...segments: string[]) => path.join(ROOT, ...segments);

describe('APP_SCHEME_PRIVILEGES', () => {
  it('makes the scheme a standard, secure, fetchable, streamable origin', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'offhook-app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    });
  });
});

describe('resolveAppFile', () => {
  it.each([
    ['offhook-app://app/', at('index.html')],
    ['offhook-app://app', at('index.html')],
    ['offhook-app://app/index.html', at('index.html')],
    ['offhook-app://app/assets/index-3f2a.js', at('assets', 'index-3f2a.js')],
    ['offhook-app://app/assets/index-3f2a.js?v=1#x', at('assets', 'index-3f2a.js')],
    ['offhook-app://app/sounds/ring%20tone.ogg', at('sounds', 'ring tone.ogg')],
    ['offhook-app://app/settings/audio', at('index.html')],
    // dot segments the URL parser itself resolves stay inside the root
    ['offhook-app://app/assets/../index.html', at('index.html')],
    ['offhook-app://app/../../../index.html', at('index.html')],
    ['offhook-app://app/%2e%2e/%2e%2e/index.html', at('index.html')],
    ['offhook-app://app/%2e%2e', at('index.html')],
  ])('maps %s to a file under the root', (url, expected) => {
    expect(resolveAppFile(url, ROOT)).toEqual({ ok: true, filePath: expected });
  });

  it.each([
    'offhook-app://app/..%2f..%2fpackage.json',
    'offhook-app://app/..%2F..%2F..%2Fetc%2Fpasswd',
    'offhook-app://app/assets/..%2f..%2f..%2fmain%2findex.cjs',
    'offhook-app://app/%2e%2e%2fpackage.json',
    'offhook-app://app/..%5c..%5cpackage.json',
    'offhook-app://app/assets%2f..%2f..%2fpackage.json',
    'offhook-app://app/%2fetc%2fpasswd',
    'offhook-app://app/C:%5cWindows%5cwin.ini',
    'offhook-app://app/index.html%00.png',
    'offhook-app://app/.env',
    'offhook-app://app/%E0%A4%A',
  ])('refuses %s', (url) => {
    const result = resolveAppFile(url, ROOT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect([400, 403]).toContain(result.status);
  });

  it.each(['https://app/index.html', 'offhook-app://evil/index.html', 'file:///etc/passwd', 'nonsense'])('refuses the non-app URL %s', (url) => {
    expect(resolveAppFile(url, ROOT).ok).toBe(false);
  });

  it('keeps Windows paths inside the root too', () => {
    const winRoot = 'C:\\Program Files\\Offhook\\resources\\app.asar\\out\\renderer';
    expect(resolveAppFile('offhook-app://app/assets/a.js', winRoot, path.win32)).toEqual({
      ok: true,
      filePath: `${winRoot}\\assets\\a.js`,
    });
    for (const url of ['offhook-app://app/..%5c..%5cx.js', 'offhook-app://app/C:%5cx.js', 'offhook-app://app/%5c%5cserver%5cshare%5cx.js']) {
      expect(resolveAppFile(url, winRoot, path.win32).ok).toBe(false);
    }
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer’s file types', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/ring.ogg')).toBe('audio/ogg');
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
  });
});

describe('createAppProtocolHandler', () => {
  const files: Record<string, string> = {
    [at('index.html')]: '<!doctype html><script type="module" src="/assets/app.js"></script>',
    [at('assets', 'app.js')]: 'console.log(1)',
  };
  const readFile = vi.fn(async (p: string) => {
    const text = files[p];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return Buffer.from(text);
  });
  const handler = createAppProtocolHandler({ rootDir: ROOT, readFile, csp: "default-src 'self'" });

  it('serves index.html with the CSP and a content type', async () => {
    const response = await handler({ url: 'offhook-app://app/', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(files[at('index.html')]);
  });

  it('serves assets', async () => {
    const response = await handler({ url: 'offhook-app://app/assets/app.js', method: 'GET' });
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body', async () => {
    const response = await handler({ url: 'offhook-app://app/assets/app.js', method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('returns 404 for a missing file', async () => {
    expect((await handler({ url: 'offhook-app://app/assets/missing.js', method: 'GET' })).status).toBe(404);
  });

  it('refuses traversal without reading anything', async () => {
    readFile.mockClear();
    const response = await handler({ url: 'offhook-app://app/..%2f..%2f..%2fmain%2findex.cjs', method: 'GET' });
    expect(response.status).toBe(400);
    expect(readFile).not.toHaveBeenCalled();
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler({ url: 'offhook-app://app/', method: 'POST' })).status).toBe(405);
  });
});
