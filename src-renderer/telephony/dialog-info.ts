/**
 * The dialog event package (RFC 4235), as BLF lamps use it: is the colleague ringing, or on a call?
 * Bodies may be "full" (the whole list) or "partial" (only changed dialogs), so a tracker keeps the
 * dialogs of one subscription.
 */
import { children, parseXml, textOf } from './xml-lite';

export const DIALOG_INFO_TYPE = 'application/dialog-info+xml';

export type DialogPhase = 'trying' | 'proceeding' | 'early' | 'confirmed' | 'terminated';

export interface DialogEntry {
  id: string;
  phase: DialogPhase;
  /** 'initiator' = the colleague placed the call, 'recipient' = it is ringing at them. */
  direction: 'initiator' | 'recipient' | null;
}

export interface DialogInfo {
  version: number | null;
  full: boolean;
  dialogs: DialogEntry[];
}

const PHASES = new Set<DialogPhase>(['trying', 'proceeding', 'early', 'confirmed', 'terminated']);

/** Reads a dialog-info body; null for anything else. Never throws. */
export function parseDialogInfo(body: unknown): DialogInfo | null {
  const doc = parseXml(body);
  if (!doc || doc.name !== 'dialog-info') return null;
  const v = Number.parseInt(doc.attrs.version ?? '', 10);
  const dialogs: DialogEntry[] = [];
  children(doc, 'dialog').forEach((d, i) => {
    const phase = textOf(children(d, 'state')[0]).toLowerCase() as DialogPhase;
    if (!PHASES.has(phase)) return;
    const dir = (d.attrs.direction ?? '').toLowerCase();
    dialogs.push({
      id: d.attrs.id || d.attrs['call-id'] || `#${i}`,
      phase,
      direction: dir === 'initiator' || dir === 'recipient' ? dir : null,
    });
  });
  return { version: Number.isFinite(v) && v >= 0 ? v : null, full: (doc.attrs.state ?? 'full').toLowerCase() !== 'partial', dialogs };
}

export type LineState = 'idle' | 'ringing' | 'on-call';

/** The lamp for a set of dialogs: a call in progress wins over one ringing. */
export function lineState(dialogs: Iterable<DialogEntry>): LineState {
  let ringing = false;
  for (const d of dialogs) {
    if (d.phase === 'confirmed') return 'on-call';
    if (d.phase === 'terminated') continue;
    // an early dialog the colleague placed themselves is them dialling: busy, not ringing
    if (d.direction === 'initiator') return 'on-call';
    ringing = true;
  }
  return ringing ? 'ringing' : 'idle';
}

/** Dialogs of one subscription, following full and partial notifications in version order. */
export class DialogTracker {
  private readonly dialogs = new Map<string, DialogEntry>();
  private version: number | null = null;

  /** Applies a body; returns false when it was not dialog-info or was older than what we have. */
  apply(body: unknown): boolean {
    const info = parseDialogInfo(body);
    if (!info) return false;
    if (info.version !== null && this.version !== null && info.version < this.version && !info.full) return false;
    if (info.version !== null) this.version = info.version;
    if (info.full) this.dialogs.clear();
    for (const d of info.dialogs) {
      if (d.phase === 'terminated') this.dialogs.delete(d.id);
      else this.dialogs.set(d.id, d);
    }
    return true;
  }

  reset(): void {
    this.dialogs.clear();
    this.version = null;
  }

  get state(): LineState {
    return lineState(this.dialogs.values());
  }
}
