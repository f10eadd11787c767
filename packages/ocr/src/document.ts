// Whole documents: engines loaded once per process, pages read in order with the next one
// laid out while the engine reads this one, results gathered with the engine that produced them.
import type { LayoutBlock, SourceRef, TextLine } from '@ziping/core';
import { DEFAULT_ENGINE, defaultPoolSize, type EngineName, type OcrEngine } from './engine.ts';
import { ocrPage, type OcrCell, type OcrOptions, type OcrPageResult, type OcrWarning, type PageImage, type PageInfo } from './ocr.ts';
import { joinCutRow } from './pagecut.ts';
import { PaddleEngine } from './paddle.ts';
import { decodeImage, rasterizePdf, DEFAULT_DPI } from './raster.ts';
import { TesseractEngine } from './tesseract.ts';

export interface OcrConfig extends OcrOptions {
  engine?: EngineName;
  /** Worker pool size; defaults to the cores (at most 4). */
  workers?: number;
  /** Rendering resolution for PDF pages. */
  dpi?: number;
}

export interface OcrDocument {
  lines: TextLine[];
  /** Paragraphs and tables with merged-cell spans, in page order; provenance in `lines`. */
  blocks: LayoutBlock[];
  cells: OcrCell[];
  warnings: OcrWarning[];
  pages: PageInfo[];
  /** Recorded per document: which recogniser read it. */
  engine: { name: EngineName; version: string };
}

const engines = new Map<string, Promise<OcrEngine>>();

/** The process-wide engine of that name and pool size (models load once). */
export function getEngine(name: EngineName = DEFAULT_ENGINE, workers = defaultPoolSize()): Promise<OcrEngine> {
  const key = `${name}:${workers}`;
  let e = engines.get(key);
  if (!e) {
    e = name === 'paddle' ? PaddleEngine.create({ workers }) : TesseractEngine.create({ workers });
    e.catch(() => engines.delete(key));
    engines.set(key, e);
  }
  return e;
}

/** Stop every engine this process started (tests, CLI exit). */
export async function closeEngines(): Promise<void> {
  const all = [...engines.values()];
  engines.clear();
  await Promise.all(all.map(async (e) => (await e).close()));
}

export async function ocrPages(pages: PageImage[], c: OcrConfig = {}): Promise<OcrDocument> {
  const engine = await getEngine(c.engine, c.workers);
  const doc: OcrDocument = { lines: [], blocks: [], cells: [], warnings: [], pages: [], engine: { name: engine.name, version: engine.version } };
  const read: OcrPageResult[] = [];
  // the next page is laid out while the engine's workers still read this one's crops
  let next = pages[0] && ocrPage(pages[0], engine, c);
  for (let i = 0; next; i++) {
    const current = next;
    next = pages[i + 1] && ocrPage(pages[i + 1]!, engine, c);
    next?.catch(() => {}); // its failure is thrown when it is awaited, unless this one's comes first
    read.push(await current);
  }
  read.forEach((r, i) => {
    const prev = read[i - 1];
    if (!prev?.cut.bottom || !r.cut.top || r.info.page !== prev.info.page + 1) return;
    const rest = joinCutRow(prev.cut.bottom, r.cut.top);
    if (rest === r.cut.top) return;
    r.blocks = r.blocks.flatMap((b) => (b === r.cut.top ? (rest ? [rest] : []) : [b]));
    if (r.cut.bottom === r.cut.top) r.cut.bottom = rest ?? undefined; // a table over three pages
  });
  for (const r of read) {
    doc.lines.push(...r.lines);
    doc.blocks.push(...r.blocks);
    doc.cells.push(...r.cells);
    doc.warnings.push(...r.warnings);
    doc.pages.push(r.info);
  }
  return mergeOcr([], doc);
}

/**
 * A PDF's text-layer lines and blocks and its OCR'd pages as one document: the text layer's
 * lines and blocks of OCR'd pages are dropped (a scan has none; a page of unmapped glyphs has
 * only junk), pages are put in order and lines numbered 1..N through the document (core's
 * `TextLine.line`), with the blocks' provenance, the OCR warnings and cells renumbered to
 * follow their lines.
 */
export function mergeOcr(textLines: TextLine[], ocr: OcrDocument, textBlocks: LayoutBlock[] = []): OcrDocument {
  const ocrPagesSet = new Set(ocr.pages.map((p) => p.page));
  const tagged = [
    ...textLines.filter((l) => !ocrPagesSet.has(l.page)).map((l, i) => ({ l, src: 0, i })),
    ...ocr.lines.map((l, i) => ({ l, src: 1, i })),
  ].sort((a, b) => a.l.page - b.l.page || a.src - b.src || a.i - b.i);
  const renumbered = [new Map<string, number>(), new Map<string, number>()];
  const lines = tagged.map(({ l, src }, k) => {
    renumbered[src]!.set(`${l.page}:${l.line}`, k + 1);
    return { ...l, line: k + 1 };
  });
  const lineOf = (src: number, page: number, line: number) => renumbered[src]!.get(`${page}:${line}`) ?? line;
  const at = <T extends { page: number; line: number }>(x: T): T => ({ ...x, line: lineOf(1, x.page, x.line) });
  const ref = (src: number, r: SourceRef): SourceRef => ({ ...r, line: lineOf(src, r.page, r.line), ...(r.lineEnd === undefined ? {} : { lineEnd: lineOf(src, r.page, r.lineEnd) }) });
  const move = (src: number, b: LayoutBlock): LayoutBlock => (b.kind === 'paragraph'
    ? { ...b, prov: ref(src, b.prov) }
    : { ...b, prov: ref(src, b.prov), cells: b.cells.map((c) => ({ ...c, prov: ref(src, c.prov) })) });
  const blocks = [
    ...textBlocks.filter((b) => !ocrPagesSet.has(b.prov.page)).map((b, i) => ({ b: move(0, b), src: 0, i })),
    ...ocr.blocks.map((b, i) => ({ b: move(1, b), src: 1, i })),
  ].sort((a, b) => a.b.prov.page - b.b.prov.page || a.src - b.src || a.i - b.i).map((x) => x.b);
  return { ...ocr, lines, blocks, cells: ocr.cells.map(at), warnings: ocr.warnings.map(at) };
}

/** OCR the listed pages of a PDF (image-only pages, or all of a scanned PDF). */
export async function ocrPdf(data: Uint8Array, c: OcrConfig & { pages?: number[] } = {}): Promise<OcrDocument> {
  return ocrPages(await rasterizePdf(data, { dpi: c.dpi ?? DEFAULT_DPI, pages: c.pages }), c);
}

/** OCR a PNG, JPEG or TIFF file (every page of a multi-page TIFF). */
export async function ocrImage(data: Buffer, c: OcrConfig = {}): Promise<OcrDocument> {
  return ocrPages(await decodeImage(data), c);
}
