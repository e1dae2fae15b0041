/**
 * Locking the app down: the privileged app scheme and the sandbox (before `ready`), guards on
 * every WebContents, then the default session's permissions, CSP and app-scheme handler.
 */
import { readFile } from 'node:fs/promises';
import type { App, Protocol, Shell } from 'electron';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../windows/app-protocol';
import {
  buildContentSecurityPolicy,
  guardWebContents,
  installCspHeaders,
  installHidPermissionHandlers,
  installPermissionHandlers,
} from '../windows/security';
import { APP_SCHEME, type AppLocation } from './app-origin';
import type { Logger } from './logger';

export function secureBeforeReady({ app, protocol, shell, location, log }: { app: App; protocol: Protocol; shell: Shell; location: AppLocation; log: Logger }): void {
  // Must happen before `ready`.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      appOrigin: location.origin,
      openExternal: (url) => shell.openExternal(url),
      onBlocked: (what, origin) => log.warn(`blocked ${what}`, { origin }),
    });
  });
}

/** `rendererDir`: the built renderer, served on the app scheme in a bundled build. */
export function secureSession(input: { session: (typeof import('electron'))['session']; protocol: Protocol; location: AppLocation; rendererDir: string }): void {
  const { session, protocol, location } = input;
  const csp = buildContentSecurityPolicy({ allowInlineStyleElements: location.kind === 'dev' });
  installPermissionHandlers(session.defaultSession, location.origin);
  installHidPermissionHandlers(session.defaultSession, location.origin);
  installCspHeaders(session.defaultSession.webRequest, { appOrigin: location.origin, csp });
  if (location.kind === 'bundled') {
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: input.rendererDir, readFile, csp }));
  }
}
