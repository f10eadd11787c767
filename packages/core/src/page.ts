// The positioned-text model that ingest produces and reconstruct consumes. A text dump is
// one page whose lines carry their tab-separated cells; a PDF page adds geometry.
import type { LayoutBlock } from './layout.ts';

export interface TextCell {
  text: string;
  /** Column index as split by the source (tab position in a text dump). */
  col: number;
  /** Geometry where the source has it (PDF): [x0, y0, x1, y1] in points, origin at the top-left of the page as displayed. */
  bbox?: [number, number, number, number];
}

export interface TextLine {
  page: number;
  /** 1-based line number within the whole document, in reading order. */
  line: number;
  text: string;
  /** Cells split by the source's own separators; a line with no tab is one cell. */
  cells: TextCell[];
}

export type OcrWarningKind = 'LOW_CONFIDENCE' | 'CORRECTED' | 'UNREAD';

/** An OCR'd cell a reviewer should check; the pipeline turns it into a PARSE anomaly. */
export interface OcrWarning {
  rule: 'PARSE';
  kind: OcrWarningKind;
  page: number;
  line: number;
  col: number;
  bbox: [number, number, number, number];
  text: string;
  confidence: number;
  /** The raw reading when the lexicon changed it. */
  from?: string;
  message: string;
}

/** How sure the recogniser was of one cell it read: the cell of line `line` whose `col` is `col`. */
export interface OcrReading { page: number; line: number; col: number; confidence: number }

/** Which recogniser read which pages of a document, and what it was unsure of. */
export interface OcrRecord {
  engine: string;
  version: string;
  pages: number[];
  notes: OcrWarning[];
  /** Every inked cell it read, with its confidence (0..1, the engine's own scale). */
  readings?: OcrReading[];
}

export type MediaType =
  | 'text/plain'
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'image/tiff'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A page's size in points, as displayed (the space of every bbox on it). */
export interface PageSize { page: number; width: number; height: number }

export interface SourceDocument {
  /** File name only (the `source` of form-extract/v1). */
  name: string;
  path: string;
  mediaType: MediaType;
  sha256: string;
  bytes: number;
  pageCount: number;
  /** Sizes of the pages where the source has them (PDF, scans). */
  pageSizes?: PageSize[];
  /** The source as lines in reading order (a table row is one line): what provenance `line` numbers count. */
  lines: TextLine[];
  /** Paragraphs and tables with merged-cell spans, in reading order: what reconstruct interprets. */
  blocks: LayoutBlock[];
  /** PDF pages whose text layer is missing (a scan) or unusable (glyphs without Unicode): they need OCR. */
  unreadablePages?: number[];
  /** Set when pages were read by OCR: the engine is recorded per document. */
  ocr?: OcrRecord;
}

/** The version of the StoredLayout shape; a change that older readers would misread gets a new one. */
export const LAYOUT_FORMAT = 'layout/v1';

/**
 * A document's layout as stored with it (`document_layouts`): everything ingest read but the
 * file's identity — name, hash, size and type are on the document's row, and where the file
 * lies is the server's business, never shown. The source view and the review pages read this,
 * never the file again. Lines carry their cells' boxes; table cells their raw text, spans,
 * refs and boxes; `ocr` the recogniser, its notes and its readings' confidence.
 */
export interface StoredLayout extends Omit<SourceDocument, 'name' | 'path' | 'sha256' | 'bytes' | 'mediaType'> {
  format: typeof LAYOUT_FORMAT;
}

export function storedLayout(doc: SourceDocument): StoredLayout {
  const { name: _n, path: _p, sha256: _s, bytes: _b, mediaType: _m, ...layout } = doc;
  return { format: LAYOUT_FORMAT, ...layout };
}

/** The cells of a line that hold text: a table row has two or more, a heading or prose one. */
export const filledCells = (l: TextLine): number => l.cells.filter((c) => c.text.trim() !== '').length;
