/**
 * Click-to-call and provisioning links on their way from the OS to the renderer (K4, A2).
 *
 * Links come from the first launch's argv, from `second-instance` (Windows, Linux: the OS starts
 * a second copy with the link, the single-instance lock hands its argv to us) and from `open-url`
 * (macOS, possibly before the app is ready). Each is parsed at once; until the renderer says it
 * is ready (rendererReady) parsed links wait in a bounded queue, then go out in order.
 */
import type { IncomingLink } from '../../src-preload/contract';

export const LINK_SCHEMES = ['sip', 'sips', 'tel', 'callto', 'offhook'] as const;
export const LINK_QUEUE_LIMIT = 20;
/** A command line carries one link; a few more is generous, hundreds is an attack. */
const MAX_LINKS_PER_ARGV = 5;

const LINK_ARG = new RegExp(`^(${LINK_SCHEMES.join('|')}):`, 'i');

/** The arguments of a command line that are links for us (flags and paths are skipped). */
export function linksFromArgv(argv: readonly string[]): string[] {
  return argv.filter((arg) => typeof arg === 'string' && LINK_ARG.test(arg)).slice(0, MAX_LINKS_PER_ARGV);
}

export interface LinkRouterOptions {
  parse(raw: string): IncomingLink;
  deliver(link: IncomingLink): void;
  /** Told when the queue was full and the oldest link was dropped (it says nothing about the link). */
  onDropped?(): void;
  limit?: number;
}

export interface LinkRouter {
  /** A raw link from the OS. Returns what it parsed to. */
  receive(raw: string): IncomingLink;
  /** The renderer can handle events: deliver what waited, then deliver directly. */
  ready(): void;
  /** The renderer went away (reload, crash, window closed): queue again. */
  notReady(): void;
  isReady(): boolean;
  pending(): number;
}

export function createLinkRouter({ parse, deliver, onDropped, limit = LINK_QUEUE_LIMIT }: LinkRouterOptions): LinkRouter {
  const queue: IncomingLink[] = [];
  let ready = false;

  return {
    receive(raw) {
      const link = parse(raw);
      if (ready) {
        deliver(link);
      } else {
        queue.push(link);
        while (queue.length > limit) {
          queue.shift();
          onDropped?.();
        }
      }
      return link;
    },
    ready() {
      ready = true;
      while (queue.length > 0) deliver(queue.shift()!);
    },
    notReady() {
      ready = false;
    },
    isReady: () => ready,
    pending: () => queue.length,
  };
}
