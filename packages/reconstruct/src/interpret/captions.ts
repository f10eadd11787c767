// Indicators printed in stacked tables, one per 一级 label: each table opens with a caption
// row (`产出指标`, centred over it) and then its own 二级/三级 header. The caption is the 一级
// label of the table's rows, and opens a new family: no 二级 label carries across it.
// A flattened source may put the caption anywhere near the end of the table above it: as a
// row of its own (of a funding block, or of the table above), or as the last line of a cell
// of that table's last row (`未超预算` / `效益指标`).
import type { LayoutCell } from '@ziping/core';
import { indicatorHeader } from './indicator-header.ts';
import { setLevel, type Levels } from './indicators.ts';
import { freshCells, type Row } from './rows.ts';
import { levelOf, levelsOf } from './vocabulary.ts';

const isCaption = (text: string): boolean => levelOf(text) != null && levelsOf(text).one;

/** Row i is a 一级 label alone right above an indicator header: that label, else null. */
export function captionAt(rows: Row[], i: number): LayoutCell | null {
  const cells = freshCells(rows[i]!);
  if (cells.length !== 1 || !isCaption(cells[0]!.text) || !rows[i + 1] || !indicatorHeader(rows, i + 1)) return null;
  return cells[0]!;
}

/**
 * A flattened source's row right above an indicator header whose cell ends in a line that is a
 * 一级 label: the caption, pushed into the cell above. The row without it and the caption, else null.
 */
export function trailingCaption(rows: Row[], i: number): { row: Row; caption: LayoutCell } | null {
  const row = rows[i]!;
  if (!row.approximate || row.paragraph || !rows[i + 1]) return null;
  for (const c of freshCells(row)) {
    const lines = (c.raw ?? c.text).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const last = lines.at(-1)!;
    if (lines.length < 2 || levelOf(c.text) || !isCaption(last)) continue;
    const label = levelOf(c.text.slice(-last.length)) ? c.text.slice(-last.length) : null;
    if (!label || c.text.length === label.length) continue;
    // the header test last: it reads the rows below, the cell test only this one
    if (!indicatorHeader(rows, i + 1)) return null;
    const line = c.prov.lineEnd ?? c.prov.line;
    const rest: LayoutCell = { ...c, text: c.text.slice(0, -label.length), raw: lines.slice(0, -1).join('\n'), prov: { ...c.prov, lineEnd: line - 1 } };
    if (rest.prov.lineEnd! <= rest.prov.line) delete rest.prov.lineEnd;
    const { lineEnd: _end, ...at } = c.prov;
    const caption: LayoutCell = { ...c, text: label, raw: last, prov: { ...at, line } };
    return { row: { ...row, slots: row.slots.map((s) => (s === c ? rest : s)) }, caption };
  }
  return null;
}

/**
 * The caption's label for the rows below: their 一级 label; their 二级 label is the table's own
 * (even under 满意度指标, which may be both). It is printed above its table, not centred on its
 * rows: no label to share the rows out by (centred.ts).
 */
export function takeCaption(levels: Levels, caption: LayoutCell): void {
  setLevel(levels, caption);
  levels.level1 = caption.text;
  levels.cell1 = caption;
  levels.level2 = null;
  levels.cell2 = null;
  levels.seen1 = levels.seen1?.filter((c) => c !== caption);
  levels.seen2 = levels.seen2?.filter((c) => c !== caption);
  levels.last = null;
}
