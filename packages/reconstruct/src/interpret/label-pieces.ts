// A flattened source breaks a long level label over lines (`可持续影响指` / `标`), and where
// the next row's cells stand on the second line the pieces land in two rows; a reader may also
// join a label to the end of the one printed above it (`社会效益指标` + `可持续影响指`). Left
// so, a piece is no label the vocabulary knows, and the alignment takes it for a name. Here a
// level cell the vocabulary does not know is split after its leading label, and a piece left
// over (or a label that goes on, `服务对象满意度` / `指标`) is joined to the piece below it
// when together they make a label.
import { joinWrapped, normalizeText, type LayoutCell } from '@ziping/core';
import type { Column } from './indicator-header.ts';
import type { Levels } from './indicators.ts';
import type { Row } from './rows.ts';
import { levelOf } from './vocabulary.ts';

const piece = (c: LayoutCell, lines: string[], from: number, to: number): LayoutCell => {
  const line = c.prov.line + from;
  const end = Math.min(c.prov.lineEnd ?? c.prov.line, c.prov.line + to - 1);
  const part = lines.slice(from, to);
  const { lineEnd: _, ...at } = c.prov;
  return { ...c, text: normalizeText(joinWrapped(part)), raw: part.join('\n'), prov: end > line ? { ...at, line, lineEnd: end } : { ...at, line } };
};

/** A figure, a target with an operator, or a placeholder: never an indicator's name. */
const FIGURE = /^(?:[≥≤<>=＞＜约±+-]?\s*\d|[—–/-]+$)/;

/**
 * Whether the row prints no name after cell `c`: the next cell of the row right of it is a
 * figure (names stand right after the level columns, the figures after the names).
 */
const lacksName = (c: LayoutCell, cells: LayoutCell[]): boolean => {
  const next = cells.filter((o) => o.row === c.row && o.col > c.col).sort((a, b) => a.col - b.col)[0];
  return !!next && FIGURE.test(next.text);
};

/** The row's cells with level pieces joined or split off; `levels.pieces` carries the pieces left over to the next row. */
export function joinPieces(row: Row, cells: LayoutCell[], columns: Column[], levels: Levels): LayoutCell[] {
  const pending = levels.pieces ?? [];
  levels.pieces = [];
  const levelTo = Math.max(-1, ...columns.filter((c) => c.field === 'level1' || c.field === 'level2').map((c) => c.to));
  if (levelTo < 0) return cells;
  if (!row.approximate) return cells.map((c) => (c.row === row.r && c.col <= levelTo ? rejoinCut(c, levels) : c));
  const mine = (c: LayoutCell) => c.row === row.r && c.col <= levelTo;
  // a piece waits over a line that prints nothing in its column (the other level's label)
  const line = Math.min(...cells.map((c) => c.prov.line));
  levels.pieces = pending.filter((p) => !cells.some((c) => mine(c) && c.col === p.col) && line - (p.prov.lineEnd ?? p.prov.line) <= 1);
  return cells.flatMap((c) => {
    if (!mine(c)) return [c];
    // a label may go on over the next line (`服务对象满意度` / `指标`)
    if (levelOf(c.text)) { levels.pieces!.push(c); return [c]; }
    const above = pending.find((p) => p.col === c.col && c.prov.line - (p.prov.lineEnd ?? p.prov.line) <= 2);
    const joined = above ? normalizeText(joinWrapped([above.text, c.text])) : null;
    if (above && joined && levelOf(joined)) {
      const prov = { ...above.prov, lineEnd: c.prov.lineEnd ?? c.prov.line };
      return [{ ...c, text: joined, raw: `${above.raw}\n${c.raw}`, prov }];
    }
    const lines = c.raw.split('\n');
    // the longest run of leading lines that is a label, the rest a piece of the next label —
    // or the row's own name, where the row has no other: a label centred in its block, printed
    // on a line of its own right above the row's name in the column the name stands in
    // (`满意度指标` over a name in the same cell), when the row's next cell is a figure
    for (let k = lines.length - 1; k >= 1; k--) {
      const head = piece(c, lines, 0, k);
      const rest = piece(c, lines, k, lines.length);
      if (!levelOf(head.text) || /[\d()（）]/.test(rest.text)) continue;
      if (lacksName(c, cells)) return [head, rest];
      levels.pieces!.push(rest);
      return [head];
    }
    // a label the vocabulary does not know stays one, and may yet be the first piece of one
    levels.pieces!.push(c);
    return [c];
  });
}

/**
 * A merged level cell cut by a page break prints the rest of its label at the top of the next
 * page (`产出指` / `标`, `效益` / `指标`, each in a ruled cell of its own): a piece that is no
 * label alone is the rest of the one above when together they make a label. The cell joined
 * keeps the first piece's place, so the rows read under that piece take the whole label too.
 */
function rejoinCut(c: LayoutCell, levels: Levels): LayoutCell {
  if (levelOf(c.text) != null) return c;
  const prev = [levels.cell1, levels.cell2].find((p) => p != null && p.col === c.col && p.prov.page !== c.prov.page);
  const joined = prev ? normalizeText(joinWrapped([prev.text, c.text])) : null;
  if (!prev || !joined || levelOf(joined) == null) return c;
  return { ...c, text: joined, raw: `${prev.raw}\n${c.raw}`, prov: { ...prev.prov, lineEnd: c.prov.lineEnd ?? c.prov.line } };
}
