// Page image → positioned text: deskew, find the ruled tables and their cell grid, read each
// cell (line by line) with the engine, and emit one TextLine per table row with `col` = grid
// column (what the PDF text layer and the tab-separated dumps give reconstruct), plus plain
// lines for the text around the tables; and the same as layout blocks, merged cells with
// their spans (blocks.ts). Tables without ruling lines fall back to columns found from the
// alignment of the words on consecutive lines. Texts are normalised here (normalizeText).
import { normalizeText, type BBox, type LayoutBlock, type LayoutTable, type OcrWarning, type OcrWarningKind, type TextCell, type TextLine } from '@ziping/core';
import type { OcrEngine, Recognition, RecognizeOptions } from './engine.ts';
import { detectTables, lineOptionsFor } from './grid.ts';
import { binarize, crop, despeckle, estimateSkew, otsu, rotate, whiten, type GrayImage, type Rect } from './image.ts';
import { correctReading } from './lexicon.ts';
import { alignColumns, pageBlocks, tableRows, type Item, type Reading, type ReadItem } from './blocks.ts';
import { markOf } from './marks.ts';
import { withSpaces } from './spacing.ts';
import { growLine, inkBox, textLines, words, type InkMask } from './textlines.ts';

export interface PageImage {
  /** 1-based page number in the document. */
  page: number;
  image: GrayImage;
  dpi: number;
  /** Multiply pixel coordinates by this for points (72 / dpi): bboxes come out in points, top-left origin. */
  unit: number;
}

export type { OcrWarning, OcrWarningKind };

/** One recognised cell or text line, with its confidence. */
export interface OcrCell {
  page: number;
  line: number;
  col: number;
  text: string;
  confidence: number;
  bbox: [number, number, number, number];
}

export interface PageInfo {
  page: number;
  width: number;
  height: number;
  dpi: number;
  skewDegrees: number;
  tables: { rows: number; cols: number; cells: number; ruled: boolean }[];
}

export interface OcrPageResult {
  lines: TextLine[];
  /** Paragraphs and tables (ruled ones with their merged cells' spans); provenance in `lines`. */
  blocks: LayoutBlock[];
  /** The table blocks a page break cut: the first one at its top, the last one at its bottom. */
  cut: { top?: LayoutTable; bottom?: LayoutTable };
  cells: OcrCell[];
  warnings: OcrWarning[];
  info: PageInfo;
}

export interface OcrOptions {
  /** Readings below this confidence become LOW_CONFIDENCE warnings (engine's own scale, 0..1). */
  minConfidence?: number;
}

export const DEFAULT_MIN_CONFIDENCE: Record<OcrEngine['name'], number> = { paddle: 0.8, tesseract: 0.6 };

const CJK = /[\u3400-\u9fff]/;
const NUMERIC_LIKE = /^[0-9.,%≥≤<>=+\-—~/一（）()\s]*$/;

