// An indicator table a PDF writer drew column group by column group (LibreOffice: the first
// columns of every row, then the last ones), so that plain pdftotext prints one header part and
// its cells row by row (一级 / 二级 / 三级指标 / 年度指标值: level labels, then name and target of
// each row in turn) up to the total's label, and further down, after the other blocks of the
// form, the other header part and its cells row by row (实际完成值 / 分值 / 得分: one value and a
// pair of bare numbers a row), then the total's figures and the deviation text. The two parts
// are put together row by row only where that pairing checks out: as many rows in both, names
// and values alternating in the first part, every row's 得分 within its 分值, a target and an
// actual of the same kind (both a figure in the same unit, or both words), and the printed total
// within reach of the rows' sums. Otherwise nothing is read (the form keeps its PARSE warning).
import type { LayoutCell } from '@ziping/core';
import type { Row } from './rows.ts';
import { lineCells, NOT_VALUES, type StreamRead, type StreamRow } from './stream.ts';
import { joinLabelPieces, num, tokenOf, type Tok } from './stream-tokens.ts';
import { attachmentOf, indicatorField, isPlaceholder, isTotalLabel, levelOf, sectionKind, titleKind, type IndicatorField } from './vocabulary.ts';

/** A header part: its value fields, the fields it names, the lines it takes. */
interface Part { fields: IndicatorField[]; values: IndicatorField[]; height: number }

/** Lines of interleaved header labels from row `i`. */
function headerPart(rows: Row[], i: number): Part | null {
  const fields: IndicatorField[] = [];
  let h = 0;
  for (; i + h < rows.length && rows[i + h]!.interleaved; h++) {
    const labels = lineCells(rows[i + h]!).map((c) => indicatorField(c.text));
    if (labels.length === 0 || labels.some((f) => f == null || f === 'ignore')) break;
    fields.push(...(labels as IndicatorField[]));
  }
  if (h === 0) return null;
  return { fields, values: fields.filter((f) => !NOT_VALUES.has(f) && f !== 'weight' && f !== 'score'), height: h };
}

/** The end of a form's run of rows: a title, an attachment line, a closing section. */
const endsForm = (row: Row): boolean => {
  const t = lineCells(row)[0]?.text ?? '';
  return titleKind(t) != null || attachmentOf(t) != null || sectionKind(t) === 'end';
};

/** What follows a figure's number (`≥3 个` → `个`), null for words (`逐步完善`). */
const unitTail = (text: string): string | null => {
  const m = /\d[\d,.]*\s*(.*)$/.exec(text);
  return m ? m[1]!.replace(/\s+/g, '') : null;
};
/** A target and an actual of one row: the same unit, or both words. */
const sameKind = (a: string, b: string): boolean => unitTail(a) === unitTail(b);

export interface GroupRead extends StreamRead { skip: Row[] }

/**
 * The indicator table from the header part at row `i`, or null where there is none or its
 * pairing does not check out (see the file comment). `end` is the row after the total's label,
 * `skip` the rows of the second part, which the caller passes over when it gets there.
 */
export function readColumnGroups(rows: Row[], i: number): GroupRead | null {
  const a = headerPart(rows, i);
  if (!a || !a.fields.includes('name') || a.fields.includes('weight') || a.fields.includes('score') || a.values.length !== 1) return null;
  // the first part: levels, then name / value by turns, up to the total's label
  const toks: Tok[] = [];
  let k = i + a.height;
  for (; k < rows.length; k++) {
    const cells = lineCells(rows[k]!);
    if (cells.length === 0) continue;
    if (isTotalLabel(cells[0]!.text)) break;
    const section = sectionKind(cells[0]!.text);
    if (endsForm(rows[k]!) || (section != null && section !== 'indicators')) return null;
    for (const c of cells) {
      const last = toks.at(-1);
      if (last?.kind === 'level' && levelOf(last.text + c.text)) { last.text += c.text; continue; }
      toks.push(tokenOf(c.text, c));
    }
  }
  if (k >= rows.length || lineCells(rows[k]!).length !== 1) return null;
  const end = k + 1;
  joinLabelPieces(toks);
  const levels: { tok: Tok; at: number }[] = [];
  const cells: Tok[] = [];
  for (const t of toks) {
    if (t.kind === 'level') levels.push({ tok: t, at: Math.floor(cells.length / 2) - 0.5 });
    else if (!isPlaceholder(t.text) && sectionKind(t.text) !== 'indicators') cells.push(t);
  }
  const n = cells.length / 2;
  if (n < 2 || !Number.isInteger(n)) return null;
  const names = cells.filter((_, q) => q % 2 === 0);
  const targets = cells.filter((_, q) => q % 2 === 1);
  if (names.some((t) => t.kind !== 'text') || targets.some((t) => t.kind === 'sentence' || t.kind === 'level')) return null;

  // the second part: further down the same form
  for (let j = end; j < rows.length && !endsForm(rows[j]!); j++) {
    if (!rows[j]!.interleaved) continue;
    const b = headerPart(rows, j);
    if (!b || b.fields.includes('name') || !b.fields.includes('weight') || !b.fields.includes('score') || b.values.length !== 1) continue;
    const second = secondPart(rows, j + b.height, n);
    if (!second) return null;
    const out: StreamRow[] = [];
    for (let r = 0; r < n; r++) {
      const [actual, weight, score] = second.rows[r]!;
      if (!sameKind(targets[r]!.text, actual.text)) return null;
      out.push({ name: names[r]!, values: new Map([[a.values[0]!, targets[r]!], [b.values[0]!, actual]]), weight, score, deviation: [], at: r });
    }
    if (!sumsFit(out, second.totals)) return null;
    shareOut(out, second.said);
    // a level label printed on a name's line stands at that row
    for (const l of levels) {
      const q = out.findIndex((r) => r.name.cell.prov.line === l.tok.cell.prov.line);
      if (q >= 0) l.at = q;
    }
    return { rows: out, levels, total: second.totals.at(-1)?.cell ?? null, grade: null, end, skip: rows.slice(j, second.end) };
  }
  return null;
}

