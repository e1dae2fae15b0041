/**
 * B1/C1: the company directory. One short connection per request (bind, paged search, unbind):
 * directories close idle connections, and the renderer keeps the listing itself (cache + search
 * index), so requests are few. Written against a small client port so tests can run it without a
 * server, and against the real slapd through ldap-client.ts.
 */
import type {
  DirectoryFailure,
  DirectoryFailureReason,
  DirectoryPerson,
  DirectorySearchRequest,
  DirectorySearchResult,
  DirectorySettings,
  DirectoryTestResult,
} from '../../src-preload/contract';
import { buildSearchFilter, requestedAttributes } from './ldap-filter';
import { mapEntry, type LdapEntry } from './ldap-entry';

export interface LdapConnectOptions {
  url: string;
  verifyCertificate: boolean;
  /** For the connection and each operation. */
  timeoutMs: number;
}

export interface LdapSearchOptions {
  filter: string;
  attributes: string[];
  pageSize: number;
}

/** The part of an LDAP client we use (ldapts' Client, adapted in ldap-client.ts). */
export interface LdapClientPort {
  bind(dn: string, password: string): Promise<void>;
  /** Server pages (paged results control), one at a time; stopping early abandons the rest. */
  searchPages(base: string, options: LdapSearchOptions): AsyncIterable<LdapEntry[]>;
  unbind(): Promise<void>;
}

export interface DirectoryServiceOptions {
  settings(): DirectorySettings;
  /** The 'ldap-password' secret; read on each request, never kept. */
  password(): string | null;
  connect(options: LdapConnectOptions): LdapClientPort;
  timeoutMs?: number;
  /** Told about each failure: reason and English message only, never the password. */
  onFailure?(failure: DirectoryFailure): void;
}

export interface DirectoryService {
  search(request: DirectorySearchRequest): Promise<DirectorySearchResult>;
  test(settings: DirectorySettings): Promise<DirectoryTestResult>;
}

export const DEFAULT_PAGE_SIZE = 200;

/** Why a request failed, from ldapts' error classes and Node's socket errors. */
export function classifyLdapError(error: unknown): { reason: DirectoryFailureReason; message: string } {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  if (name === 'InvalidCredentialsError' || code === 49) return { reason: 'bad-credentials', message: 'the server refused the bind DN or password' };
  if (name === 'NoSuchObjectError' || code === 32) return { reason: 'no-such-base', message: 'the base DN does not exist on the server' };
  // ldapts' filter parser throws plain Errors that name the problem.
  if (name === 'Error' && /filter|paren|Invalid attribute name|Invalid expression/i.test(text)) return { reason: 'bad-filter', message: 'the search filter is not valid LDAP filter syntax' };
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE'].includes(code)) {
      return { reason: 'unreachable', message: `cannot reach the server (${code})` };
    }
    if (code === 'ETIMEDOUT') return { reason: 'timeout', message: 'the server did not answer in time' };
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) return { reason: 'tls', message: `the server's certificate was not accepted (${code})` };
  }
  if (/timeout|timed out/i.test(text)) return { reason: 'timeout', message: 'the server did not answer in time' };
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|socket hang up|connection closed|Connection closed/i.test(text)) return { reason: 'unreachable', message: 'cannot reach the server' };
  return { reason: 'failed', message: `the directory request failed (${name || 'error'})` };
}

function failure(reason: DirectoryFailureReason, message: string): DirectoryFailure {
  return { ok: false, reason, message };
}

export function createDirectoryService(options: DirectoryServiceOptions): DirectoryService {
  const timeoutMs = options.timeoutMs ?? 8000;

  /** Reads pages until it has `want + 1` people (so it knows whether there is more). */
  async function run(settings: DirectorySettings, query: string, skip: number, take: number): Promise<{ people: DirectoryPerson[]; hasMore: boolean } | DirectoryFailure> {
    if (!settings.url || !settings.baseDn.trim()) return failure('not-configured', 'no directory URL or base DN is set');
    const client = options.connect({ url: settings.url, verifyCertificate: settings.verifyCertificate, timeoutMs });
    try {
      if (settings.bindDn.trim()) await client.bind(settings.bindDn.trim(), options.password() ?? '');
      const people: DirectoryPerson[] = [];
      const want = skip + take + 1;
      const search = {
        filter: buildSearchFilter(settings, query),
        attributes: requestedAttributes(settings),
        pageSize: Math.min(Math.max(take, 50), 1000),
      };
      outer: for await (const page of client.searchPages(settings.baseDn.trim(), search)) {
        for (const entry of page) {
          people.push(mapEntry(entry, settings.attributes));
          if (people.length >= want) break outer;
        }
      }
      return { people: people.slice(skip, skip + take), hasMore: people.length > skip + take };
    } catch (error) {
      const { reason, message } = classifyLdapError(error);
      return failure(reason, message);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  const report = <T extends { ok: boolean }>(result: T): T => {
    if (!result.ok) options.onFailure?.(result as unknown as DirectoryFailure);
    return result;
  };

  return {
    async search({ query, page, pageSize = DEFAULT_PAGE_SIZE }) {
      const settings = options.settings();
      if (!settings.enabled) return report(failure('not-configured', 'the company directory is switched off'));
      const result = await run(settings, query, page * pageSize, pageSize);
      return report('ok' in result ? result : { ok: true as const, people: result.people, page, hasMore: result.hasMore });
    },
    async test(settings) {
      const result = await run(settings, '', 0, DEFAULT_PAGE_SIZE);
      return report('ok' in result ? result : { ok: true as const, count: result.people.length, hasMore: result.hasMore });
    },
  };
}
