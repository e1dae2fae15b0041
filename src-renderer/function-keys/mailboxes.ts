/**
 * J13 voicemail keys: one message-summary subscription per watched mailbox (sip:<ext>@domain),
 * kept in step with the keys. Emits each mailbox's waiting flag for the lamps.
 */
import { Emitter } from '../telephony/emitter';
import { VoicemailWatcher, type Timers } from '../telephony/voicemail';
import type { SubscribeUa } from '../telephony/subscriber-port';

export interface MailboxLamp {
  extension: string;
  waiting: boolean;
  newCount: number | null;
}

export class MailboxWatchers extends Emitter<{ lamp: MailboxLamp }> {
  private readonly watchers = new Map<string, VoicemailWatcher>();

  constructor(
    private readonly ua: SubscribeUa,
    private readonly domain: string,
    private readonly timers?: Timers,
  ) {
    super();
  }

  /** Subscribes to new mailboxes and ends subscriptions for mailboxes no key watches any more. */
  set(extensions: readonly string[]): void {
    const wanted = new Set(extensions);
    for (const [ext, w] of this.watchers) {
      if (!wanted.has(ext)) {
        w.stop();
        this.watchers.delete(ext);
      }
    }
    for (const ext of wanted) {
      if (this.watchers.has(ext)) continue;
      const w = new VoicemailWatcher(this.ua, { target: `sip:${ext}@${this.domain}`, timers: this.timers });
      w.on('status', (s) => this.emit('lamp', { extension: ext, waiting: s.waiting, newCount: s.newCount }));
      this.watchers.set(ext, w);
      w.start();
    }
  }

  get watching(): string[] {
    return [...this.watchers.keys()];
  }

  stop(): void {
    this.set([]);
  }
}
