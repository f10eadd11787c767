// Small text documents for the reconstruct tests, read by the real text readers.
import type { SourceDocument } from '@ziping/core';
import { readText, type TextDialect } from '@ziping/ingest';

const asDoc = (read: ReturnType<typeof readText>): SourceDocument =>
  ({ name: 't.txt', path: 't.txt', mediaType: 'text/plain', sha256: 'x', bytes: 0, pageCount: 1, ...read });

/** A tab dump: each row's cells separated by `|`. */
export const tabDoc = (rows: string[]): SourceDocument => asDoc(readText(rows.map((r) => r.replaceAll('|', '\t')).join('\n')));

/**
 * Lines read as the given dialect (a page end appended for plain pdftotext); throws when the
 * sniffer reads them as another, so a test cannot pass on the wrong reader.
 */
export function dumpDoc(lines: string[], dialect: TextDialect): SourceDocument {
  const read = readText(dialect === 'pdftotext' ? `${lines.join('\n')}\n\f` : lines.join('\n'));
  if (read.dialect !== dialect) throw new Error(`read as ${read.dialect}, not ${dialect}`);
  return asDoc(read);
}
