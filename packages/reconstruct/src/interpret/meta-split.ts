// Key/value rows that a flattened source joined into one row: a layout dump's rows with no
// figure to anchor them may be read as one cell wrapped over lines, each cell then holding one
// line per row (`项目名称` / `主管部门` beside `某项目` / `某局`).
import { normalizeText, type LayoutCell } from '@ziping/core';
import { metaField } from './vocabulary.ts';

const lineOf = (c: LayoutCell, text: string, i: number, n: number): LayoutCell => {
  const { lineEnd, ...prov } = c.prov;
  // the cell's lines are the source's lines only where it spans as many
  const exact = lineEnd != null && lineEnd - c.prov.line + 1 === n;
  return { ...c, text: normalizeText(text), raw: text, prov: { ...prov, line: exact ? c.prov.line + i : c.prov.line } };
};

/**
 * A label cell whose every line is a label the vocabulary knows (and which is none as a whole),
 * beside a value cell with as many lines, split back into one label and value per line, in
 * order. Returns the cells, and the labels so split (their value is the cell after them).
 */
export function splitJoinedPairs(cells: LayoutCell[]): { cells: LayoutCell[]; split: Set<LayoutCell> } {
  const out: LayoutCell[] = [];
  const split = new Set<LayoutCell>();
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k]!;
    const v = cells[k + 1];
    const labels = c.raw.split('\n');
    const values = v?.raw.split('\n') ?? [];
    const joined = labels.length >= 2 && metaField(c.text) == null && labels.every((l) => metaField(normalizeText(l)) != null) &&
      values.length === labels.length && values.every((t) => metaField(normalizeText(t)) == null);
    if (!joined) { out.push(c); continue; }
    labels.forEach((l, i) => {
      const label = lineOf(c, l, i, labels.length);
      split.add(label);
      out.push(label, lineOf(v!, values[i]!, i, values.length));
    });
    k++;
  }
  return { cells: out, split };
}
