/**
 * Serves the built renderer (out/renderer) over the privileged app scheme. The scheme makes the
 * page a secure context with a real origin: getUserMedia, IndexedDB and our sender checks all
 * need one, and file:// gives none.
 */
import nodePath from 'node:path';
import { APP_HOST, APP_SCHEME } from '../app/app-origin';

/** Passed to protocol.registerSchemesAsPrivileged before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
} as const;

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

export type AppFileResolution =
  | { ok: true; filePath: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** Characters no asset name has, that could change the meaning of a path once decoded. */
const FORBIDDEN_IN_SEGMENT = /[/\\\0:]/;

/**
 * Map a request URL to a file under `rootDir`, or refuse. Each path segment is decoded on its
 * own and rejected if it decodes to a separator or a dot segment, so `..%2f`, `%2e%2e`, `..%5c`
 * and friends cannot climb out; the resolved path is then checked to be inside `rootDir` anyway.
 * Extension-less paths get index.html (client-side routes).
 */
export function resolveAppFile(requestUrl: string, rootDir: string, path: PathApi = nodePath): AppFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) {
    return { ok: false, status: 404, reason: 'not an app URL' };
  }

  const segments: string[] = [];
  for (const raw of url.pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed escape' };
    }
    if (segment.startsWith('.') || FORBIDDEN_IN_SEGMENT.test(segment)) {
      return { ok: false, status: 400, reason: 'forbidden path segment' };
    }
    segments.push(segment);
  }
  const last = segments.at(-1);
  if (last === undefined || !last.includes('.')) {
    segments.splice(0, segments.length, 'index.html');
  }

  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  const relative = path.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  return { ok: true, filePath };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[nodePath.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppProtocolOptions {
  rootDir: string;
  readFile(filePath: string): Promise<Uint8Array>;
  csp: string;
  path?: PathApi;
}

export type AppProtocolHandler = (request: { url: string; method: string }) => Promise<Response>;

/** The protocol.handle callback for the app scheme. */
export function createAppProtocolHandler({ rootDir, readFile, csp, path }: AppProtocolOptions): AppProtocolHandler {
  const baseHeaders = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
  const refuse = (status: number, text: string) =>
    new Response(text, { status, headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method Not Allowed');
    const resolved = resolveAppFile(request.url, rootDir, path);
    if (!resolved.ok) return refuse(resolved.status, resolved.status === 404 ? 'Not Found' : 'Bad Request');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(resolved.filePath);
    } catch {
      return refuse(404, 'Not Found');
    }
    const headers = { ...baseHeaders, 'Content-Type': contentTypeFor(resolved.filePath), 'Cache-Control': 'no-cache' };
    // Copied into a fresh ArrayBuffer-backed view: Response does not take Node's pooled buffers.
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes), { status: 200, headers });
  };
}
