// A small forgiving HTML parser: source text → element tree with source offsets. No HTML
// parser package is installed in the workspace, and the pages we read (CMS article pages,
// Word's "save as web page") need only a fraction of the HTML5 tree-construction rules: void
// elements, raw-text elements, and the implied end tags of <p>, <li> and table parts (Word and
// old CMSes leave </td>, </tr>, </p> out). Every node keeps its offset so readers can cite lines.

export interface HtmlText { type: 'text'; text: string; pos: number; end: number }
export interface HtmlElement { type: 'element'; tag: string; attrs: Record<string, string>; children: HtmlNode[]; pos: number }
export type HtmlNode = HtmlText | HtmlElement;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'basefont', 'frame', 'keygen']);
/** Content is not markup; title/textarea content is text, the rest is dropped by the readers anyway. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noscript', 'iframe', 'noembed', 'noframes']);
/** Start tags that end an open <p> (HTML's "closes a p element" list, abridged). */
const CLOSES_P = new Set(['p', 'div', 'table', 'ul', 'ol', 'dl', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'form', 'hr', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'main', 'address', 'center', 'fieldset', 'figure', 'dd', 'dt']);
const TABLE_SCOPE = new Set(['table']);
const CELL_SCOPE = new Set(['td', 'th', 'table', 'caption']);
const LIST_SCOPE = new Set(['ul', 'ol', 'td', 'th', 'table']);
/**
 * Deeper nesting is broken markup (thousands of unclosed <font>s): past it, elements other than
 * table parts stay empty, their content going to their parent, so readers' recursion is bounded.
 * Table parts may nest twice as deep (tables in tables), then they too stay empty.
 */
const MAX_DEPTH = 400;
const TABLE_PARTS = new Set(['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);

const NAMED: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  middot: '·', mdash: '—', ndash: '–', hellip: '…', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', bull: '•',
  times: '×', divide: '÷', plusmn: '±', deg: '°', le: '≤', ge: '≥', ne: '≠', permil: '‰', micro: 'µ', yen: '¥',
  copy: '©', reg: '®', trade: '™', sect: '§', para: '¶', laquo: '«', raquo: '»', shy: '\u00ad', sup2: '²', sup3: '³',
  frac12: '½', frac14: '¼', frac34: '¾', larr: '←', rarr: '→', uarr: '↑', darr: '↓', zwj: '\u200d', zwnj: '\u200c',
  radic: '√', infin: '∞', asymp: '≈', sum: '∑', cent: '¢', pound: '£', euro: '€',
};
/** Entities browsers also accept without the semicolon (the ones that turn up in real pages). */
const LEGACY = ['nbsp', 'amp', 'lt', 'gt', 'quot', 'copy', 'reg'];
/** Numeric references 0x80–0x9F mean windows-1252 characters (HTML spec). */
const CP1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}))(;?)/g, (m, dec, hex, name, semi) => {
    if (name === undefined) {
      const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex, 16);
      if (cp >= 0x80 && cp <= 0x9f) return CP1252[cp - 0x80]!;
      return cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
    }
    if (semi && NAMED[name] !== undefined) return NAMED[name];
    const legacy = LEGACY.find((l) => name.startsWith(l)); // `&nbsp` or `&nbspfoo`
    return legacy ? NAMED[legacy] + name.slice(legacy.length) + semi : m;
  });
}

