// One PDF page → its elements. PDFium (pdfium.ts) gives the characters and painted paths;
// characters are joined into text runs by the rules pdfjs' text layer uses, so a run never
// spans a wide gap; ruling lines give each table's cell grid (grid.ts), and layout.ts makes
// table rows and lines of them. A page without a usable text layer (a scan, or glyphs without
// a Unicode mapping) is reported, never guessed at. This runs in the page workers (pool.ts),
// or on the calling thread when there are none.
// From core's own modules, not its index: the index pulls zod (0.1 s) into every page worker.
import { InputError } from '@ziping/core/errors';
import type { PageSize } from '@ziping/core';
import { apply, mul, rulingsOf, type Matrix } from './geometry.ts';
import { gridsOf } from './grid.ts';
import { pageElements, type Element, type Run } from './layout.ts';
import { dropEngine, glyphsOf, pathsOf, PdfiumDoc, type Glyph, type RawPage } from './pdfium.ts';

/** A stretch of text on one baseline: the string, its origin and direction (transform), and its length along the baseline. */
interface TextItem { str: string; transform: Matrix; width: number }

/** Characters that are never text: no Unicode mapping (private use, U+FFFD, control codes). */
const BAD = /[\uE000-\uF8FF\uFFFD\u0000-\u0008\u000E-\u001F]/gu;
/**
 * What the text of these documents is written in: Han, ASCII and Latin-1, Greek, kana, and
 * the punctuation, symbol, number and full-width blocks. Glyph ids read as code points
 * (a subset font without a ToUnicode map) land mostly elsewhere: Armenian, Ethiopic, Tibetan…
 */
