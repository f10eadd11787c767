// The funding block of a form whose cells a reader met in reading order (plain pdftotext:
// LayoutParagraph.interleaved), printed column by column: the sources' labels as one flow
// (年度资金总额 / 财政拨款 / 其他资金 …), and each amount column as its label followed by one
// figure per source, scattered among the form's other flows (a column's cells keep their
// top-to-bottom order). Columns printed together come as their labels, then the figures row
// by row (`分值` / `执行率` / `得分`, then 10 / 97.31% / 9.73 / — / …). A column is read only
// where its figures are exactly as many as the sources (times its labels), each of the kind its
// field holds (a rate a percentage, points and amounts bare numbers, or a dash), and, for
// columns printed together, only one way of sharing them out fits; otherwise it is left out.
import type { FormX, LayoutCell } from '@ziping/core';
import { parseNumber } from '../text.ts';
import type { Row } from './rows.ts';
import { columnField, emptyRow, fitsField, lineOf, next, put, single, sourceLike, type Field } from './stream-funding-cells.ts';
import { readFundingRows } from './stream-funding-rows.ts';
import { readFundingRuns } from './stream-funding-runs.ts';
import { fundingField, indicatorField, isUnitTail, sectionKind } from './vocabulary.ts';

export { fitsField } from './stream-funding-cells.ts';

/** The sources' labels: a run of two or more such lines right after a funding block's label (wrapped over lines). */
function sourceRun(rows: Row[]): LayoutCell[] | null {
  for (let i = 0; i < rows.length; i++) {
    // the block's label, maybe wrapped (`年度预算` / `执行情况`) and its unit on a line of its own
    let text = '';
    let j = i;
    for (; j < rows.length && j < i + 3; j++) {
      const c = single(rows[j]);
      if (!c || (j > i && !next(single(rows[j - 1])!, c))) break;
      text += c.text;
      if (sectionKind(text) === 'funding') break;
    }
    if (j >= rows.length || j >= i + 3 || sectionKind(text) !== 'funding') continue;
    let k = j + 1;
    // the block's unit, and the label of the sources' column, on lines of their own
    while (single(rows[k]) && (isUnitTail(single(rows[k])!.text) || fundingField(single(rows[k])!.text) === 'sources')) k++;
    const run: LayoutCell[] = [];
    for (; single(rows[k]) && sourceLike(single(rows[k])!.text) && (run.length === 0 || next(run.at(-1)!, single(rows[k])!)); k++) run.push(single(rows[k])!);
    if (run.length >= 2) return run;
  }
  return null;
}

interface Block { fields: Field[]; values: LayoutCell[] }

/** Amount columns: label lines, then as many figure lines as `n` rows take, the flow ending there. */
function columnBlocks(rows: Row[], n: number): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < rows.length; i++) {
    const first = single(rows[i]);
    if (!first || !columnField(first.text)) continue;
    // the run starts here: a label of another header on the line above makes it that header's
    const above = single(rows[i - 1]);
    if (above && above.prov.page === first.prov.page && lineOf(first) === lineOf(above) + 1 && (indicatorField(above.text) != null || fundingField(above.text) != null)) continue;
    const labels = [first];
    let k = i + 1;
    for (; single(rows[k]) && next(labels.at(-1)!, single(rows[k])!) && columnField(single(rows[k])!.text); k++) labels.push(single(rows[k])!);
    const values: LayoutCell[] = [];
    for (let prev = labels.at(-1)!; single(rows[k]) && next(prev, single(rows[k])!) && parseNumber(single(rows[k])!.text) !== undefined; k++) {
      prev = single(rows[k])!;
      values.push(prev);
    }
    i = k - 1;
    const fields = labels.map((l) => columnField(l.text)!);
    if (new Set(fields).size !== fields.length || values.length !== n * fields.length) continue;
    out.push({ fields, values });
  }
  return out;
}

/** The figures of a block row by row (cells printed side by side), or column by column; null where neither or both fit. */
export function shareBlock(b: Block, n: number): LayoutCell[][] | null {
  const k = b.fields.length;
  const byRow = Array.from({ length: n }, (_, r) => b.fields.map((_, c) => b.values[r * k + c]!));
  const byCol = Array.from({ length: n }, (_, r) => b.fields.map((_, c) => b.values[c * n + r]!));
  const fit = (g: LayoutCell[][]) => g.every((row) => row.every((v, c) => fitsField(b.fields[c]!, v.text)));
  const a = fit(byRow);
  const z = k > 1 && n > 1 && fit(byCol);
  return a && !z ? byRow : z && !a ? byCol : null;
}

/**
 * The funding columns printed column by column among a form's rows (see the file comment),
 * filled into its funding rows: those read already, else rows made from the sources' labels,
 * where two or more columns check out.
 */
export function readFundingColumns(rows: Row[], form: FormX): void {
  if (form.funding.length === 0 && (readFundingRows(rows, form) || readFundingRuns(rows, form))) return;
  const known = form.funding.length >= 2;
  const labels = known ? null : sourceRun(rows);
  const n = known ? form.funding.length : labels?.length ?? 0;
  if (n < 2) return;
  const shared = columnBlocks(rows, n).map((b) => ({ b, g: shareBlock(b, n) })).filter((x) => x.g);
  if (shared.length === 0 || (!known && shared.length < 2)) return;
  const list = known ? form.funding : labels!.map(emptyRow);
  for (const { b, g } of shared) list.forEach((row, r) => b.fields.forEach((f, c) => put(row, f, g![r]![c]!)));
  if (!known) form.funding.push(...list);
}

/** Each interleaved form's funding columns, from the rows between its start and the next form's. */
export function readAllFundingColumns(rows: Row[], forms: { form: FormX; interleaved: number }[]): void {
  // the first row printing each line, found once (not every row searched for every form)
  const rowOf = new Map<string, number>();
  rows.forEach((r, i) => r.slots.forEach((c) => {
    const key = c && `${c.prov.page}:${c.prov.line}`;
    if (key && !rowOf.has(key)) rowOf.set(key, i);
  }));
  const starts = forms.map(({ form: { prov: { form: p } } }) => (p ? rowOf.get(`${p.page}:${p.line}`) ?? -1 : -1));
  // each form's end: the first later form's start below its own (a stack of the next starts)
  const ends: number[] = new Array(forms.length);
  const stack: number[] = [];
  for (let k = forms.length - 1; k >= 0; k--) {
    while (stack.length > 0 && stack.at(-1)! <= starts[k]!) stack.pop();
    ends[k] = stack.at(-1) ?? rows.length;
    stack.push(starts[k]!);
  }
  forms.forEach((b, k) => {
    const s = starts[k]!;
    if (b.interleaved === 0 || s < 0) return;
    readFundingColumns(rows.slice(s, ends[k]), b.form);
  });
}
