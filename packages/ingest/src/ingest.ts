import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, type OcrRecord, type SourceDocument } from '@ziping/core';
import type { OcrConfig, OcrDocument } from '@ziping/ocr';
import { OLE_TYPE, sniffMediaType } from './detect.ts';
import { readDocx } from './office/docx.ts';
import { ConvertError, convertWithSoffice, inspectOleFile, legacyError, type ConvertOptions } from './office/legacy.ts';
import { OFFICE_TYPE, officeProblem } from './office/ooxml.ts';
import { readXlsx, type OfficeRead } from './office/xlsx.ts';
import { ZipError } from './office/zip.ts';
import { checkDocument, checkFileSize, checkTextLines } from './limits.ts';
import { pdfPool, readPdf } from './pdf/index.ts';
import { decodeText } from './text/decode.ts';
import { isHtml, readText } from './text/index.ts';

export interface IngestOptions {
  /** OCR for scanned pages and images; `false` leaves scanned pages unread (reported as PARSE). */
  ocr?: OcrConfig | false;
  /**
   * LibreOffice for legacy .doc / .xls / WPS files (converted to .docx / .xlsx in a temp folder,
   * within a time limit); `false` refuses them. Default: `soffice` from PATH, SOFFICE_TIMEOUT_MS.
   */
  convert?: ConvertOptions | false;
  /** Threads reading a PDF's pages; 0 reads them on the calling thread (default: defaultPageWorkers in pdf/pool.ts). */
  pdfWorkers?: number;
}

/** Read one file into positioned text. Throws `InputError` naming the file when it cannot be used. */
export async function ingestFile(path: string, opts: IngestOptions = {}): Promise<SourceDocument> {
  let buf: Buffer;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError('UNREADABLE', path, 'not a regular file');
    checkFileSize(st.size, path);
    buf = await readFile(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('NOT_FOUND', path, 'no such file');
    throw new InputError('UNREADABLE', path, `cannot read (${code ?? String(e)})`);
  }
  const kind = sniffMediaType(buf);
  if (kind === 'application/pdf') return ingestPdf(buf, path, opts.ocr ?? {}, opts.pdfWorkers);
  if (kind === 'image/png' || kind === 'image/jpeg' || kind === 'image/tiff') {
    if (opts.ocr === false) throw new InputError('UNSUPPORTED_TYPE', path, 'an image needs OCR, which is switched off');
    return ingestImage(buf, path, kind, opts.ocr ?? {});
  }
  if (kind === OLE_TYPE) return ingestLegacy(buf, path, opts.convert ?? {});
  return ingestBytes(buf, path); // text, and Office files (.xlsx/.xlsm, .docx/.docm): their readers are synchronous
}

/**
 * An Office file through its reader; what it cannot read becomes an InputError naming the file.
 * `original`: the file as uploaded when `buf` is LibreOffice's conversion of it (its sha256 and size are kept).
 */
function ingestOffice(buf: Uint8Array, path: string, kind: keyof typeof OFFICE_TYPE, original: Buffer): SourceDocument {
  let read: OfficeRead;
  try {
    read = kind === 'xlsx' ? readXlsx(buf) : readDocx(buf);
  } catch (e) {
    if (e instanceof ZipError) {
      const msg = e.message;
      if (e.reason === 'too-large') throw new InputError('TOO_LARGE', path, `${msg}: a form is far smaller; split the file or save the form as PDF`);
      if (e.reason === 'encrypted') throw new InputError('ENCRYPTED_OFFICE', path, `password-protected: ${msg}`);
      if (e.reason === 'unsupported') throw new InputError('UNSUPPORTED_TYPE', path, `cannot read the .${kind}: ${msg}`);
      throw new InputError('UNREADABLE', path, `a corrupt .${kind}: ${msg}`);
    }
    throw new InputError('UNREADABLE', path, `cannot read the .${kind} (${(e as Error).message ?? String(e)})`);
  }
  if (read.lines.length === 0) throw new InputError('EMPTY_FILE', path, kind === 'xlsx' ? 'no sheet holds a value' : 'the document holds no text');
  checkDocument(read, path);
  return { ...baseOf(original, path), mediaType: OFFICE_TYPE[kind], pageCount: read.pageCount, lines: read.lines, blocks: read.blocks };
}

/**
 * A legacy .doc / .xls / WPS file, converted by LibreOffice when it is installed and read as the
 * .docx / .xlsx it writes (the document's media type is then that of the conversion). Refused,
 * naming the format, when it is password-protected, not a document, or LibreOffice is missing.
 */
async function ingestLegacy(buf: Buffer, path: string, convert: ConvertOptions | false): Promise<SourceDocument> {
  const info = inspectOleFile(buf, path);
  // An .xls "encrypted" with Excel's built-in default password opens without one: let LibreOffice try.
  const tryIt = info.target !== undefined && (!info.encrypted || info.kind === 'xls' || info.kind === 'et');
  if (!tryIt || convert === false) throw legacyError(info, path, convert === false ? 'which is switched off here' : undefined);
  let out: Uint8Array | null;
  try {
    out = await convertWithSoffice(buf, info, convert);
  } catch (e) {
    if (!(e instanceof ConvertError)) throw e;
    if (info.encrypted) throw legacyError(info, path);
    throw new InputError('UNREADABLE', path, `${info.format}: ${e.message}`);
  }
  if (!out) throw legacyError(info, path, 'which is not installed here (no `soffice` on PATH)');
  return ingestOffice(out, path, info.target!, buf);
}