/**
 * n rows of one value and a 分值 / 得分 pair from row `i`, then the total's figures (分值 and
 * 得分, or 得分 alone) and the deviation text; null where the cells do not come so.
 */
function secondPart(rows: Row[], i: number, n: number): { rows: [Tok, Tok, Tok][]; totals: Tok[]; said: Tok[]; end: number } | null {
  const toks: Tok[] = [];
  const totals: Tok[] = [];
  const said: Tok[] = [];
  let k = i;
  scan: for (; k < rows.length && !endsForm(rows[k]!); k++) {
    const cells = lineCells(rows[k]!);
    for (const c of cells) {
      const t = tokenOf(c.text, c);
      if (toks.length < 3 * n) { toks.push(t); continue; }
      // the total's figures, then deviation text: sentences, a wrapped line going on with one
      if (said.length === 0 && totals.length < 2 && t.kind === 'num') { totals.push(t); continue; }
      const open = said.length > 0 && !/[。]$/.test(said.at(-1)!.text);
      if (totals.length > 0 && (t.kind === 'sentence' || (open && t.kind === 'text'))) { said.push(t); continue; }
      break scan;
    }
  }
  if (toks.length < 3 * n || totals.length === 0) return null;
  const out: [Tok, Tok, Tok][] = [];
  for (let r = 0; r < n; r++) {
    const [v, w, s] = toks.slice(3 * r, 3 * r + 3) as [Tok, Tok, Tok];
    if (v.kind === 'sentence' || v.kind === 'level' || w.kind !== 'num' || s.kind !== 'num' || num(s) > num(w)) return null;
    out.push([v, w, s]);
  }
  return { rows: out, totals, said, end: k };
}

/** The printed totals against the rows' sums: the rest (the budget's part) scores within its points. */
function sumsFit(rows: StreamRow[], totals: Tok[]): boolean {
  const sum = (f: (r: StreamRow) => Tok) => Math.round(rows.reduce((s, r) => s + num(f(r)), 0) * 1e6) / 1e6;
  const score = num(totals.at(-1)!);
  const weight = totals.length === 2 ? num(totals[0]!) : null;
  if (score < sum((r) => r.score) - 1e-6) return false;
  if (weight == null) return true;
  return weight >= sum((r) => r.weight) - 1e-6 && weight - sum((r) => r.weight) >= score - sum((r) => r.score) - 1e-6;
}

/**
 * The deviation text after the totals to the rows that lost points: all of it to the one such
 * row; to several, one sentence-ending paragraph each, in order, where they are as many.
 */
function shareOut(rows: StreamRow[], said: Tok[]): void {
  const lost = rows.filter((r) => num(r.score) < num(r.weight));
  if (said.length === 0 || lost.length === 0) return;
  if (lost.length === 1) { lost[0]!.deviation.push(...said); return; }
  const paras: Tok[][] = [[]];
  for (const t of said) {
    paras.at(-1)!.push(t);
    if (/[。]$/.test(t.text)) paras.push([]);
  }
  if (paras.at(-1)!.length === 0) paras.pop();
  if (paras.length !== lost.length) return;
  lost.forEach((r, q) => r.deviation.push(...paras[q]!));
}

export interface ColumnRest { rows: StreamRow[]; levels: { tok: Tok; at: number }[]; total: Tok; end: number }