/** Parse a page into a tree under a synthetic `#root` element. Never throws. */
export function parseHtml(src: string): HtmlElement {
  const root: HtmlElement = { type: 'element', tag: '#root', attrs: {}, children: [], pos: 0 };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  // How many of each tag are open: a tag that is not open is not searched for, so a page of a
  // million unclosed tags does not walk the whole stack at each one.
  const openTags = new Map<string, number>();
  const push = (el: HtmlElement) => { stack.push(el); openTags.set(el.tag, (openTags.get(el.tag) ?? 0) + 1); };
  const cut = (k: number) => {
    for (let j = k; j < stack.length; j++) openTags.set(stack[j]!.tag, openTags.get(stack[j]!.tag)! - 1);
    stack.length = k;
  };
  const anyOpen = (tags: Set<string>) => [...tags].some((t) => (openTags.get(t) ?? 0) > 0);
  const text = (from: number, to: number) => {
    const raw = src.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    top().children.push({ type: 'text', text: decodeEntities(raw), pos: from + lead, end: from + raw.trimEnd().length });
  };
  /** Pop up to and including the nearest open element named in `tags`, unless a `scope` element comes first. */
  const popTo = (tags: Set<string>, scope: Set<string>): boolean => {
    if (!anyOpen(tags)) return false;
    for (let k = stack.length - 1; k > 0; k--) {
      if (tags.has(stack[k]!.tag)) { cut(k); return true; }
      if (scope.has(stack[k]!.tag)) return false;
    }
    return false;
  };
  const has = (tag: string, scope: Set<string>) => {
    if (!openTags.get(tag)) return false;
    for (let k = stack.length - 1; k > 0; k--) { if (stack[k]!.tag === tag) return true; if (scope.has(stack[k]!.tag)) return false; }
    return false;
  };
  const open = (tag: string, attrs: Record<string, string>, pos: number, selfClosing: boolean): HtmlElement => {
    if (CLOSES_P.has(tag)) popTo(new Set(['p']), CELL_SCOPE);
    if (tag === 'li') popTo(new Set(['li']), LIST_SCOPE);
    if (tag === 'dt' || tag === 'dd') popTo(new Set(['dt', 'dd']), LIST_SCOPE);
    if (tag === 'td' || tag === 'th') {
      popTo(new Set(['td', 'th']), TABLE_SCOPE);
      if (!has('tr', TABLE_SCOPE) && has('table', new Set())) open('tr', {}, pos, false); // a cell needs a row
    }
    if (tag === 'tr') popTo(new Set(['tr']), TABLE_SCOPE);
    if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') popTo(new Set(['thead', 'tbody', 'tfoot']), TABLE_SCOPE);
    const el: HtmlElement = { type: 'element', tag, attrs, children: [], pos };
    top().children.push(el);
    if (!VOID.has(tag) && !selfClosing && (stack.length < MAX_DEPTH || (TABLE_PARTS.has(tag) && stack.length < 2 * MAX_DEPTH))) push(el);
    return el;
  };
  const close = (tag: string, pos: number) => {
    if (tag === 'br') return void open('br', {}, pos, true); // browsers read </br> as <br>
    if (tag === 'table') return void popTo(TABLE_SCOPE, new Set());
    if (tag === 'td' || tag === 'th' || tag === 'tr' || tag === 'thead' || tag === 'tbody' || tag === 'tfoot') return void popTo(new Set([tag]), TABLE_SCOPE);
    popTo(new Set([tag]), CELL_SCOPE); // a stray </div> in a cell must not close the table around it
  };

  const n = src.length;
  const tagName = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;
  let i = 0;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) { text(i, n); break; }
    if (lt > i) text(i, lt);
    if (src.startsWith('<!--', lt)) { const e = src.indexOf('-->', lt + 4); i = e < 0 ? n : e + 3; continue; }
    if (src[lt + 1] === '!' || src[lt + 1] === '?') { const e = src.indexOf('>', lt); i = e < 0 ? n : e + 1; continue; }
    tagName.lastIndex = lt;
    const m = tagName.exec(src);
    if (!m) { text(lt, lt + 1); i = lt + 1; continue; } // a literal '<'
    const tag = m[2]!.toLowerCase();
    // Attributes: name, optional = and a quoted or bare value, until an unquoted '>'.
    const attrs: Record<string, string> = {};
    let j = lt + m[0].length;
    let selfClosing = false;
    while (j < n && src[j] !== '>') {
      if (/[\s/]/.test(src[j]!)) { selfClosing = src[j] === '/'; j++; continue; }
      const nm = /[^\s/>=]+/y; nm.lastIndex = j;
      const name = nm.exec(src)?.[0] ?? src[j]!;
      j += name.length;
      while (/\s/.test(src[j] ?? '')) j++;
      let value = '';
      if (src[j] === '=') {
        j++;
        while (/\s/.test(src[j] ?? '')) j++;
        const q = src[j];
        if (q === '"' || q === "'") { const e = src.indexOf(q, j + 1); value = src.slice(j + 1, e < 0 ? n : e); j = e < 0 ? n : e + 1; }
        else { const bare = /[^\s>]*/y; bare.lastIndex = j; value = bare.exec(src)![0]; j += value.length; }
      }
      selfClosing = false;
      attrs[name.toLowerCase()] ??= decodeEntities(value);
    }
    i = j + 1;
    if (m[1]) { close(tag, lt); continue; }
    const el = open(tag, attrs, lt, selfClosing);
    if (RAW_TEXT.has(tag)) { // browsers ignore the slash in <script .../>: raw text runs to the end tag
      const endTag = new RegExp(`</${tag}(?=[\\s/>])`, 'gi');
      endTag.lastIndex = i;
      const end = endTag.exec(src)?.index ?? -1;
      const stop = end < 0 ? n : end;
      if (tag === 'title' || tag === 'textarea') text(i, stop);
      if (top() === el) cut(stack.length - 1);
      const gt = end < 0 ? -1 : src.indexOf('>', end);
      i = gt < 0 ? n : gt + 1;
    }
  }
  return root;
}
