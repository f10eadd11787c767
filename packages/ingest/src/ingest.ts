import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, type OcrRecord, type SourceDocument } from '@ziping/core';
import type { OcrConfig, OcrDocument } from '@ziping/ocr';
import { sniffMediaType } from './detect.ts';
import { readDocx } from './office/docx.ts';
import { OFFICE_TYPE, officeProblem } from './office/ooxml.ts';
import { readXlsx, type OfficeRead } from './office/xlsx.ts';
import { readPdf } from './pdf/index.ts';
import { decodeText } from './text/decode.ts';
import { readText } from './text/index.ts';

export interface IngestOptions {
  /** OCR for scanned pages and images; `false` leaves scanned pages unread (reported as PARSE). */
  ocr?: OcrConfig | false;
}

/** Read one file into positioned text. Throws `InputError` naming the file when it cannot be used. */
export async function ingestFile(path: string, opts: IngestOptions = {}): Promise<SourceDocument> {
  let buf: Buffer;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError('UNREADABLE', path, 'not a regular file');
    buf = await readFile(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('NOT_FOUND', path, 'no such file');
    throw new InputError('UNREADABLE', path, `cannot read (${code ?? String(e)})`);
  }
  const kind = sniffMediaType(buf);
  if (kind === 'application/pdf') return ingestPdf(buf, path, opts.ocr ?? {});
  if (kind === 'image/png' || kind === 'image/jpeg' || kind === 'image/tiff') {
    if (opts.ocr === false) throw new InputError('UNSUPPORTED_TYPE', path, 'an image needs OCR, which is switched off');
    return ingestImage(buf, path, kind, opts.ocr ?? {});
  }
  return ingestBytes(buf, path); // text, and Office files (.xlsx/.xlsm, .docx): their readers are synchronous
}

/** An Office file through its reader; what it cannot read becomes an InputError naming the file. */
function ingestOffice(buf: Buffer, path: string, kind: keyof typeof OFFICE_TYPE): SourceDocument {
  let read: OfficeRead;
  try {
    read = kind === 'xlsx' ? readXlsx(buf) : readDocx(buf);
  } catch (e) {
    throw new InputError('UNREADABLE', path, `cannot read the .${kind} (${(e as Error).message ?? String(e)})`);
  }
  if (read.lines.length === 0) throw new InputError('EMPTY_FILE', path, kind === 'xlsx' ? 'no sheet holds a value' : 'the document holds no text');
  return { ...baseOf(buf, path), mediaType: OFFICE_TYPE[kind], pageCount: read.pageCount, lines: read.lines, blocks: read.blocks };
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
export async function ingestPdf(buf: Buffer, path: string, ocr: OcrConfig | false = {}): Promise<SourceDocument> {
  const { pageCount, lines, blocks, unreadablePages } = await readPdf(buf, path);
  const base = { ...baseOf(buf, path), mediaType: 'application/pdf' as const, pageCount };
  if (ocr === false || unreadablePages.length === 0) return { ...base, lines, blocks, unreadablePages };
  const { mergeOcr, ocrPdf } = await loadOcr();
  // text-layer pages and OCR'd pages in page order, lines renumbered through the document, blocks with them
  const read = mergeOcr(lines, await ocrPdf(new Uint8Array(buf), { ...ocr, pages: unreadablePages }), blocks);
  const empty = unreadablePages.filter((p) => !read.lines.some((l) => l.page === p));
  return { ...base, lines: read.lines, blocks: read.blocks, unreadablePages: empty, ocr: recordOf(read) };
}

/** A scanned page as an image file (PNG, JPEG, TIFF with one or more pages), read by OCR. */
export async function ingestImage(buf: Buffer, path: string, mediaType: 'image/png' | 'image/jpeg' | 'image/tiff', ocr: OcrConfig = {}): Promise<SourceDocument> {
  const { ocrImage } = await loadOcr();
  let read: OcrDocument;
  try {
    read = await ocrImage(buf, ocr);
  } catch (e) {
    throw new InputError('UNREADABLE', path, `cannot decode the image (${(e as Error).message ?? String(e)})`);
  }
  return { ...baseOf(buf, path), mediaType, pageCount: read.pages.length, lines: read.lines, blocks: read.blocks, ocr: recordOf(read) };
}

const recordOf = (d: OcrDocument): OcrRecord => ({ engine: d.engine.name, version: d.engine.version, pages: d.pages.map((p) => p.page), notes: d.warnings });

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
      const office = officeProblem(buf); // encrypted or legacy Office, a corrupt or foreign ZIP
      if (office) throw new InputError(office.code, path, office.detail);
      throw new InputError('BINARY_JUNK', path, 'not text, PDF, an image or an Office file (binary content)');
    }
    case OFFICE_TYPE.xlsx:
      return ingestOffice(buf, path, 'xlsx');
    case OFFICE_TYPE.docx:
      return ingestOffice(buf, path, 'docx');
    case 'text/plain': {
      const { text } = decodeText(buf);
      if (text.trim() === '') throw new InputError('EMPTY_FILE', path, 'the file holds only white space');
      const read = readText(text);
      const pageCount = Math.max(1, ...read.lines.map((l) => l.page));
      return { ...base, mediaType: kind, pageCount, lines: read.lines, blocks: read.blocks };
    }
    case 'application/pdf':
      throw new InputError('UNSUPPORTED_TYPE', path, 'PDF input is read asynchronously: use ingestFile or ingestPdf');
    default:
      throw new InputError('UNSUPPORTED_TYPE', path, `${kind} input is not supported yet`);
  }
}
