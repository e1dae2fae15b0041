/** The LDAP client port over ldapts (a maintained, dependency-light TypeScript LDAP client). */
import { Client } from 'ldapts';
import type { LdapClientPort, LdapConnectOptions } from './directory-service';
import type { LdapEntry } from './ldap-entry';

export function connectLdap(options: LdapConnectOptions): LdapClientPort {
  const client = new Client({
    url: options.url,
    timeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
    // ldapts speaks TLS whenever tlsOptions is given, so only for ldaps://. Verification is off
    // only where the settings say the server's certificate is self-signed.
    ...(/^ldaps:/i.test(options.url) ? { tlsOptions: { rejectUnauthorized: options.verifyCertificate, minVersion: 'TLSv1.2' as const } } : {}),
  });
  return {
    bind: (dn, password) => client.bind(dn, password),
    async *searchPages(base, { filter, attributes, pageSize }) {
      for await (const result of client.searchPaginated(base, { scope: 'sub', filter, attributes, paged: { pageSize } })) {
        yield result.searchEntries as LdapEntry[];
      }
    },
    unbind: () => client.unbind(),
  };
}
