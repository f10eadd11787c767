// The cells of a funding block a reader met in reading order (plain pdftotext), as the
// readers of its columns (stream-funding.ts) and of its rows (stream-funding-rows.ts) tell them.
import type { FundingRowX, LayoutCell } from '@ziping/core';
import { isBareNumber, isBlankMark, parseNumber, parseRate } from '../text.ts';
import { sourceLabel } from './funding.ts';
import { provOf, type Row } from './rows.ts';
import {
  fundingField, indicatorField, isTotalLabel, isUnitTail, levelOf, metaField, sectionKind, titleKind, type FundingField,
} from './vocabulary.ts';

export type Field = Exclude<FundingField, 'sources' | 'ignore' | 'declared_budget'>;
const POINTS: ReadonlySet<Field> = new Set(['weight', 'score']);

/** A paragraph row of one cell: its cell, else null. */
export function single(row: Row | undefined): LayoutCell | null {
  if (!row?.paragraph || (row.parts && row.parts.length > 1)) return null;
  return row.slots[0] ?? null;
}
export const lineOf = (c: LayoutCell): number => c.prov.line;
/**
 * Lines of one column: on the same page, at most one blank line apart (a writer that spaces
 * every cell as a paragraph of its own puts one between any two).
 */
export const next = (a: LayoutCell, b: LayoutCell): boolean => a.prov.page === b.prov.page && lineOf(b) > lineOf(a) && lineOf(b) <= lineOf(a) + 2;

/** An amount column's label (`全年执行数`, `分值`); null for anything else. */
export function columnField(text: string): Field | null {
  const f = fundingField(text);
  return f && f !== 'sources' && f !== 'ignore' && f !== 'declared_budget' ? f : null;
}

/** A figure as a column of `field` holds it: a rate a percentage, points and amounts bare numbers; a dash anywhere. */
export function fitsField(field: Field, text: string): boolean {
  if (isBlankMark(text)) return true;
  if (field === 'rate') return /%$/.test(text.trim()) && parseRate(text) != null;
  return isBareNumber(text.replace(/,/g, '')) && (!POINTS.has(field) || (parseNumber(text) as number) <= 100);
}

/** A source's label: short text the vocabulary knows as nothing else. */
export function sourceLike(text: string): boolean {
  return [...text].length <= 14 && parseNumber(text) === undefined && !/\d/.test(text) && !/[，。；;,:：]$/.test(text)
    && fundingField(text) == null && indicatorField(text) == null && metaField(text) == null && levelOf(text) == null
    && sectionKind(text) == null && titleKind(text) == null && !isTotalLabel(text) && !isUnitTail(text);
}

export function put(row: FundingRowX, field: Field, cell: LayoutCell): void {
  if (row[field] != null) return;
  const v = field === 'rate' ? parseRate(cell.text) : parseNumber(cell.text);
  if (typeof v !== 'number') return;
  row[field] = v;
  row.prov[field] = provOf(cell.prov);
}

export const emptyRow = (label: LayoutCell): FundingRowX => ({
  source: sourceLabel(label.text), initial_budget: null, annual_budget: null, executed: null, balance: null, weight: null, rate: null, score: null,
  prov: { source: provOf(label.prov) },
});
