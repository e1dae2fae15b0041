/**
 * Splits message text into plain runs and http(s) links. The screen renders both as text nodes
 * (links inside <a>), so nothing in a message is ever interpreted as markup.
 */
export type Segment = { type: 'text'; text: string } | { type: 'link'; text: string; url: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends the sentence rather than the address. */
const TRAILING = /[.,;:!?'")\]}>。，；：！？、）】》]+$/;

export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0];
    const trail = TRAILING.exec(url);
    // A closing parenthesis that has its opening one inside the address stays.
    if (trail) url = url.slice(0, url.length - trail[0].length);
    if (url.endsWith('(')) continue;
    let valid = false;
    try {
      const u = new URL(url);
      valid = (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const start = match.index!;
    if (start > last) out.push({ type: 'text', text: text.slice(last, start) });
    out.push({ type: 'link', text: url, url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}
