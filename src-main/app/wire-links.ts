/**
 * Links (K4) from the OS: macOS hands them over as events, Windows and Linux start a second copy
 * with the link in its command line. They are queued for the renderer until it is ready.
 */
import type { App } from 'electron';
import { HIDDEN_ARG } from '../autostart/autostart';
import type { SendEvent } from '../ipc/events';
import { createLinkRouter, linksFromArgv, type LinkRouter } from '../links/link-router';
import { parseIncomingLink } from '../links/parse-incoming-link';
import type { Logger } from './logger';

export interface LinkWiring {
  links: LinkRouter;
  receiveLinks(raws: readonly string[]): void;
}

/** `showWindow`: shows the main window if it exists yet. */
export function wireLinks({ app, log, sendEvent, showWindow }: { app: App; log: Logger; sendEvent: SendEvent; showWindow(): void }): LinkWiring {
  const links = createLinkRouter({
    parse: (raw) => parseIncomingLink(raw),
    deliver: (link) => {
      sendEvent('link', link);
    },
    onDropped: () => log.warn('link queue full: the oldest waiting link was dropped'),
  });

  function receiveLinks(raws: readonly string[]): void {
    for (const raw of raws) {
      const link = links.receive(raw);
      // Never the link itself: a provisioning link can carry a password.
      log.info('link received', link.kind === 'refused' ? { kind: link.kind, reason: link.reason } : { kind: link.kind });
    }
    // The user clicked a link: show the phone (after start-up, start() does this for early links).
    if (raws.length > 0) showWindow();
  }

  // macOS delivers links as events, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receiveLinks([url]);
  });

  // Windows and Linux: the OS starts a second copy with the link; the lock hands us its argv.
  app.on('second-instance', (_event, argv) => {
    const raws = linksFromArgv(argv);
    if (raws.length > 0) return receiveLinks(raws);
    // Started again by hand: show the phone. A second login launch (--hidden) changes nothing.
    if (!argv.includes(HIDDEN_ARG)) showWindow();
  });

  return { links, receiveLinks };
}
