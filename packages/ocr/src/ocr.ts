// Page image → positioned text: deskew, find the ruled tables and their cell grid, read each
// cell (line by line) with the engine, and emit one TextLine per table row with `col` = grid
// column (what the PDF text layer and the tab-separated dumps give reconstruct), plus plain
// lines for the text around the tables; and the same as layout blocks, merged cells with
// their spans (blocks.ts). Tables without ruling lines fall back to columns found from the
// alignment of the words on consecutive lines. Texts are normalised here (normalizeText).
import { normalizeText, type BBox, type LayoutBlock, type OcrWarning, type OcrWarningKind, type TextCell, type TextLine } from '@ziping/core';
import type { OcrEngine, Recognition } from './engine.ts';
import { detectTables, lineOptionsFor } from './grid.ts';
import { binarize, crop, despeckle, estimateSkew, rotate, whiten, type GrayImage, type Rect } from './image.ts';
import { correctReading } from './lexicon.ts';
import { alignColumns, pageBlocks, tableRows, type Item, type Reading, type ReadItem } from './blocks.ts';
import { inkBox, textLines, words, type InkMask } from './textlines.ts';

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
  let ink = binarize(image);
  const skew = estimateSkew(ink, image.width, image.height);
  if (skew !== 0) {
    image = rotate(image, -skew);
    ink = binarize(image);
  }
  // Layout works on ink without specks smaller than a decimal point; the recogniser gets the
  // grey page with only the smallest specks (smaller than any dot of print) whitened.
  const dot = Math.max(2, Math.round(p.dpi / 100));
  const tables = detectTables(ink, image.width, image.height, lineOptionsFor(p.dpi));
  const fine = despeckle(ink, image.width, image.height, dot * dot + 1);
  const clean = whiten(image, ink, fine);
  ink = despeckle(ink, image.width, image.height, 3 * dot * dot);
  const mask: InkMask = { width: image.width, height: image.height, ink, fine };
  const charH = p.dpi * 0.06; // ≈ 4.3 pt: shorter runs are parts of a glyph, not a line of text

  const readRect = (r: Rect): Promise<Reading> => readCell(engine, clean, mask, r, charH, p.dpi);
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
  const readOutside = (r: Rect) => readCell(engine, clean, outMask, r, charH, p.dpi);
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
  return {
    lines, blocks: pageBlocks(p.page, read, tableBoxes), cells, warnings,
    info: { page: p.page, width: image.width, height: image.height, dpi: p.dpi, skewDegrees: skew, tables: tableInfo },
  };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Read one cell: its text lines top to bottom, each recognised on its own, joined. */
async function readCell(engine: OcrEngine, img: GrayImage, mask: InkMask, r: Rect, charH: number, dpi: number): Promise<Reading> {
  const inner = inkBox(mask, r);
  if (!inner) return { text: '', confidence: 1, inked: false };
  // a lone flat stroke is the forms' "not applicable" dash, whatever a recogniser calls it
  if (isDash(mask, inner, charH, dpi)) return { text: '—', confidence: 0.95, inked: true };
  let ls = textLines(mask, inner, charH);
  if (ls.length === 0) ls = [inner];
  // taller than any printed line (a photo, a stamp, a pattern): not text, flagged as unread
  ls = ls.filter((l) => l.y1 - l.y0 <= dpi * 0.6);
  if (ls.length === 0) return { text: '', confidence: 0, inked: true };
  // the layout mask has no specks, and so no decimal points or commas: take in the fine
  // ink just right of and below each line, so a `94.` before a wrap keeps its point
  if (mask.fine) ls = ls.map((l) => trailingInk(mask as Required<InkMask>, l, r));
  const read = await Promise.all(ls.map(async (l) => withSpaces(await readLine(engine, crop(img, l), dpi), mask, l)));
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
  const parts = read.filter((x) => x.text !== '');
  const confidence = parts.length ? parts.reduce((m, x) => Math.min(m, x.confidence), 1) : 0;
  const fixed = correctReading(text);
  return { text: fixed.text, confidence, from: fixed.from, rule: fixed.rule, inked: true };
}

