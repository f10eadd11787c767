// Comma-separated values (RFC 4180: quoted fields may hold commas, quotes and line breaks; CRLF
// records; optional BOM), as spreadsheets export them: every row has all columns, merged areas
// are empty fields, several sheets or forms follow one another separated by empty rows.
import type { LayoutBlock } from '@ziping/core';
import { cellAddress } from '../address.ts';
import { linePages, recordsToBlocks, splitRecords, type Rec } from './tabbed.ts';
import { physicalLines } from './lines.ts';

const filled = (r: Rec) => r.fields.some((f) => f.raw.trim() !== '');

/**
 * Whether a text is CSV: most records (quotes honoured) have the same number of fields, at
 * least four, and few lines hold tabs; or the records with quoted fields agree on a count of
 * two or more. Prose with commas does not give every line the same count.
 */
export function isCsv(text: string): boolean {
  const lines = physicalLines(text);
  const nonBlank = lines.filter((l) => l.trim() !== '');
  if (nonBlank.length < 2 || nonBlank.filter((l) => l.includes('\t')).length > nonBlank.length / 10) return false;
  const recs = splitRecords(lines, ',').filter(filled);
  const counts = new Map<number, number>();
  for (const r of recs) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  const [width, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (width >= 4 && n >= recs.length * 0.6) return true;
  const quoted = recs.some((r) => r.fields.some((f) => f.quoted));
  return quoted && width >= 2 && n >= recs.length * 0.8;
}

/**
 * Table cells get the address a spreadsheet gives them when it opens the file (`C7`: record 7,
 * field 3; a quoted field over several lines is one record), so the review page can point at
 * the cell the way a reviewer finds it.
 */
export function readCsv(text: string): LayoutBlock[] {
  const lines = physicalLines(text);
  const recs = splitRecords(lines, ',');
  const recordNo = new Map(recs.map((r, i) => [r, i]));
  return recordsToBlocks(recs, lines, linePages(lines), (r, col) => cellAddress(recordNo.get(r)!, col));
}
