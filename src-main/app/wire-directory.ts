/** B1/C1: the company directory service over ldapts, the settings and the 'ldap-password' secret. */
import { connectLdap } from '../directory/ldap-client';
import { createDirectoryService, type DirectoryService } from '../directory/directory-service';
import type { SecretService } from '../settings/secret-service';
import type { SettingsService } from '../settings/settings-service';
import type { Logger } from './logger';

export interface DirectoryInput {
  settings: Pick<SettingsService, 'get'>;
  secrets: Pick<SecretService, 'get'>;
  log: Logger;
}

export function wireDirectory(input: DirectoryInput): DirectoryService {
  return createDirectoryService({
    settings: () => input.settings.get().directory,
    password: () => input.secrets.get('ldap-password'),
    connect: connectLdap,
    // The reason and a fixed English sentence: no password, DN or typed query.
    onFailure: ({ reason, message }) => input.log.warn('directory request failed', { reason, message }),
  });
}
