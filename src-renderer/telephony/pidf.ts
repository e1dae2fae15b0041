/**
 * PIDF presence documents (RFC 3863) with the RPID person activities (RFC 4480) that desk phones
 * and PBXs use, read into the lamp states of B2; and the document Offhook publishes for J3.
 *
 * What the common sources send (see the unit tests for real-looking bodies):
 * - Kamailio pua_usrloc: one tuple, basic open while registered; no document once unregistered.
 * - Asterisk (res_pjsip_pidf): basic open/closed, `busy` activity plus a note "On the phone",
 *   "Ringing", "Ready", "Unavailable".
 * - FreeSWITCH: basic open, `on-the-phone` activity, note "On The Phone" / "Available".
 * - Yealink / Bria: `away`, `busy` (their do-not-disturb), `meal`, `vacation`, `on-the-phone`.
 * - Offhook: the activity below plus an RPID `other` naming its own status, and the status text as note.
 */
import type { MyStatus } from '../../src-preload/contract';
import type { PresenceState } from './presence-types';
import { children, descendants, parseXml, textOf, type XmlNode } from './xml-lite';

export const PIDF_TYPE = 'application/pidf+xml';

export interface PidfStatus {
  /** unregistered when every tuple is closed (or there is none). */
  state: Exclude<PresenceState, 'unknown'>;
  /** The note the person set (their status text), without notes that merely restate a state. */
  text: string;
}

/** RPID activity → status, for publishers that are not Offhook. */
const ACTIVITY: Record<string, PidfStatus['state']> = {
  away: 'away',
  'permanent-absence': 'off-work',
  busy: 'dnd',
  'do-not-disturb': 'dnd',
  dnd: 'dnd',
  meal: 'lunch',
  breakfast: 'lunch',
  dinner: 'lunch',
  lunch: 'lunch',
  travel: 'trip',
  'in-transit': 'trip',
  steering: 'trip',
  vacation: 'off-work',
  holiday: 'off-work',
  sleeping: 'off-work',
  'on-the-phone': 'on-call',
  'on-the-phone-with': 'on-call',
  ringing: 'ringing',
  appointment: 'dnd',
  meeting: 'dnd',
  presentation: 'dnd',
};

/** Notes PBXs generate to describe line state; they are not a person's status text. */
const STATE_NOTES: Record<string, PidfStatus['state'] | null> = {
  'on the phone': 'on-call',
  'on-the-phone': 'on-call',
  'in use': 'on-call',
  busy: null,
  ringing: 'ringing',
  ring: 'ringing',
  'on hold': 'on-call',
  ready: null,
  available: null,
  online: null,
  idle: null,
  unavailable: null,
  offline: null,
  away: null,
  'do not disturb': null,
  dnd: null,
};

const OFFHOOK: readonly MyStatus[] = ['available', 'away', 'dnd', 'lunch', 'trip', 'off-work'];

/**
 * Reads a PIDF body. Returns null for anything that is not a presence document; never throws.
 * An empty body (Kamailio when nobody published for the presentity) is reported by the caller.
 */
export function parsePidf(body: unknown): PidfStatus | null {
  const doc = parseXml(body);
  if (!doc || doc.name !== 'presence') return null;
  const tuples = children(doc, 'tuple');
  const basics = tuples.map((t) => textOf(descendants(t, 'basic')[0]).toLowerCase());
  const open = basics.includes('open');
  // The newest person element first: a server merges every publication for the presentity (a
  // second Offhook, a desk phone, a crashed client's left-over until it expires).
  const persons = [...children(doc, 'person'), ...descendants(doc, 'person').filter((p) => !doc.children.includes(p))]
    .map((p, i) => ({ p, i, at: Date.parse(textOf(children(p, 'timestamp')[0])) }))
    .sort((a, b) => (Number.isNaN(b.at) ? -Infinity : b.at) - (Number.isNaN(a.at) ? -Infinity : a.at) || a.i - b.i)
    .map((x) => x.p);

  const activities: string[] = [];
  let own: MyStatus | null = null;
  for (const p of persons) {
    for (const list of descendants(p, 'activities')) {
      for (const a of list.children) {
        if (a.name === 'other') {
          const named = textOf(a).toLowerCase() as MyStatus;
          if (OFFHOOK.includes(named)) own ??= named;
          else if (ACTIVITY[named]) activities.push(named);
        } else {
          activities.push(a.name);
        }
      }
    }
  }

  const notes = collectNotes(doc, persons, tuples);
  let noteState: PidfStatus['state'] | null = null;
  const personal: string[] = [];
  for (const n of notes) {
    const key = n.toLowerCase();
    if (key in STATE_NOTES) noteState ??= STATE_NOTES[key] ?? null;
    else personal.push(n);
  }
  const text = personal[0] ?? '';

  if (!open) {
    // Some phones publish closed + an activity for "away"; closed alone is signed out.
    return { state: 'unregistered', text };
  }
  if (noteState === 'on-call' || noteState === 'ringing') return { state: noteState, text };
  if (own) return { state: own, text };
  for (const a of activities) {
    const s = ACTIVITY[a];
    if (s) return { state: s, text };
  }
  return { state: 'available', text };
}

function collectNotes(doc: XmlNode, persons: XmlNode[], tuples: XmlNode[]): string[] {
  const out: string[] = [];
  const add = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      const t = textOf(n);
      if (t && !out.includes(t)) out.push(t);
    }
  };
  // the person's note is the status text; document and tuple notes come after it
  for (const p of persons) add(children(p, 'note'));
  add(children(doc, 'note'));
  for (const t of tuples) add(children(t, 'note'));
  return out;
}

const ACTIVITY_FOR: Record<MyStatus, string | null> = {
  available: null,
  away: 'away',
  dnd: 'busy',
  lunch: 'meal',
  trip: 'travel',
  'off-work': 'permanent-absence',
};

const escapeXml = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The PIDF Offhook publishes: basic open (the client runs), the RPID activity other phones
 * understand, an RPID `other` with the exact status for Offhook watchers, and the status text.
 */
export function buildPidf(entity: string, status: MyStatus, text: string, tupleId = 'offhook', at = new Date()): string {
  const activity = ACTIVITY_FOR[status];
  const acts = `${activity ? `<rpid:${activity}/>` : ''}<rpid:other>${status}</rpid:other>`;
  const note = text.trim() ? `<dm:note>${escapeXml(text.trim())}</dm:note>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" ` +
    `xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="${escapeXml(entity)}">\n` +
    `<tuple id="${escapeXml(tupleId)}"><status><basic>open</basic></status></tuple>\n` +
    `<dm:person id="p-${escapeXml(tupleId)}"><rpid:activities>${acts}</rpid:activities>${note}<dm:timestamp>${at.toISOString()}</dm:timestamp></dm:person>\n` +
    '</presence>\n'
  );
}
