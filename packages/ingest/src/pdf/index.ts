// PDF → positioned text. Pages are read by the calling thread and worker threads (pool.ts, page.ts);
// here they are joined: running heads and page numbers dropped, tables a page break cut
// joined again, and the document's numbered lines and layout blocks made (blocks.ts).
import type { LayoutBlock, PageSize, TextLine } from '@ziping/core';
import { toDocument } from './blocks.ts';
import { checkPdfStreams } from './bomb.ts';
import { defaultPageWorkers, PagePool } from './pool.ts';
import { dropRunningText } from './running.ts';

export interface PdfText {
  pageCount: number;
  /** Each page as read (a page turned to read its text upright has width and height swapped). */
  pageSizes: PageSize[];
  lines: TextLine[];
  /** Paragraphs and tables (ruled or aligned) with merged-cell spans, provenance in `lines`. */
  blocks: LayoutBlock[];
  /** pages with no text layer (a scan) or glyphs without a Unicode mapping */
  unreadablePages: number[];
}

/** By size: asking for the default size by its number is the same pool. */
const pools = new Map<number, PagePool>();

/** The process's page workers, `workers` of them (default: defaultPageWorkers). */
export function pdfPool(workers = defaultPageWorkers()): PagePool {
  let pool = pools.get(workers);
  if (!pool) pools.set(workers, (pool = new PagePool({ size: workers })));
  return pool;
}

export async function readPdf(buf: Uint8Array, path: string, pool = pdfPool()): Promise<PdfText> {
  pool.prepare(buf); // a long PDF's workers load the engine while the streams are checked
  checkPdfStreams(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), path);
  const pages = await pool.read(buf, path);
  return {
    pageCount: pages.length,
    pageSizes: pages.map((p) => p.size),
    ...toDocument(dropRunningText(pages)),
    unreadablePages: pages.filter((p) => p.unreadable).map((p) => p.page),
  };
}