export async function ocrPage(p: PageImage, engine: OcrEngine, o: OcrOptions = {}): Promise<OcrPageResult> {
  const minConf = o.minConfidence ?? DEFAULT_MIN_CONFIDENCE[engine.name];
  let image = p.image;
  let level = otsu(image);
  let ink = binarize(image, level);
  const skew = estimateSkew(ink, image.width, image.height);
  if (skew !== 0) {
    image = rotate(image, -skew);
    level = otsu(image);
    ink = binarize(image, level);
  }
  // grey this much closer to the ink than to white paper is a stroke too pale to binarise
  const faint = Math.round(level + (255 - level) * 0.4);
  // Layout works on ink without specks smaller than a decimal point; the recogniser gets the
  // grey page with only the smallest specks (smaller than any dot of print) whitened.
  const dot = Math.max(2, Math.round(p.dpi / 100));
  const tables = detectTables(ink, image.width, image.height, lineOptionsFor(p.dpi));
  const [fine, layout] = despeckle(ink, image.width, image.height, [dot * dot + 1, 3 * dot * dot]) as [Uint8Array, Uint8Array];
  const clean = whiten(image, ink, fine);
  ink = layout;
  const mask: InkMask = { width: image.width, height: image.height, ink, fine };
  const charH = p.dpi * 0.06; // ≈ 4.3 pt: shorter runs are parts of a glyph, not a line of text

  const page = { img: clean, faint, charH, dpi: p.dpi };
  const reader = deferred(engine, p.dpi);
  const readRect = (r: Rect): Promise<Reading> => readCell(reader, page, mask, r);
  const items: Item[] = [];
  const tableInfo: PageInfo['tables'] = [];
  const tableBoxes: BBox[] = [];
  const box = (r: Rect): BBox => [r.x0, r.y0, r.x1, r.y1].map((v) => Math.round(v * p.unit * 100) / 100) as BBox;
  for (const t of tables) {
    tableInfo.push({ rows: t.ys.length - 1, cols: t.xs.length - 1, cells: t.cells.length, ruled: true });
    items.push(...tableRows(t, tableBoxes.length, readRect));
    tableBoxes.push(box(t.rect));
  }

  // text outside the ruled tables
  const outside = new Uint8Array(ink);
  for (const t of tables) {
    const pad = 4;
    for (let y = Math.max(0, Math.floor(t.rect.y0 - pad)); y < Math.min(image.height, Math.ceil(t.rect.y1 + pad)); y++) {
      outside.fill(0, y * image.width + Math.max(0, Math.floor(t.rect.x0 - pad)), y * image.width + Math.min(image.width, Math.ceil(t.rect.x1 + pad)));
    }
  }
  const outMask: InkMask = { width: image.width, height: image.height, ink: outside, fine };
  // running heads and page numbers in the top and bottom 5% are page furniture, not content
  const margin = image.height * 0.05;
  const plain = textLines(outMask, { x0: 0, y0: 0, x1: image.width, y1: image.height }, charH)
    .filter((l) => l.y1 > margin && l.y0 < image.height - margin);
  const gap = p.dpi * 0.3; // a blank stretch wider than ~2 characters separates columns
  const pieces = plain.map((l) => words(outMask, l, gap));
  const readOutside = (r: Rect) => readCell(reader, page, outMask, r);
  let i = 0;
  while (i < plain.length) {
    // a run of ≥ 3 lines that each split into ≥ 2 pieces: an unruled table
    let j = i;
    while (j < plain.length && pieces[j]!.length >= 2) j++;
    if (j - i >= 3) {
      const cols = alignColumns(pieces.slice(i, j));
      tableInfo.push({ rows: j - i, cols: cols.length, cells: pieces.slice(i, j).reduce((n, ws) => n + ws.length, 0), ruled: false });
      const table = tableBoxes.length;
      const rects = pieces.slice(i, j).flat();
      tableBoxes.push(box({ x0: Math.min(...rects.map((r) => r.x0)), y0: plain[i]!.y0, x1: Math.max(...rects.map((r) => r.x1)), y1: plain[j - 1]!.y1 }));
      for (let k = i; k < j; k++) {
        const byCol = new Map<number, Rect>();
        for (const w of pieces[k]!) {
          const c = cols.findIndex(([a, b]) => w.x0 < b && w.x1 > a);
          const prev = byCol.get(c);
          byCol.set(c, prev ? { x0: Math.min(prev.x0, w.x0), y0: prev.y0, x1: Math.max(prev.x1, w.x1), y1: prev.y1 } : w);
        }
        items.push({
          y: plain[k]!.y0, x: plain[k]!.x0, table,
          cells: cols.map((_, c) => {
            const r = byCol.get(c);
            return { col: c, rect: r ?? null, read: r ? readOutside(r) : undefined };
          }),
        });
      }
      i = j;
      continue;
    }
    const l = plain[i]!;
    items.push({ y: l.y0, x: l.x0, cells: [{ col: 0, rect: l, read: readOutside(l) }] });
    i++;
  }

  reader.flush();

  items.sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: TextLine[] = [];
  const cells: OcrCell[] = [];
  const warnings: OcrWarning[] = [];
  const read: ReadItem[] = [];
  for (const it of items) {
    const line = lines.length + 1;
    const out: TextCell[] = [];
    const raws: ReadItem['cells'] = [];
    for (const c of it.cells) {
      if (!c.rect || !c.read) { out.push({ text: '', col: c.col }); raws.push({ raw: '' }); continue; }
      const r = await c.read;
      const bbox = box(c.rect);
      const text = normalizeText(r.text);
      out.push({ text, col: c.col, bbox });
      raws.push({ raw: r.text, bbox });
      if (!r.inked) continue;
      cells.push({ page: p.page, line, col: c.col, text, confidence: r.confidence, bbox });
      const at = { rule: 'PARSE' as const, page: p.page, line, col: c.col, bbox, text, confidence: round3(r.confidence) };
      if (r.text === '') {
        warnings.push({ ...at, kind: 'UNREAD', message: `OCR found ink but read no text (page ${p.page}, column ${c.col}).` });
      } else if (r.confidence < minConf) {
        warnings.push({ ...at, kind: 'LOW_CONFIDENCE', message: `OCR read "${text}" with confidence ${round3(r.confidence)} (page ${p.page}, column ${c.col}).` });
      }
      if (r.from !== undefined && r.rule === 'lexicon') {
        warnings.push({ ...at, kind: 'CORRECTED', from: r.from, message: `OCR reading "${r.from}" corrected to "${text}" by the lexicon (page ${p.page}, column ${c.col}).` });
      }
    }
    lines.push({ page: p.page, line, text: out.map((c) => c.text).join(out.length > 1 ? '\t' : ''), cells: out });
    read.push({ item: it, line, cells: raws });
  }
  const blocks = pageBlocks(p.page, read, tableBoxes);
  const blockOf = (t: number) => blocks.find((b): b is LayoutTable => b.kind === 'table' && b.prov.bbox === tableBoxes[t]);
  const last = tables.length - 1;
  const cut = { top: tables[0]?.cut?.top ? blockOf(0) : undefined, bottom: tables[last]?.cut?.bottom ? blockOf(last) : undefined };
  return {
    lines, blocks, cut, cells, warnings,
    info: { page: p.page, width: image.width, height: image.height, dpi: p.dpi, skewDegrees: skew, tables: tableInfo },
  };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

type Reader = Pick<OcrEngine, 'recognize'>;

/**
 * The engine, holding back the crops asked for while a page is laid out: `flush` hands them
 * all to its `prepare` in page order, then asks for each; later requests go straight through.
 */
function deferred(engine: OcrEngine, dpi: number): Reader & { flush(): void } {
  let queue: { image: GrayImage; opts?: RecognizeOptions; ok: (r: Recognition) => void; fail: (e: unknown) => void }[] | null = [];
  return {
    recognize(image, opts) {
      if (!queue) return engine.recognize(image, opts);
      const q = queue;
      return new Promise((ok, fail) => q.push({ image, opts, ok, fail }));
    },
    flush() {
      const q = queue ?? [];
      queue = null;
      engine.prepare?.(q.map((r) => r.image), { dpi });
      for (const r of q) engine.recognize(r.image, r.opts).then(r.ok, r.fail);
    },
  };
}

interface PageInk { img: GrayImage; faint: number; charH: number; dpi: number }

/** Read one cell: its text lines top to bottom, each recognised on its own, joined. */
async function readCell(engine: Reader, p: PageInk, mask: InkMask, r: Rect): Promise<Reading> {
  const inner = inkBox(mask, r);
  if (!inner) return { text: '', confidence: 1, inked: false };
  const mark = markOf(mask, inner, p.charH, p.dpi);
  if (mark) return { text: mark, confidence: 0.95, inked: true };
  let ls = textLines(mask, inner, p.charH);
  if (ls.length === 0) ls = [inner];
  // taller than any printed line (a photo, a stamp, a pattern): not text, flagged as unread
  ls = ls.filter((l) => l.y1 - l.y0 <= p.dpi * 0.6);
  if (ls.length === 0) return { text: '', confidence: 0, inked: true };
  if (mask.fine) ls = ls.map((l, i) => growLine(mask as Required<InkMask>, p.img, p.faint, l, r, i > 0 ? ls[i - 1]!.y1 : r.y0));
  const read = await Promise.all(ls.map(async (l) => withSpaces(await readLine(engine, crop(p.img, l), p.dpi), mask, l)));
  // Chinese wraps anywhere and joins with nothing; a line that stops more than two
  // characters short of the cell's longest line ended a paragraph: kept apart by a space.
  const right = Math.max(...ls.map((l) => l.x1));
  let text = '';
  read.forEach((x, i) => {
    if (x.text === '') return;
    const prev = ls[i - 1];
    if (text !== '' && prev && right - prev.x1 > 2.5 * (prev.y1 - prev.y0)) text += ' ';
    text += x.text;
  });
  // a lone closing bracket wrapped onto a line of its own closes the bracket the cell opened
  // (`（元` / `）`): the text vouches for it, however unsure the recogniser was of one small arc
  const vouched = (x: Recognition, i: number) => /^[)）]$/.test(x.text) && /[(（][^)）]*$/.test(read.slice(0, i).map((y) => y.text).join(''));
  const parts = read.filter((x, i) => x.text !== '' && !vouched(x, i));
  const confidence = parts.length ? parts.reduce((m, x) => Math.min(m, x.confidence), 1) : 0;
  const fixed = correctReading(text);
  return { text: fixed.text, confidence, from: fixed.from, rule: fixed.rule, inked: true };
}

/** General reading first; a figure (no CJK) or an empty reading is read again as a number. */
async function readLine(engine: Reader, img: GrayImage, dpi: number): Promise<Recognition> {
  const general = await engine.recognize(img, { dpi });
  if (CJK.test(general.text.replace(/一/g, '')) || !NUMERIC_LIKE.test(general.text)) return general;
  const numeric = await engine.recognize(img, { dpi, numeric: true });
  if (numeric.text === '') return general;
  if (general.text === '' || numeric.confidence >= general.confidence) return numeric;
  return general;
}
