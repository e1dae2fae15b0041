/**
 * A tiny, forgiving XML reader for the presence bodies (PIDF, dialog-info). The telephony core runs
 * in workers and unit tests without a DOM, and PBX bodies are often sloppy (missing prologue,
 * unbalanced tags, stray text), so this never throws: it returns the best tree it can.
 * Namespace prefixes are dropped: `dm:person`, `pp:person` and `person` are all `person`.
 */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const MAX_INPUT = 256 * 1024;
const MAX_DEPTH = 64;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1).toLowerCase();

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** The document's root element, or null when there is no element at all. */
export function parseXml(input: unknown): XmlNode | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_INPUT) return null;
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^>]*?)?)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(input)) !== null) {
    const top = stack[stack.length - 1]!;
    if (m.index > last) top.text += decodeEntities(input.slice(last, m.index));
    last = tag.lastIndex;
    if (m[5] !== undefined) {
      top.text += m[5];
      continue;
    }
    if (!m[2]) continue; // comment, processing instruction, doctype
    const name = localName(m[2]);
    if (m[1]) {
      // close the nearest open element of that name; an unmatched close tag is ignored
      for (let i = stack.length - 1; i > 0; i--) {
        if (stack[i]!.name === name) {
          stack.length = i;
          break;
        }
      }
      continue;
    }
    const attrs: Record<string, string> = {};
    const rawAttrs = m[3] ?? '';
    let a: RegExpExecArray | null;
    ATTR.lastIndex = 0;
    while ((a = ATTR.exec(rawAttrs)) !== null) attrs[localName(a[1]!)] = decodeEntities(a[3] ?? a[4] ?? '');
    const node: XmlNode = { name, attrs, children: [], text: '' };
    top.children.push(node);
    if (!m[4] && !rawAttrs.trimEnd().endsWith('/') && stack.length < MAX_DEPTH) stack.push(node);
  }
  return root.children[0] ?? null;
}

/** Direct children with that (local) name. */
export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every descendant with that (local) name, in document order. */
export function descendants(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/** All text below a node, whitespace collapsed. */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  const parts = [node.text, ...node.children.map(textOf)];
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