const EXPECTED = /[\p{Script=Han}\p{Script=Greek}\p{Script=Hiragana}\p{Script=Katakana}\u0020-\u007E\u00A0-\u00FF\u2000-\u27BF\u2E80-\u2FDF\u3000-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const UNUSABLE_SHARE = 0.3;
/** A page without text that paints this many paths is text drawn as outlines (or a vector scan). */
const OUTLINED_TEXT_PATHS = 200;

/** Non-space characters, and how many of them are no text (unmapped glyphs). */
export function unusableChars(s: string): { chars: number; bad: number } {
  let chars = 0;
  let bad = 0;
  for (const ch of s) {
    if (/\s/.test(ch)) continue;
    chars++;
    if (!EXPECTED.test(ch) || /[\uE000-\uF8FF\uFFFD]/.test(ch)) bad++;
  }
  return { chars, bad };
}

/** What a page gave: its elements in reading order, or nothing when it is unreadable. */
export interface PageRead { page: number; size: PageSize; height: number; elements: Element[]; unreadable: boolean }

export type PdfDoc = PdfiumDoc;

/** Opens a PDF; a file that cannot be opened, or has no pages, is a typed error naming it. */
export async function openPdf(buf: Uint8Array, path: string): Promise<PdfDoc> {
  const doc = await PdfiumDoc.open(buf, path);
  if (doc.numPages <= 0) {
    doc.close();
    throw new InputError('NO_PAGES', path, 'the PDF has no pages');
  }
  return doc;
}

export const readPage = (doc: PdfDoc, p: number, path: string): PageRead => layoutPage(p, readRaw(doc, p, path));

/** Page p as the engine gives it: the part of reading a page that needs the engine (a page worker's share, pool.ts). */
export function readRaw(doc: PdfDoc, p: number, path: string): RawPage {
  let raw;
  try {
    raw = doc.page(p);
  } catch (e) {
    // a trap inside the engine leaves it in an unknown state: the next document loads a new one
    if (e instanceof WebAssembly.RuntimeError) dropEngine();
    throw new InputError('CORRUPT_PDF', path, `page ${p} cannot be read (${(e as Error).message ?? String(e)})`);
  }
  if (!raw) throw new InputError('CORRUPT_PDF', path, `page ${p} cannot be read`);
  return raw;
}

/** Page p's tables (from its rulings' grids) and lines, in reading order; nothing when it has no usable text layer. */
export function layoutPage(p: number, raw: RawPage): PageRead {
  const items = textItems(glyphsOf(raw.glyphs));
  const { base, width, height } = upright(raw.base, raw.width, raw.height, items);
  const size = { page: p, width: Math.round(width * 100) / 100, height: Math.round(height * 100) / 100 };
  const runs: Run[] = [];
  let chars = 0;
  let bad = 0;
  for (const item of items) {
    const u = unusableChars(item.str);
    chars += u.chars;
    bad += u.bad;
    runs.push(runOf(item.str, item.transform, item.width, base));
  }
  const rulings = rulingsOf(pathsOf(raw.paths), raw.images, base);
  const noText = runs.length === 0;
  if ((noText && (rulings.images > 0 || rulings.paths >= OUTLINED_TEXT_PATHS)) || (!noText && bad > UNUSABLE_SHARE * chars)) {
    return { page: p, size, height, elements: [], unreadable: true };
  }
  return { page: p, size, height, elements: pageElements(runs.map(clean), gridsOf(rulings), height), unreadable: false };
}

// pdfjs' text layer rules, in units of the font size: a gap up to this is no space…
const TRACKING_SPACE = 0.102;
// …up to this it is one space in the run; wider, or a step back past NEGATIVE_SPACE, starts a new run
const SPACE_IN_FLOW_MAX = 0.6;
const NEGATIVE_SPACE = -0.2;
// a baseline shift past this share of the size starts a new run
const VERTICAL_SHIFT = 0.25;

/**
 * Characters in content order → runs. White space is not kept as characters: the gap it
 * leaves decides, as it does for glyphs placed apart, whether a run goes on with a space,
 * without one, or ends.
 */
export function textItems(glyphs: Glyph[]): TextItem[] {
  const items: TextItem[] = [];
  let cur: { str: string; g: Glyph; end: number } | null = null;
  const flush = () => {
    if (cur) items.push({ str: cur.str, transform: [cur.g.ux * cur.g.size, cur.g.uy * cur.g.size, -cur.g.uy * cur.g.size, cur.g.ux * cur.g.size, cur.g.x, cur.g.y], width: cur.end });
    cur = null;
  };
  for (const g of glyphs) {
    if (/^\s$/u.test(g.ch)) continue;
    const ch = g.unmapped ? '\ufffd' : g.ch;
    if (cur) {
      const s = cur.g;
      // position relative to the run's origin, along and across its baseline
      const along = (g.x - s.x) * s.ux + (g.y - s.y) * s.uy;
      const across = -(g.x - s.x) * s.uy + (g.y - s.y) * s.ux;
      const gap = (along - cur.end) / s.size;
      const same = g.font === s.font && Math.abs(g.ux - s.ux) < 0.01 && Math.abs(g.uy - s.uy) < 0.01 && Math.abs(g.size - s.size) <= 0.05 * s.size;
      if (same && Math.abs(across) <= VERTICAL_SHIFT * s.size && gap >= NEGATIVE_SPACE && gap <= SPACE_IN_FLOW_MAX) {
        cur.str += gap > TRACKING_SPACE ? ' ' + ch : ch;
        cur.end = Math.max(cur.end, along + g.advance);
        continue;
      }
      flush();
    }
    cur = { str: ch, g, end: g.advance };
  }
  flush();
  return items;
}

/**
 * The page's viewport transform, turned further so that most text reads left to right: a page
 * rotated by mistake (sideways text) is read as its text runs. Returns the page size as read.
 */
function upright(base: Matrix, width: number, height: number, items: TextItem[]): { base: Matrix; width: number; height: number } {
  const votes = [0, 0, 0, 0]; // text running right, down, left, up on the displayed page
  for (const it of items) {
    const [a, b] = it.transform;
    const dx = base[0] * a + base[2] * b;
    const dy = base[1] * a + base[3] * b;
    const q = Math.abs(dx) >= Math.abs(dy) ? (dx >= 0 ? 0 : 2) : dy >= 0 ? 1 : 3;
    votes[q]! += it.str.length;
  }
  const turn = votes.indexOf(Math.max(...votes));
  if (turn === 0 || votes[turn] === 0) return { base, width, height };
  const r: Matrix[] = [[1, 0, 0, 1, 0, 0], [0, -1, 1, 0, 0, width], [-1, 0, 0, -1, width, height], [0, 1, -1, 0, height, 0]];
  return { base: mul(r[turn]!, base), width: turn === 2 ? width : height, height: turn === 2 ? height : width };
}

const clean = (r: Run): Run => ({ ...r, str: r.str.replace(BAD, '').replace(/\u00a0/g, ' ') });

/** A text item's box in viewport points: its baseline run plus ascent and descent. */
function runOf(str: string, t: Matrix, width: number, base: Matrix): Run {
  const size = Math.hypot(t[2], t[3]) || Math.hypot(t[0], t[1]) || 1;
  const ux = Math.hypot(t[0], t[1]) ? t[0] / Math.hypot(t[0], t[1]) : 1;
  const uy = Math.hypot(t[0], t[1]) ? t[1] / Math.hypot(t[0], t[1]) : 0;
  const nx = -uy;
  const ny = ux; // up, perpendicular to the baseline
  const pts = [
    [t[4] + nx * -0.2 * size, t[5] + ny * -0.2 * size],
    [t[4] + ux * width + nx * -0.2 * size, t[5] + uy * width + ny * -0.2 * size],
    [t[4] + nx * 0.8 * size, t[5] + ny * 0.8 * size],
    [t[4] + ux * width + nx * 0.8 * size, t[5] + uy * width + ny * 0.8 * size],
  ].map(([x, y]) => apply(base, x!, y!));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const scale = Math.hypot(base[0], base[1]) || 1;
  return { str, x0: Math.min(...xs), x1: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys), size: size * scale };
}
