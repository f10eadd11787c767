// A funding block printed row by row with every cell a line of its own (plain pdftotext of a
// writer that spaces cells as paragraphs): the block's label, its column labels one a line
// (年初预算数 / 全年预算数 / … / 得分), then each source's label followed by its figures, the
// empty cells not printed at all. A row's figures are put in its columns in order, each in a
// column that holds its kind (a rate a percentage, points at most 100, amounts any number);
// a figure goes only where every such placing agrees, a dash nowhere (it says nothing). Read
// only where two or more rows come so, else left to the column reader.
import type { FormX, LayoutCell } from '@ziping/core';
import type { Row } from './rows.ts';
import { columnField, emptyRow, fitsField, next, put, single, sourceLike, type Field } from './stream-funding-cells.ts';
import { isBlankMark, parseNumber } from '../text.ts';
import { isUnitTail, sectionKind, unitOf } from './vocabulary.ts';

/** Placings looked at before giving up. */
const MAX_WAYS = 2000;

/**
 * For each figure, the one column every order-keeping placing of the figures in `fields` that
 * fits their kinds gives it, else null; null for all where none fits.
 */
export function placeFigures(fields: Field[], texts: string[]): (Field | null)[] | null {
  const can: Set<number>[] = texts.map(() => new Set());
  let ways = 0;
  const go = (v: number, c: number, pick: number[]) => {
    if (ways > MAX_WAYS) return;
    if (v === texts.length) { ways++; pick.forEach((x, q) => can[q]!.add(x)); return; }
    for (let k = c; k <= fields.length - (texts.length - v); k++) if (fitsField(fields[k]!, texts[v]!)) go(v + 1, k + 1, [...pick, k]);
  };
  go(0, 0, []);
  if (ways === 0 || ways > MAX_WAYS) return null;
  return can.map((s) => (s.size === 1 ? fields[[...s][0]!]! : null));
}

/** The block from its label on (see the file comment); true where it was read into `form`. */
export function readFundingRows(rows: Row[], form: FormX): boolean {
  for (let i = 0; i < rows.length; i++) {
    const head = single(rows[i]);
    if (!head || sectionKind(head.text) !== 'funding') continue;
    let k = i + 1;
    while (single(rows[k]) && isUnitTail(single(rows[k])!.text)) k++;
    const labels: LayoutCell[] = [];
    for (let c; (c = single(rows[k])) && columnField(c.text) && next(labels.at(-1) ?? head, c); k++) labels.push(c);
    const fields = labels.map((l) => columnField(l.text)!);
    if (fields.length < 2 || new Set(fields).size !== fields.length) continue;
    const read: ReturnType<typeof emptyRow>[] = [];
    for (let prev = labels.at(-1)!; ;) {
      const label = single(rows[k]);
      if (!label || !next(prev, label) || !sourceLike(label.text)) break;
      const figures: LayoutCell[] = [];
      for (let c; (c = single(rows[k + 1 + figures.length])) && next(figures.at(-1) ?? label, c) && parseNumber(c.text) !== undefined && figures.length < fields.length;) figures.push(c);
      const shown = figures.filter((c) => !isBlankMark(c.text));
      const placed = figures.length > 0 ? placeFigures(fields, figures.map((c) => c.text)) : null;
      if (!placed) break;
      const row = emptyRow(label);
      figures.forEach((c, q) => { const f = placed[q]; if (f && shown.includes(c)) put(row, f, c); });
      read.push(row);
      prev = figures.at(-1)!;
      k += 1 + figures.length;
    }
    if (read.length < 2) continue;
    form.funding.push(...read);
    form.amount_unit ??= unitOf(head.text);
    return true;
  }
  return false;
}
