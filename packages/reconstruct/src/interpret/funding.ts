// The 项目资金 block: a header row naming the amount columns, then one row per funding source
// (label left of the amounts); or transposed, a 资金来源 row naming the sources as columns and
// one row per amount. Values are placed by the header's column spans, never by order.
import type { FundingRowX, LayoutCell } from '@ziping/core';
import { isBlankMark, parseNumber, parseRate } from '../text.ts';
import { align, type Target } from './align.ts';
import { cellIn, cellsOf, freshCells, provOf, slotOf, type Row } from './rows.ts';
import { fundingField, isUnitTail, sectionKind, unitOf, type FundingField } from './vocabulary.ts';

type Field = Exclude<FundingField, 'sources' | 'ignore'>;
export interface Column { field: Field; from: number; to: number; cell: LayoutCell }
export interface FundingHeader {
  columns: Column[];
  /** Slots left of the first amount column hold the row labels. */
  labelEnd: number;
  /** The block's own label (`项目资金（万元）`), merged down over the rows in a ruled table. */
  blockCell: LayoutCell | null;
  unit: '元' | '万元' | null;
  unknown: LayoutCell[];
  /** Texts left of the row labels, in order: a block label wrapped over rows (`项目资金（万` / `元）`). */
  margin: string[];
}

const AMOUNTS: Field[] = ['declared_budget', 'initial_budget', 'annual_budget', 'executed', 'rate', 'balance'];

/** The row as a funding header, or null: two or more amount columns named by the vocabulary. */
export function fundingHeader(row: Row): FundingHeader | null {
  const columns: Column[] = [];
  const unknown: LayoutCell[] = [];
  let blockCell: LayoutCell | null = null;
  for (const cell of cellsOf(row)) {
    const f = fundingField(cell.text);
    const from = slotOf(row, cell);
    // a known column outside form-extract/v1 (备注): neither read nor reported as unknown
    if (f === 'ignore') continue;
    if (f && f !== 'sources') columns.push({ field: f, from, to: from + countSlots(row, cell) - 1, cell });
    else if (columns.length === 0) blockCell ??= cell;
    else if (!isUnitTail(cell.text)) unknown.push(cell);
  }
  if (new Set(columns.filter((c) => AMOUNTS.includes(c.field)).map((c) => c.field)).size < 2) return null;
  const unit = [blockCell, ...columns.map((c) => c.cell)].map((c) => (c ? unitOf(c.text) : null)).find((u) => u) ?? null;
  return { columns, labelEnd: columns[0]!.from, blockCell, unit, unknown, margin: blockCell ? [blockCell.text] : [] };
}

/**
 * A second header row under the first (年初预算数 › 目标申报数 / 预算编制数): its labels
 * replace the column above them. False when the row is not one.
 */
export function refineFundingHeader(h: FundingHeader, row: Row): boolean {
  const fresh = freshCells(row);
  // the tails of labels wrapped over lines (`全年执行数（万` / `元）`, `权重` / `（%）`) say nothing more
  const cells = fresh.filter((c) => !isUnitTail(c.text));
  const fields = cells.map((c) => fundingField(c.text));
  if (fresh.length === 0 || fields.some((f) => !f || f === 'sources' || f === 'ignore') || fresh.some((c) => parseNumber(c.text) !== undefined)) return false;
  const parentOf = (cell: LayoutCell) => h.columns.find((c) => c.from <= slotOf(row, cell) && c.to >= slotOf(row, cell));
  // a sub-label refines its column; one that would erase a field the top row names (a dump's
  // drifting tabs put 执行率 under 全年执行数) is no refinement of it and is left out
  const after = new Set(h.columns.filter((c) => !cells.some((x) => parentOf(x) === c)).map((c) => c.field));
  for (const f of fields) after.add(f as Field);
  cells.forEach((cell, k) => {
    const from = slotOf(row, cell);
    const parent = parentOf(cell);
    if (parent && !after.has(parent.field)) return;
    // it refines only the column it stands under (a missing rule may stretch its cell)
    const to = Math.min(from + countSlots(row, cell) - 1, parent ? parent.to : from);
    if (parent && parent.from < from) h.columns.push({ ...parent, to: from - 1 });
    if (parent && parent.to > to) h.columns.push({ ...parent, from: to + 1 });
    h.columns = h.columns.filter((c) => c !== parent);
    h.columns.push({ field: fields[k] as Field, from, to, cell });
  });
  h.columns.sort((a, b) => a.from - b.from);
  h.labelEnd = Math.min(h.labelEnd, h.columns[0]!.from);
  return true;
}

const countSlots = (row: Row, cell: LayoutCell) => row.slots.filter((s) => s === cell).length;

/**
 * A row of the funding block with no amount, only text left of the amount columns: the block's
 * label wrapped over lines (`预算执行情` / `况（20%）`). Its text is kept as margin; true when so.
 */
export function marginRow(row: Row, h: FundingHeader): boolean {
  const cells = freshCells(row);
  if (cells.length === 0 || cells.some((c) => parseNumber(c.text) !== undefined || slotOf(row, c) >= h.labelEnd)) return false;
  h.margin.push(...cells.map((c) => c.text));
  return true;
}

/** The block's label, or the rest of it where the margin above holds its unfinished start. */
const blockPiece = (h: FundingHeader, c: LayoutCell): boolean => {
  const start = h.margin.at(-1);
  return sectionKind(c.text) === 'funding' || (start != null && !sectionKind(start) && sectionKind(start + c.text) === 'funding');
};

