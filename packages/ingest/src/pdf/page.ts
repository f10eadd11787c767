// One PDF page → its elements, with pdfjs-dist (legacy build, runs in Node 20). Text items keep
// their geometry; ruling lines from the operator list give each table's cell grid (grid.ts),
// and layout.ts makes table rows and lines of them. A page without a usable text layer (a
// scan, or glyphs without a Unicode mapping) is reported, never guessed at. This runs in the
// page workers (pool.ts), or on the calling thread when there are none.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
// From core's own modules, not its index: the index pulls zod (0.1 s) into every page worker.
import { InputError } from '@ziping/core/errors';
import type { PageSize } from '@ziping/core';
import { SyncDecompressionStream } from './inflate.ts';
import { apply, mul, rulingsOf, type Matrix, type OpCodes } from './geometry.ts';
import { gridsOf } from './grid.ts';
import { pageElements, type Element, type Run } from './layout.ts';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
interface TextItem { str: string; transform: number[]; width: number }

let loaded: Promise<{ pdfjs: Pdfjs; assets: Record<string, string> }> | null = null;

/** pdfjs and the paths of its bundled CMaps, standard fonts and wasm: nothing is fetched at run time. */
export function loadPdfjs() {
  loaded ??= (async () => {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    // The legacy build swaps Array.prototype.push for core-js's (it corrects a V8 edge case at
    // 2^32 elements), which slows every push in the process: about an eighth of the PDF path's
    // CPU. Its worker module, loaded here rather than at the first document, does the same.
    const push = Array.prototype.push;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // @ts-expect-error untyped; it registers globalThis.pdfjsWorker, which pdfjs then uses
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    Array.prototype.push = push;
    // This runs in a page worker (pool.ts), a thread whose globals serve pdfjs alone, or with
    // no workers on the calling thread, where nothing else uses these two: see inflate.ts, and
    // NO_FONTS_DOCUMENT.
    globalThis.DecompressionStream = SyncDecompressionStream as unknown as typeof DecompressionStream;
    globalThis.FontFace = NoFontFace as unknown as typeof FontFace;
    const dir = (name: string) => join(root, name) + '/';
    const assets: Record<string, string> = { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts') };
    if (existsSync(dir('wasm'))) assets.wasmUrl = dir('wasm');
    if (existsSync(dir('iccs'))) assets.iccUrl = dir('iccs');
    return { pdfjs, assets };
  })();
  return loaded;
}

/**
 * Where pdfjs "installs" each embedded font: nowhere, as nothing is rendered. A document with
 * a font set makes pdfjs hand over the font's bytes as they are; without one it would write
 * them out as a base64 @font-face rule, a tenth of a long PDF's time.
 */
const NO_FONTS_DOCUMENT = { fonts: { add: () => {}, delete: () => {} } } as unknown as Document;
class NoFontFace {
  readonly loaded = Promise.resolve();
}

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

export type PdfDoc = Awaited<ReturnType<typeof openPdf>>;

/** Opens a PDF with pdfjs; a file it cannot open is a typed error naming it. */
export async function openPdf(buf: Uint8Array, path: string) {
  const { pdfjs, assets } = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(buf), // pdfjs transfers (detaches) the buffer it is given
    ...assets,
    cMapPacked: true,
    isEvalSupported: false,
    // false, and a document to "install" fonts in: with disableFontFace, or when installing a
    // font fails (Node has no document), pdfjs turns every glyph into a path, which only a
    // canvas would draw: a third of pdfjs's live heap on a long PDF, and CPU to match.
    disableFontFace: false,
    ownerDocument: NO_FONTS_DOCUMENT,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    if (doc.numPages === 0) {
      await doc.destroy().catch(() => {});
      throw new InputError('NO_PAGES', path, 'the PDF has no pages');
    }
    return Object.assign(doc, { ops: pdfjs.OPS as unknown as OpCodes });
  } catch (e) {
    await task.destroy().catch(() => {});
    if (e instanceof InputError) throw e;
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new InputError('ENCRYPTED_PDF', path, 'the PDF is password-protected');
    throw new InputError('CORRUPT_PDF', path, `not a readable PDF (${(e as Error).message ?? String(e)})`);
  }
}

/** pdfjs keeps every font and shared object it parsed until told to let go: this bounds them on a long PDF. */
export const CLEANUP_EVERY = 32;

/** Every page, read on this thread, in order. */
export async function readAll(buf: Uint8Array, path: string): Promise<PageRead[]> {
  const doc = await openPdf(buf, path);
  try {
    const pages: PageRead[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      pages.push(await readPage(doc, p, path));
      if (p % CLEANUP_EVERY === 0) await doc.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy().catch(() => {});
  }
}

export async function readPage(doc: PdfDoc, p: number, path: string): Promise<PageRead> {
  let page, content, opList;
  try {
    page = await doc.getPage(p);
    [content, opList] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  } catch (e) {
    throw new InputError('CORRUPT_PDF', path, `page ${p} cannot be read (${(e as Error).message ?? String(e)})`);
  }
  const viewport = page.getViewport({ scale: 1 });
  const items = content.items.filter((i) => 'str' in i && i.str.trim() !== '') as TextItem[];
  const { base, width, height } = upright(viewport.transform as Matrix, viewport.width, viewport.height, items);
  const size = { page: p, width: Math.round(width * 100) / 100, height: Math.round(height * 100) / 100 };
  const runs: Run[] = [];
  let chars = 0;
  let bad = 0;
  for (const item of items) {
    const u = unusableChars(item.str);
    chars += u.chars;
    bad += u.bad;
    runs.push(runOf(item.str, item.transform as Matrix, item.width, base));
  }
  const rulings = rulingsOf(opList.fnArray, opList.argsArray, doc.ops, base);
  page.cleanup();
  const noText = runs.length === 0;
  if ((noText && (rulings.images > 0 || rulings.paths >= OUTLINED_TEXT_PATHS)) || (!noText && bad > UNUSABLE_SHARE * chars)) {
    return { page: p, size, height, elements: [], unreadable: true };
  }
  return { page: p, size, height, elements: pageElements(runs.map(clean), gridsOf(rulings), height), unreadable: false };
}

/**
 * The page's viewport transform, turned further so that most text reads left to right: a page
 * rotated by mistake (sideways text) is read as its text runs. Returns the page size as read.
 */
function upright(base: Matrix, width: number, height: number, items: TextItem[]): { base: Matrix; width: number; height: number } {
  const votes = [0, 0, 0, 0]; // text running right, down, left, up on the displayed page
  for (const it of items) {
    const [a, b] = it.transform as [number, number];
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
