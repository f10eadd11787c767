import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, type SourceDocument } from '@ziping/core';
import { sniffMediaType } from './detect.ts';
import { readPdf } from './pdf/index.ts';
import { textToLines } from './text.ts';

/** Read one file into positioned text. Throws `InputError` naming the file when it cannot be used. */
export async function ingestFile(path: string): Promise<SourceDocument> {
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
  if (sniffMediaType(buf) === 'application/pdf') return ingestPdf(buf, path);
  return ingestBytes(buf, path);
}

/** A PDF's text layer as positioned lines (tables by their ruled grid). */
export async function ingestPdf(buf: Buffer, path: string): Promise<SourceDocument> {
  const { pageCount, lines, unreadablePages } = await readPdf(buf, path);
  return { ...baseOf(buf, path), mediaType: 'application/pdf', pageCount, lines, unreadablePages };
}

const baseOf = (buf: Buffer, path: string) => ({ name: basename(path), path, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length });

export function ingestBytes(buf: Buffer, path: string): SourceDocument {
  const kind = sniffMediaType(buf);
  const base = baseOf(buf, path);
  switch (kind) {
    case 'empty':
      throw new InputError('EMPTY_FILE', path, 'the file is empty');
    case 'binary':
      throw new InputError('BINARY_JUNK', path, 'not text, PDF or an image (binary content)');
    case 'text/plain': {
      const text = buf.toString('utf8');
      if (text.trim() === '') throw new InputError('EMPTY_FILE', path, 'the file holds only white space');
      return { ...base, mediaType: kind, pageCount: 1, lines: textToLines(text) };
    }
    case 'application/pdf':
      throw new InputError('UNSUPPORTED_TYPE', path, 'PDF input is read asynchronously: use ingestFile or ingestPdf');
    default:
      throw new InputError('UNSUPPORTED_TYPE', path, `${kind} input is not supported yet (text dumps and PDFs only)`);
  }
}