/** General reading first; a figure (no CJK) or an empty reading is read again as a number. */
async function readLine(engine: OcrEngine, img: GrayImage, dpi: number): Promise<Recognition> {
  const general = await engine.recognize(img, { dpi });
  if (CJK.test(general.text.replace(/一/g, '')) || !NUMERIC_LIKE.test(general.text)) return general;
  const numeric = await engine.recognize(img, { dpi, numeric: true });
  if (numeric.text === '') return general;
  if (general.text === '' || numeric.confidence >= general.confidence) return numeric;
  return general;
}

const HAN = /[\u3400-\u9fff]/;

/**
 * Put back the spaces a recogniser drops between two Chinese characters: a blank stretch
 * of at least a third of the line height there is a space in the print (`…公平 政策…`: two
 * items in one cell, which reconstruct splits at the last space). Elsewhere gaps say
 * nothing: punctuation and narrow digits (`1`) leave wide blanks inside their own advance.
 */
export function withSpaces(r: Recognition, mask: InkMask, l: Rect): Recognition {
  if (!r.xs || r.xs.length !== r.text.length || r.text.length < 2) return r;
  const h = l.y1 - l.y0;
  const gaps = words(mask, l, Math.max(2, Math.round(h / 3))).slice(1).map((w) => w.x0 - l.x0);
  if (gaps.length === 0) return r;
  const chars = [...r.text];
  if (chars.length !== r.xs.length) return r;
  let out = '';
  let g = 0;
  chars.forEach((ch, i) => {
    const x = r.xs![i]!;
    let gap = false;
    while (g < gaps.length && gaps[g]! <= x) { gap = true; g++; }
    const prev = chars[i - 1];
    if (gap && i > 0 && HAN.test(prev!) && HAN.test(ch)) out += ' ';
    out += ch;
  });
  return { ...r, text: out };
}

/** A line grown by the small marks (points, commas) of the fine mask within ⅓ of its height to the right. */
function trailingInk(m: Required<InkMask>, l: Rect, r: Rect): Rect {
  const e = Math.round((l.y1 - l.y0) / 3);
  const y1 = Math.min(r.y1, l.y1 + Math.ceil(e / 2));
  let x1 = l.x1, bottom = l.y1;
  for (let y = l.y0; y < y1; y++) {
    for (let x = l.x1; x < Math.min(r.x1, l.x1 + e); x++) {
      if (m.fine[y * m.width + x]) { x1 = Math.max(x1, x + 1); bottom = Math.max(bottom, y + 1); }
    }
  }
  // below the line under its own width: a comma's tail
  for (let y = l.y1; y < y1; y++) {
    for (let x = l.x0; x < x1; x++) if (m.fine[y * m.width + x]) bottom = Math.max(bottom, y + 1);
  }
  return { x0: l.x0, y0: l.y0, x1, y1: bottom };
}

/** Nearly all the ink (a speck or two aside) in one flat band no wider than a short dash. */
function isDash(m: InkMask, r: Rect, charH: number, dpi: number): boolean {
  const rows: { y: number; n: number; x0: number; x1: number }[] = [];
  let total = 0;
  for (let y = r.y0; y < r.y1; y++) {
    let n = 0, x0 = Infinity, x1 = -1;
    for (let x = r.x0; x < r.x1; x++) if (m.ink[y * m.width + x]) { n++; x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
    if (n) rows.push({ y, n, x0, x1 });
    total += n;
  }
  rows.sort((a, b) => b.n - a.n);
  let sum = 0, y0 = Infinity, y1 = -1, x0 = Infinity, x1 = -1;
  for (const row of rows) {
    if (sum >= total * 0.85) break;
    sum += row.n;
    y0 = Math.min(y0, row.y); y1 = Math.max(y1, row.y);
    x0 = Math.min(x0, row.x0); x1 = Math.max(x1, row.x1);
  }
  const h = y1 - y0 + 1, w = x1 - x0 + 1;
  return h <= charH * 0.6 && w >= 3 * h && w <= dpi * 0.4;
}