/**
 * The rest of an indicator block that a stream stopped short of (see `unreadRest`), where the
 * page after the break is printed column by column: the name columns' header (一级 / 二级 / 三级
 * 指标), level labels and names down to the total's label, then each value column under its own
 * label, its cells top to bottom (分值 and 得分 with the total's figure last). Read only where
 * it checks out: every value column as long as the names (one more for 分值 / 得分, the total),
 * its cells of the column's kind, every 得分 within its 分值, target and actual of one kind, and
 * the totals within reach of the sums of all the block's rows, `before` (read already) and these.
 * Null otherwise.
 */
export function readColumnRest(rows: Row[], i: number, before: StreamRow[]): ColumnRest | null {
  const labelLine = (row: Row) => {
    const cells = lineCells(row);
    return cells.length > 0 && cells.every((c) => indicatorField(c.text) != null) ? cells.map((c) => indicatorField(c.text)!) : null;
  };
  let k = i;
  const head: IndicatorField[] = [];
  for (let f; k < rows.length && (f = labelLine(rows[k]!)); k++) head.push(...f);
  if (!head.includes('name') || head.some((f) => !['level1', 'level2', 'name'].includes(f))) return null;
  // level labels and names down to the total's label
  const toks: Tok[] = [];
  for (; k < rows.length; k++) {
    const cells = lineCells(rows[k]!);
    if (cells.length === 0) continue;
    if (isTotalLabel(cells[0]!.text)) break;
    if (endsForm(rows[k]!) || labelLine(rows[k]!)) return null;
    for (const c of cells) {
      const last = toks.at(-1);
      if (last?.kind === 'level' && levelOf(last.text + c.text)) { last.text += c.text; last.end = c; continue; }
      toks.push(tokenOf(c.text, c));
    }
  }
  if (k >= rows.length || lineCells(rows[k]!).length !== 1) return null;
  k++;
  joinLabelPieces(toks);
  const names: Tok[] = [];
  const levels: { tok: Tok; at: number }[] = [];
  for (const t of toks) {
    if (t.kind === 'level') levels.push({ tok: t, at: names.length - 0.5 });
    else if (t.kind === 'text' && !isPlaceholder(t.text)) names.push(t);
    else return null;
  }
  // the value columns, each under its label
  const cols: { field: IndicatorField; cells: Tok[] }[] = [];
  for (; k < rows.length && !endsForm(rows[k]!); k++) {
    const cells = lineCells(rows[k]!);
    if (cells.length === 0) continue;
    const f = labelLine(rows[k]!);
    if (f) {
      if (f.length !== 1 || cols.some((c) => c.field === f[0])) return null;
      cols.push({ field: f[0]!, cells: [] });
      continue;
    }
    if (cols.length === 0) return null;
    cols.at(-1)!.cells.push(...cells.map((c) => tokenOf(c.text, c)));
  }
  const n = names.length;
  const col = (f: IndicatorField) => cols.find((c) => c.field === f)?.cells;
  const weight = col('weight');
  const score = col('score');
  if (n === 0 || !weight || !score || weight.length !== n + 1 || score.length !== n + 1) return null;
  if ([...weight, ...score].some((t) => t.kind !== 'num') || score.some((s, r) => r < n && num(s) > num(weight[r]!))) return null;
  const values = cols.filter((c) => !['weight', 'score', 'deviation', 'ignore'].includes(c.field));
  if (values.length === 0 || values.some((c) => NOT_VALUES.has(c.field) || c.cells.length !== n || c.cells.some((t) => t.kind === 'sentence' || t.kind === 'level'))) return null;
  const target = col('target') ?? col('target_value');
  const actual = col('actual');
  if (target && actual && target.some((t, r) => !sameKind(t.text, actual[r]!.text))) return null;
  const out: StreamRow[] = names.map((name, r) => ({
    name, values: new Map(values.map((c) => [c.field, c.cells[r]!])), weight: weight[r]!, score: score[r]!, deviation: [], at: before.length + r,
  }));
  if (!sumsFit([...before, ...out], [weight[n]!, score[n]!])) return null;
  shareOut(out, col('deviation') ?? []);
  // a level label printed on a name's line stands at that row (wrapped: at the mean of its lines' places)
  const place = (c: LayoutCell, at: number) => { const q = names.findIndex((t) => t.cell.prov.line === c.prov.line); return q >= 0 ? q : at; };
  for (const l of levels) {
    const a = place(l.tok.cell, l.at);
    const e = l.tok.end ? place(l.tok.end, a) : a;
    l.at = before.length + (a + e) / 2;
  }
  return { rows: out, levels, total: score[n]!, end: k };
}