// The OCR package loads its recognition models; only documents that need it pay for that.
let ocrLoaded = false;
const loadOcr = () => {
  ocrLoaded = true;
  return import('@ziping/ocr');
};

/**
 * A PDF's text layer as positioned lines (tables by their ruled grid); pages without a usable
 * text layer are OCR'd in the same document unless `ocr` is false.
 */
export async function ingestPdf(buf: Buffer, path: string, ocr: OcrConfig | false = {}, workers?: number): Promise<SourceDocument> {
  const { pageCount, pageSizes, lines, blocks, unreadablePages } = await readPdf(buf, path, pdfPool(workers));
  checkDocument({ lines, blocks }, path);
  const base = { ...baseOf(buf, path), mediaType: 'application/pdf' as const, pageCount, pageSizes };
  if (ocr === false || unreadablePages.length === 0) return { ...base, lines, blocks, unreadablePages };
  const { mergeOcr, ocrPdf, PageRenderError } = await loadOcr();
  let ocred: OcrDocument;
  try {
    ocred = await ocrPdf(new Uint8Array(buf), { ...ocr, pages: unreadablePages });
  } catch (e) {
    if (e instanceof PageRenderError) throw new InputError('CORRUPT_PDF', path, e.message);
    throw e;
  }
  // text-layer pages and OCR'd pages in page order, lines renumbered through the document, blocks with them
  const read = mergeOcr(lines, ocred, blocks);
  const empty = unreadablePages.filter((p) => !read.lines.some((l) => l.page === p));
  return { ...base, lines: read.lines, blocks: read.blocks, unreadablePages: empty, ocr: recordOf(read) };
}

/** A scanned page as an image file (PNG, JPEG, TIFF with one or more pages), read by OCR. */
export async function ingestImage(buf: Buffer, path: string, mediaType: 'image/png' | 'image/jpeg' | 'image/tiff', ocr: OcrConfig = {}): Promise<SourceDocument> {
  const { ocrImage, ImageTooLargeError } = await loadOcr();
  let read: OcrDocument;
  try {
    read = await ocrImage(buf, ocr);
  } catch (e) {
    if (e instanceof ImageTooLargeError) throw new InputError('TOO_LARGE', path, `the image is ${e.message}`);
    throw new InputError('UNREADABLE', path, `cannot decode the image (${(e as Error).message ?? String(e)})`);
  }
  // boxes are in points at the scan's resolution (72 / dpi a pixel): so are the page sizes
  const pageSizes = read.pages.map((p) => ({ page: p.page, width: Math.round((p.width * 7200) / p.dpi) / 100, height: Math.round((p.height * 7200) / p.dpi) / 100 }));
  return { ...baseOf(buf, path), mediaType, pageCount: read.pages.length, pageSizes, lines: read.lines, blocks: read.blocks, ocr: recordOf(read) };
}

const recordOf = (d: OcrDocument): OcrRecord => ({
  engine: d.engine.name, version: d.engine.version, pages: d.pages.map((p) => p.page), notes: d.warnings,
  readings: d.cells.map((c) => ({ page: c.page, line: c.line, col: c.col, confidence: Math.round(c.confidence * 1000) / 1000 })),
});

/** Frees the OCR engines' workers if any were started (they keep a process alive). */
export async function closeOcr(): Promise<void> {
  if (!ocrLoaded) return;
  await (await loadOcr()).closeEngines();
}

const baseOf = (buf: Buffer, path: string) => ({ name: basename(path), path, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length });

export function ingestBytes(buf: Buffer, path: string): SourceDocument {
  const kind = sniffMediaType(buf);
  const base = baseOf(buf, path);
  switch (kind) {
    case 'empty':
      throw new InputError('EMPTY_FILE', path, 'the file is empty');
    case 'binary': {
      const office = officeProblem(buf); // a corrupt or foreign ZIP
      if (office) throw new InputError(office.code, path, office.detail);
      throw new InputError('BINARY_JUNK', path, 'not text, PDF, an image or an Office file (binary content)');
    }
    case OLE_TYPE: // legacy or encrypted Office; ingestFile converts legacy files when LibreOffice is installed
      throw legacyError(inspectOleFile(buf, path), path);
    case OFFICE_TYPE.xlsx:
      return ingestOffice(buf, path, 'xlsx', buf);
    case OFFICE_TYPE.docx:
      return ingestOffice(buf, path, 'docx', buf);
    case 'text/plain': {
      const { text } = decodeText(buf);
      if (text.trim() === '') throw new InputError('EMPTY_FILE', path, 'the file holds only white space');
      checkTextLines(text, path, isHtml(text));
      const read = readText(text);
      checkDocument(read, path);
      const pageCount = read.lines.reduce((n, l) => Math.max(n, l.page), 1); // no spread: a dump may have a million lines
      return { ...base, mediaType: kind, pageCount, lines: read.lines, blocks: read.blocks };
    }
    case 'application/pdf':
      throw new InputError('UNSUPPORTED_TYPE', path, 'PDF input is read asynchronously: use ingestFile or ingestPdf');
    default:
      throw new InputError('UNSUPPORTED_TYPE', path, `${kind} input is not supported yet`);
  }
}
