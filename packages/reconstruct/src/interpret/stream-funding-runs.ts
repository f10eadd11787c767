// A funding block whose column labels plain pdftotext printed first, as lines of labels (a
// label wrapped over lines leaves its unit on a line of its own: `全年预算数（万` / `元）`), and
// then each source row as a run of figures, one or a few a line, exactly one figure per column
// (a dash for an empty cell), with the rows' labels among the runs. The labels form a flow of
// their own, so a label may come before or after its run, and the block's label (maybe wrapped,
// `预算执行情` / `况（20%）`) between them. Lines of labels of unequal height are printed in any
// order, so the columns are taken in the order every such form prints them (budgets, execution,
// points, rate, score), and each figure must be of its column's kind. Read only where the runs
// and the source labels are exactly as many (the i-th label naming the i-th run).
import type { FormX, LayoutCell } from '@ziping/core';
import { isBlankMark, parseNumber } from '../text.ts';
import type { Row } from './rows.ts';
import { lineCells } from './stream.ts';
import { columnField, emptyRow, fitsField, put, sourceLike, type Field } from './stream-funding-cells.ts';
import { indicatorField, isTotalLabel, isUnitTail, levelOf, metaField, sectionKind, titleKind, unitOf } from './vocabulary.ts';

/** The order of a funding block's columns, left to right. */
const ORDER: Field[] = ['initial_budget', 'annual_budget', 'executed', 'balance', 'weight', 'rate', 'score'];

const isFigure = (t: string) => isBlankMark(t) || typeof parseNumber(t) === 'number';
/** A line of column labels and unit tails only, with one label at least. */
const labelLine = (cells: LayoutCell[]) => cells.length > 0 && cells.some((c) => columnField(c.text)) && cells.every((c) => columnField(c.text) || isUnitTail(c.text));
/** A line another part of the form starts at. */
const otherPart = (c: LayoutCell) => {
  const s = sectionKind(c.text);
  return (s != null && s !== 'funding') || indicatorField(c.text) != null || metaField(c.text) != null || titleKind(c.text) != null
    || isTotalLabel(c.text) || levelOf(c.text) != null;
};

/** The block from its first line of column labels on (see the file comment); true where it was read into `form`. */
export function readFundingRuns(rows: Row[], form: FormX): boolean {
  for (let i = 0; i < rows.length; i++) {
    if (!rows[i]!.paragraph || !labelLine(lineCells(rows[i]!))) continue;
    const head: LayoutCell[] = [];
    let k = i;
    for (; k < rows.length && rows[k]!.paragraph && labelLine(lineCells(rows[k]!)); k++) head.push(...lineCells(rows[k]!));
    const fields = head.map((c) => columnField(c.text)).filter((f): f is Field => f != null);
    if (fields.length < 3 || new Set(fields).size !== fields.length) { i = k - 1; continue; }
    fields.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    const runs: LayoutCell[][] = [];
    const texts: LayoutCell[] = [];
    let cur: LayoutCell[] = [];
    for (; k < rows.length && rows[k]!.paragraph; k++) {
      const cells = lineCells(rows[k]!);
      if (cells.length === 0) continue;
      if (cells.every((c) => isFigure(c.text))) {
        cur.push(...cells);
        if (cur.length > fields.length) break;
        if (cur.length === fields.length) { runs.push(cur); cur = []; }
        continue;
      }
      // a label inside a run, or the next part of the form: the block ends
      if (cur.length > 0 || cells.some(otherPart)) break;
      texts.push(...cells);
    }
    if (cur.length > 0 || runs.length < 2) { i = k - 1; continue; }
    const labels = sourceLabels(texts);
    if (!labels || labels.length !== runs.length) { i = k - 1; continue; }
    if (!runs.every((run) => run.every((c, q) => fitsField(fields[q]!, c.text)))) { i = k - 1; continue; }
    const list = labels.map(emptyRow);
    runs.forEach((run, r) => run.forEach((c, q) => put(list[r]!, fields[q]!, c)));
    form.funding.push(...list);
    form.amount_unit ??= unitOf(head.map((c) => c.text).join(''));
    return true;
  }
  return false;
}

/** The rows' labels among the texts between the runs: the block's label (joined where wrapped) left out; null where another text stands there. */
function sourceLabels(texts: LayoutCell[]): LayoutCell[] | null {
  const out: LayoutCell[] = [];
  for (let q = 0; q < texts.length; q++) {
    const t = texts[q]!.text;
    if (sectionKind(t) === 'funding' || isUnitTail(t)) continue;
    if (q + 1 < texts.length && sectionKind(t + texts[q + 1]!.text) === 'funding') { q++; continue; }
    if (!sourceLike(t)) return null;
    out.push(texts[q]!);
  }
  return out;
}