/** Funding row `source`: white space removed, a leading 其中： and a trailing colon dropped. */
export const sourceLabel = (text: string): string => text.replace(/\s+/g, '').replace(/^其中[:：]?/, '').replace(/[:：]$/, '');

const emptyRow = (source: string): FundingRowX => ({
  source, initial_budget: null, annual_budget: null, executed: null, balance: null, weight: null, rate: null, score: null, prov: {},
});

/** Columns that hold points (分值, 得分): a percentage is never one of them. */
const POINTS: ReadonlySet<Field> = new Set(['weight', 'score']);

function put(row: FundingRowX, field: Field, cell: LayoutCell | null): boolean {
  if (!cell || (POINTS.has(field) && /%\s*$/.test(cell.text))) return false;
  const n = field === 'rate' ? parseRate(cell.text) : parseNumber(cell.text);
  const key = field === 'declared_budget' ? null : field;
  if (!key) return n != null;
  if (typeof n === 'number') {
    // where the budget splits into 目标申报数 and 预算编制数, the latter is the initial budget
    row[key] = n;
    row.prov[key] = provOf(cell.prov);
  }
  return n !== undefined || isBlankMark(cell.text);
}

/**
 * One funding row under `h`, or null when the row is not one (no label, or no amount cell):
 * the caller then ends the block.
 */
export function fundingRow(row: Row, h: FundingHeader): FundingRowX | null {
  const cells = cellsOf(row).filter((c) => c !== h.blockCell && !blockPiece(h, c));
  // the row label sits just left of the amounts; anything further left is the block's label
  const labelSlot = Math.max(0, h.labelEnd - 1);
  const targets: Target[] = [
    { shape: 'name', from: labelSlot, to: labelSlot },
    ...h.columns.map((c): Target => ({ shape: POINTS.has(c.field) ? 'points' : 'amount', from: c.from, to: c.to })),
  ];
  const placed = align(row, cells, targets);
  const label = placed.get(0);
  for (const c of cellsOf(row)) if (c.row === row.r && c !== label && slotOf(row, c) < h.labelEnd && !h.margin.includes(c.text)) h.margin.push(c.text);
  const section = label ? sectionKind(label.text) : null;
  if (!label || (section && section !== 'funding') || parseNumber(label.text) !== undefined) return null;
  const out = emptyRow(sourceLabel(label.text));
  out.prov.source = provOf(label.prov);
  let filled = 0;
  h.columns.forEach((col, k) => {
    if (put(out, col.field, placed.get(k + 1) ?? null)) filled++;
  });
  return filled > 0 ? out : null;
}

export interface TransposedHeader { sources: { label: string; from: number; to: number; cell: LayoutCell }[] }

/** A 资金来源 row: the sources are its other cells, each a column. */
export function transposedHeader(row: Row): TransposedHeader | null {
  const cells = freshCells(row);
  if (cells.length < 3 || fundingField(cells[0]!.text) !== 'sources') return null;
  const sources = cells.slice(1).map((cell) => {
    const from = slotOf(row, cell);
    return { label: sourceLabel(cell.text), from, to: from + countSlots(row, cell) - 1, cell };
  });
  return sources.some((s) => parseNumber(s.label) !== undefined) ? null : { sources };
}

/** A row of a transposed block (年初预算数 … per source): fills the rows in place; false ends the block. */
export function transposedRow(row: Row, h: TransposedHeader, rows: FundingRowX[]): boolean {
  const label = freshCells(row)[0];
  const field = label ? fundingField(label.text) : null;
  if (!label || !field || field === 'sources' || field === 'ignore' || slotOf(row, label) >= h.sources[0]!.from) return false;
  h.sources.forEach((s, k) => {
    const r = (rows[k] ??= { ...emptyRow(s.label), prov: { source: provOf(s.cell.prov) } });
    put(r, field, cellIn(row, s.from, s.to));
  });
  return true;
}

/**
 * A tab dump's header may drift from its rows: every row under it puts an empty field between
 * its label and its first amount that the header does not (`名称 | 年初预算数` over
 * `1. 财政拨款收入 | | 924.93`). When all rows of the block agree on a wider gap, the header's
 * amount columns move over by the difference. Only for approximate tables; `rows` are the
 * rows after the header (the block ends at its first row with no amount after a label).
 */
export function driftFundingHeader(h: FundingHeader, header: Row, rows: Row[]): void {
  if (!header.approximate || header.loose) return;
  const gapOf = (row: Row, at: number): number | null => {
    let label = -1;
    for (let s = at - 1; s >= 0; s--) {
      const c = row.slots[s];
      if (c && c.text !== '') { label = s; break; }
    }
    return label < 0 ? null : at - label;
  };
  const headerGap = gapOf(header, h.columns[0]!.from);
  if (headerGap == null) return;
  let min = Infinity;
  for (const row of rows) {
    if (row.paragraph || row.block !== header.block) break;
    const cells = freshCells(row);
    if (cells.some((c) => sectionKind(c.text) && sectionKind(c.text) !== 'funding') || fundingHeader(row)) break;
    const first = cells.find((c) => typeof parseNumber(c.text) === 'number');
    if (!first) continue;
    const gap = gapOf(row, slotOf(row, first));
    if (gap == null || parseNumber(row.slots[slotOf(row, first) - gap]!.text) !== undefined) continue;
    min = Math.min(min, gap);
  }
  const shift = min - headerGap;
  if (!Number.isFinite(shift) || shift <= 0) return;
  h.columns = h.columns.map((c) => ({ ...c, from: c.from + shift, to: c.to + shift }));
}
