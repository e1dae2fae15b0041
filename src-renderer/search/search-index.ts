/**
 * F1/B1/C1: the unified search behind "Search or dial" and the colleague and contact lists.
 *
 * A prebuilt in-memory index over three segments (colleagues, personal contacts, call log), each
 * with its text folded, Chinese names' pinyin and initials, and numbers as digits, all computed
 * when a segment is set, never per keystroke. A query ranks exact > prefix > contains, and on a
 * tie colleagues before contacts before the call log. Typing on (the new query extends the last)
 * only re-checks the last query's matches, so each keystroke gets cheaper.
 */
import { digitsOf, foldText, isNumberQuery, numberVariants } from './normalize';
import { pinyinKeys } from './pinyin';

export const SEGMENTS = ['colleague', 'contact', 'call'] as const;
export type SearchKind = (typeof SEGMENTS)[number];

export type NumberLabel = 'extension' | 'mobile' | 'business' | 'home' | 'other' | 'number';

export interface SearchEntry {
  kind: SearchKind;
  /** Unique within its kind. */
  id: string;
  name: string;
  /** The first one is what a text match calls. */
  numbers: Array<{ label: NumberLabel; value: string }>;
  email: string;
  company: string;
  /** A line under the name: department, title… */
  detail: string;
}

/** 0 exact · 1 prefix (of the value or of a word in it) · 2 contains. */
export type Tier = 0 | 1 | 2;

export interface SearchHit {
  entry: SearchEntry;
  tier: Tier;
  /** What Enter calls: the matched number for a number query, else the entry's first. */
  number: string;
  numberLabel: NumberLabel | null;
}

export interface SearchResult {
  hits: SearchHit[];
  /** All matches, beyond the cap. */
  total: number;
}

interface Segment {
  entries: SearchEntry[];
  /** Folded name, pinyin, initials, email and company, separated so no match spans two. */
  text: string[];
  name: string[];
  pinyin: string[];
  initials: string[];
  email: string[];
  company: string[];
  /** Each number's digits, and all of them joined (the quick pre-check). */
  digits: string[][];
  digitText: string[];
}

const SEP = '\u0001';

function buildSegment(entries: SearchEntry[]): Segment {
  const n = entries.length;
  const seg: Segment = {
    entries,
    text: new Array(n),
    name: new Array(n),
    pinyin: new Array(n),
    initials: new Array(n),
    email: new Array(n),
    company: new Array(n),
    digits: new Array(n),
    digitText: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const name = foldText(e.name);
    const py = pinyinKeys(e.name);
    const email = foldText(e.email);
    const company = foldText(e.company);
    // Kept aligned with e.numbers (an empty one never matches).
    const digits = e.numbers.map((x) => digitsOf(x.value));
    seg.name[i] = name;
    seg.pinyin[i] = py.full;
    seg.initials[i] = py.initials;
    seg.email[i] = email;
    seg.company[i] = company;
    seg.digits[i] = digits;
    seg.digitText[i] = digits.join(SEP);
    seg.text[i] = [name, py.full, py.initials, email, company].join(SEP);
  }
  return seg;
}

function wordPrefix(value: string, q: string): boolean {
  if (value.startsWith(q)) return true;
  // A later word: "alice smith" for "smi", "alice@x" for "x" is not a word start.
  return value.includes(` ${q}`);
}

/**
 * The tier of a text match, or -1. `need` is the best tier still worth knowing: once the prefix
 * bucket is full nothing of tier 2 can be shown, so only "exact or not" is asked (the cheap part).
 */
function textTier(seg: Segment, i: number, q: string, compact: string, need: Tier): Tier | -1 {
  if (!seg.text[i]!.includes(q) && !(compact !== q && seg.pinyin[i]!.includes(compact))) return -1;
  const name = seg.name[i]!;
  const py = seg.pinyin[i]!;
  const ini = seg.initials[i]!;
  const email = seg.email[i]!;
  if (name === q || email === q || (py && (py === compact || ini === compact)) || seg.company[i] === q) return 0;
  if (need === 0) return 2;
  if (wordPrefix(name, q) || email.startsWith(q) || (py && (py.startsWith(compact) || ini.startsWith(compact))) || wordPrefix(seg.company[i]!, q)) return 1;
  return 2;
}

function textMatches(seg: Segment, i: number, q: string, compact: string): boolean {
  return seg.text[i]!.includes(q) || (compact !== q && seg.pinyin[i]!.includes(compact));
}

