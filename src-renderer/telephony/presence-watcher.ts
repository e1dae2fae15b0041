/**
 * B2: live lamps for the colleagues someone is looking at. For every wanted extension one presence
 * (RFC 3856, PIDF) and one dialog (RFC 4235) subscription; they come and go as the wanted set
 * changes, so a directory of 500 only costs what is on screen plus the favourites.
 *
 * - Changes to the wanted set settle for `settleMs` before anything is sent, and an extension that
 *   scrolls away keeps its subscriptions for `lingerMs` (scrolling back costs nothing).
 * - At most `maxInFlight` SUBSCRIBEs wait for their first answer at a time (Gate): a jump to 500
 *   does not flood the PBX or the WebSocket, and the first rows are answered first.
 * - Every NOTIFY updates the lamp synchronously; nothing batches the way out.
 */
import { DialogTracker, DIALOG_INFO_TYPE, type LineState } from './dialog-info';
import { Emitter } from './emitter';
import { EventSubscription, Gate } from './event-subscription';
import { parsePidf, PIDF_TYPE, type PidfStatus } from './pidf';
import type { PresenceInfo, PresenceState } from './presence-types';
import type { SubscribeUa } from './subscriber-port';
import type { Timers } from './voicemail';

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface PresenceWatcherOptions {
  /** SIP domain for bare extensions: "1002" → sip:1002@domain. */
  domain: string;
  /** Subscription lifetime asked for, seconds. */
  expires?: number;
  maxInFlight?: number;
  settleMs?: number;
  lingerMs?: number;
  timers?: Timers;
  random?: () => number;
  now?: () => number;
}

export const UNKNOWN_PRESENCE: PresenceInfo = Object.freeze({ state: 'unknown', text: '', changedAt: 0 });

/** The lamp: a call (ringing or talking) wins over the status the person chose. */
export function combine(status: PidfStatus | null, line: LineState): { state: PresenceState; text: string } {
  const text = status?.text ?? '';
  if (line === 'ringing') return { state: 'ringing', text };
  if (line === 'on-call') return { state: 'on-call', text };
  return { state: status?.state ?? 'unknown', text };
}

class Watched {
  status: PidfStatus | null = null;
  readonly dialogs = new DialogTracker();
  info: PresenceInfo = UNKNOWN_PRESENCE;
  unwantedSince: number | null = null;
  subs: EventSubscription[] = [];
}

export interface PresenceWatcherStats {
  watched: number;
  inFlight: number;
  queued: number;
}

export class PresenceWatcher extends Emitter<{ change: { extension: string; info: PresenceInfo } }> {
  private readonly entries = new Map<string, Watched>();
  private wanted: string[] = [];
  private readonly gate: Gate;
  private readonly timers: Timers;
  private readonly now: () => number;
  private settleTimer: unknown = null;
  private sweepTimer: unknown = null;
  private stopped = false;

  constructor(
    private readonly ua: SubscribeUa,
    private readonly options: PresenceWatcherOptions,
  ) {
    super();
    this.gate = new Gate(options.maxInFlight ?? 32);
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
  }

  /** The extensions to watch, most important first (that is the order they are subscribed in). */
  setWanted(extensions: Iterable<string>): void {
    if (this.stopped) return;
    this.wanted = [...new Set([...extensions].map((e) => e.trim()).filter(Boolean))];
    if (this.settleTimer !== null) return;
    const settle = this.options.settleMs ?? 30;
    if (settle <= 0) {
      this.apply();
      return;
    }
    this.settleTimer = this.timers.setTimeout(() => {
      this.settleTimer = null;
      this.apply();
    }, settle);
  }

  info(extension: string): PresenceInfo {
    return this.entries.get(extension)?.info ?? UNKNOWN_PRESENCE;
  }

  stats(): PresenceWatcherStats {
    return { watched: this.entries.size, inFlight: this.gate.inFlight, queued: this.gate.waiting };
  }

  /** Unsubscribes everything (sign-out, lost registration). The watcher cannot be restarted. */
  stop(): void {
    this.stopped = true;
    for (const t of [this.settleTimer, this.sweepTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.settleTimer = this.sweepTimer = null;
    for (const e of this.entries.values()) for (const s of e.subs) s.stop();
    this.entries.clear();
  }

  private apply(): void {
    if (this.stopped) return;
    const wanted = new Set(this.wanted);
    for (const ext of this.wanted) {
      const e = this.entries.get(ext);
      if (e) e.unwantedSince = null;
      else this.add(ext);
    }
    const now = this.now();
    let lingering = false;
    for (const [ext, e] of this.entries) {
      if (wanted.has(ext)) continue;
      e.unwantedSince ??= now;
      lingering = true;
    }
    if (lingering) this.scheduleSweep();
  }

  private scheduleSweep(): void {
    if (this.sweepTimer !== null) return;
    this.sweepTimer = this.timers.setTimeout(() => {
      this.sweepTimer = null;
      this.sweep();
    }, this.options.lingerMs ?? 5000);
  }

  private sweep(): void {
    const linger = this.options.lingerMs ?? 5000;
    const now = this.now();
    let more = false;
    for (const [ext, e] of this.entries) {
      if (e.unwantedSince === null) continue;
      if (now - e.unwantedSince >= linger) {
        for (const s of e.subs) s.stop();
        this.entries.delete(ext);
        if (e.info !== UNKNOWN_PRESENCE) this.emit('change', { extension: ext, info: UNKNOWN_PRESENCE });
      } else {
        more = true;
      }
    }
    if (more) this.scheduleSweep();
  }

  private add(ext: string): void {
    const e = new Watched();
    this.entries.set(ext, e);
    const target = ext.includes('@') ? (ext.startsWith('sip:') ? ext : `sip:${ext}`) : `sip:${ext}@${this.options.domain}`;
    const common = {
      ua: this.ua,
      target,
      expires: this.options.expires ?? 3600,
      gate: this.gate,
      timers: this.timers,
      random: this.options.random ?? Math.random,
    };
    const presence = new EventSubscription({
      ...common,
      event: 'presence',
      accept: PIDF_TYPE,
      lane: 0,
      onNotify: (body, contentType) => {
        if (body.trim() === '') {
          // Kamailio and others send no document when nobody published for the presentity:
          // with registration publishing presence (pua_usrloc, Asterisk hints), that is "not signed in".
          e.status = { state: 'unregistered', text: '' };
        } else {
          if (contentType && !contentType.toLowerCase().includes('pidf')) return;
          const parsed = parsePidf(body);
          if (!parsed) return;
          e.status = parsed;
        }
        this.update(ext, e);
      },
    });
    const dialog = new EventSubscription({
      ...common,
      event: 'dialog',
      accept: DIALOG_INFO_TYPE,
      // the status of everyone on screen first; calls change few lamps
      lane: 1,
      onRestart: () => e.dialogs.reset(),
      onNotify: (body, contentType) => {
        if (contentType && !contentType.toLowerCase().includes('dialog-info')) return;
        // an empty body is "no dialogs" (nobody published dialog state)
        if (body.trim() === '') e.dialogs.reset();
        else if (!e.dialogs.apply(body)) return;
        this.update(ext, e);
      },
    });
    e.subs = [presence, dialog];
    presence.start();
    dialog.start();
  }

  private update(ext: string, e: Watched): void {
    if (this.entries.get(ext) !== e) return;
    const next = combine(e.status, e.dialogs.state);
    if (next.state === e.info.state && next.text === e.info.text) return;
    e.info = Object.freeze({ ...next, changedAt: this.now() });
    this.emit('change', { extension: ext, info: e.info });
  }
}