function matchesAnyNumber(seg: Segment, i: number, variants: string[]): boolean {
  const hay = seg.digitText[i]!;
  for (const v of variants) if (hay.includes(v)) return true;
  return false;
}

/** Tier and which number matched. */
function numberTier(seg: Segment, i: number, variants: string[]): [Tier | -1, number] {
  const hay = seg.digitText[i]!;
  if (!variants.some((v) => hay.includes(v))) return [-1, -1];
  let best: Tier | -1 = -1;
  let which = -1;
  const digits = seg.digits[i]!;
  for (let k = 0; k < digits.length; k++) {
    const d = digits[k]!;
    for (const v of variants) {
      const t: Tier | -1 = d === v ? 0 : d.startsWith(v) ? 1 : d.includes(v) ? 2 : -1;
      if (t !== -1 && (best === -1 || t < best)) {
        best = t;
        which = k;
      }
    }
  }
  return [best, which];
}

interface LastQuery {
  mode: 'text' | 'number';
  keys: string[];
  /** Per segment: indices that matched. */
  matches: Int32Array[];
}

export class SearchIndex {
  private segments: Segment[] = SEGMENTS.map(() => buildSegment([]));
  private last: LastQuery | null = null;

  /** Replaces one segment's entries (an O(n) rebuild; pinyin is remembered per name). */
  set(kind: SearchKind, entries: SearchEntry[]): void {
    this.segments[SEGMENTS.indexOf(kind)] = buildSegment(entries);
    this.last = null;
  }

  size(kind?: SearchKind): number {
    return kind ? this.segments[SEGMENTS.indexOf(kind)]!.entries.length : this.segments.reduce((n, s) => n + s.entries.length, 0);
  }

  search(query: string, options: { limit?: number; kinds?: readonly SearchKind[] } = {}): SearchResult {
    const limit = options.limit ?? 50;
    const text = query.trim();
    if (!text) {
      this.last = null;
      return { hits: [], total: 0 };
    }
    const mode = isNumberQuery(text) ? 'number' : 'text';
    const q = foldText(text);
    const keys = mode === 'number' ? numberVariants(text) : [q];
    const compact = q.replace(/\s+/g, '');
    // Narrow when the query extends the last one in the same way (each key extends its old key).
    const last = this.last;
    const narrow = last !== null && last.mode === mode && last.keys.length === keys.length && keys.every((k, i) => k.startsWith(last.keys[i]!));

    const tiers: SearchHit[][] = [[], [], []];
    const matches: Int32Array[] = [];
    let total = 0;
    for (let s = 0; s < this.segments.length; s++) {
      const seg = this.segments[s]!;
      const wanted = !options.kinds || options.kinds.includes(SEGMENTS[s]!);
      const candidates = narrow ? last.matches[s]! : null;
      const count = candidates ? candidates.length : seg.entries.length;
      const found = new Int32Array(wanted ? count : 0);
      let nFound = 0;
      if (wanted) {
        for (let c = 0; c < count; c++) {
          const i = candidates ? candidates[c]! : c;
          // Full buckets need no tiers: once exact and prefix hold `limit`, nothing else shows.
          const need: Tier | 3 = tiers[0]!.length >= limit ? 3 : tiers[1]!.length >= limit ? 0 : 2;
          let tier: Tier | -1;
          let which = 0;
          if (need === 3) tier = mode === 'number' ? (matchesAnyNumber(seg, i, keys) ? 2 : -1) : textMatches(seg, i, q, compact) ? 2 : -1;
          else if (mode === 'number') [tier, which] = numberTier(seg, i, keys);
          else tier = textTier(seg, i, q, compact, need);
          if (tier === -1) continue;
          found[nFound++] = i;
          const bucket = tiers[tier]!;
          if (need !== 3 && bucket.length < limit) {
            const entry = seg.entries[i]!;
            const num = entry.numbers[which] ?? entry.numbers[0];
            bucket.push({ entry, tier, number: num?.value ?? '', numberLabel: num?.label ?? null });
          }
        }
      }
      total += nFound;
      matches.push(found.subarray(0, nFound));
    }
    // A search limited to some kinds keeps no narrowing state for the others.
    this.last = options.kinds ? null : { mode, keys, matches };
    return { hits: [...tiers[0]!, ...tiers[1]!, ...tiers[2]!].slice(0, limit), total };
  }
}
