// An indicator table plain pdftotext printed flow by flow (LayoutParagraph.interleaved) where its
// header came apart: the name column's label (三级指标) with the first rows' names right under
// it (or their names and first values by turns), further down the value columns' labels
// (年度指标值 … 实际完成值 / 分值 / 得分), then the cells, each text flow (lines without a blank
// line between) a piece of one column: a row's cells one flow each, a group of k rows as one
// flow of k cells per column, or one flow of whole rows, with flows of names in between, and
// the total's figures after the last row. A flow is told by its lines: figures (values,
// points), names (text), level labels or deviation sentences. Which row a name belongs to is
// told by where its flow stands (stream-names.ts). The rows are read only where every value
// flow falls into such groups, every row gets exactly one name, and the printed totals check
// out; else null (the form keeps its one PARSE warning). Levels are only those every sharing
// of the printed labels agrees on (`placeLevels`).
import type { LayoutCell } from '@ziping/core';
import type { Row } from './rows.ts';
import { NOT_VALUES, type StreamRead, type StreamRow } from './stream.ts';
import { num, tokenOf, type Tok } from './stream-tokens.ts';
import { fitsTotals, placeLevels } from './tail.ts';
import { assignNames, namesOf, type NameFlow } from './stream-names.ts';
import {
  attachmentOf, indicatorField, isTotalLabel, levelOf, sectionKind, titleKind, type IndicatorField,
} from './vocabulary.ts';

type Kind = 'value' | 'name' | 'level' | 'said';
interface Flow { kind: Kind; toks: Tok[] }

const cellOf = (row: Row): LayoutCell | null => (row.paragraph ? row.slots[0] ?? null : null);
const follows = (a: LayoutCell, b: LayoutCell): boolean => a.prov.page === b.prov.page && b.prov.line === a.prov.line + 1;
const cjk = (t: string) => (t.match(/[\u3400-\u9fff]/g) ?? []).length;
const endsForm = (t: string) => titleKind(t) != null || attachmentOf(t) != null || sectionKind(t) === 'end';

/** A value's cell, never a name: a number, a direction, a figure with few words. */
const isValue = (t: Tok): boolean => t.kind === 'num' || t.kind === 'dir' || (t.kind === 'figure' && cjk(t.text) < 5);

/** What a flow holds, from its lines (a level label wrapped over two lines joined first). */
export function flowOf(cells: LayoutCell[]): Flow {
  const toks: Tok[] = [];
  for (const c of cells) {
    const last = toks.at(-1);
    // (`服务对象满意度` / `指标`: a label already, and a longer one with the next line)
    if (last && (last.kind === 'level' || last.kind === 'text') && levelOf(last.text + c.text) != null) { last.text += c.text; last.kind = 'level'; continue; }
    toks.push(tokenOf(c.text, c));
  }
  const said = toks.some((t) => t.kind === 'sentence');
  const value = toks.some(isValue);
  const kind: Kind = said ? 'said' : value ? 'value' : toks.every((t) => t.kind === 'level') ? 'level' : 'name';
  return { kind, toks };
}

type Cells = { values: Tok[]; weight: Tok; score: Tok; flow: number };
const valueLike = (t: Tok) => t.kind !== 'sentence' && t.kind !== 'level';

/**
 * Value flows as rows: a group of W flows of k cells each (the value columns, 分值, 得分), or
 * one flow of whole rows, a row's cells after another's; the leftover the totals (one or two
 * numbers). The first `lead` rows print one value column fewer (their first value stood by
 * their name, further up); a row's `flow` is the flow its first cell is in.
 */
export function rowsOfFlows(flows: Tok[][], F: number, lead = 0): { rows: Cells[]; totals: Tok[] } | null {
  const rows: Cells[] = [];
  let p = 0;
  while (p < flows.length) {
    const V = rows.length < lead ? F - 1 : F;
    const room = rows.length < lead ? lead - rows.length : Infinity;
    const k = flows[p]!.length;
    const group = flows.slice(p, p + V + 2);
    if (k <= room && group.length === V + 2 && group.every((f) => f.length === k) && group.slice(V).every((f) => f.every((t) => t.kind === 'num'))
      && group.slice(0, V).every((f) => f.every(valueLike))) {
      for (let r = 0; r < k; r++) rows.push({ values: group.slice(0, V).map((f) => f[r]!), weight: group[V]![r]!, score: group[V + 1]![r]!, flow: p });
      p += V + 2;
      continue;
    }
    // the last group's 分值 / 得分 flows going on with the totals' figures
    const last = p + V + 2 === flows.length && group.length === V + 2;
    if (last && k <= room && group.slice(0, V).every((f) => f.length === k && f.every(valueLike)) && group.slice(V).every((f) => f.length === k + 1 && f.every((t) => t.kind === 'num'))) {
      for (let r = 0; r < k; r++) rows.push({ values: group.slice(0, V).map((f) => f[r]!), weight: group[V]![r]!, score: group[V + 1]![r]!, flow: p });
      return rows.length < Math.max(1, lead) ? null : { rows, totals: [group[V]![k]!, group[V + 1]![k]!] };
    }
    // a flow of whole rows, each its values then its 分值 / 得分
    const f = flows[p]!;
    const w = V + 2;
    if (f.length % w === 0 && f.length / w <= room && f.every((t, q) => (q % w >= V ? t.kind === 'num' : valueLike(t) && t.kind !== 'num'))) {
      for (let r = 0; r < f.length / w; r++) rows.push({ values: f.slice(r * w, r * w + V), weight: f[r * w + V]!, score: f[r * w + V + 1]!, flow: p });
      p++;
      continue;
    }
    break;
  }
  const totals = flows.slice(p).flat();
  if (rows.length < Math.max(1, lead) || totals.length === 0 || totals.length > 2 || totals.some((t) => t.kind !== 'num')) return null;
  return { rows, totals };
}

/** The flow of lines from row `k` (following lines, paragraphs only). */
function flowAt(rows: Row[], k: number): number {
  let e = k + 1;
  while (e < rows.length && cellOf(rows[e]!) && cellOf(rows[e - 1]!) && follows(cellOf(rows[e - 1]!)!, cellOf(rows[e]!)!)) e++;
  return e;
}

/**
 * The indicator table whose value header starts at row `i` (see the file comment), or null.
 * `end` is the row where the form's next part (or the next form) begins.
 */
export function readSplitStream(rows: Row[], i: number): StreamRead | null {
  const head = (k: number) => { const c = cellOf(rows[k]!); return c && !sectionKind(c.text) ? indicatorField(c.text) : null; };
  if (!rows[i]?.interleaved || (i > 0 && head(i - 1) && follows(cellOf(rows[i - 1]!)!, cellOf(rows[i]!)!))) return null;
  const run: IndicatorField[] = [];
  let k = i;
  for (; k < rows.length && head(k) && (k === i || follows(cellOf(rows[k - 1]!)!, cellOf(rows[k]!)!)); k++) run.push(head(k)!);
  if (!run.includes('weight') || !run.includes('score') || run.includes('name')) return null;
  // back to the form's start: the name column's label, and the value columns' labels in print order
  let s = i - 1;
  while (s >= 0 && !endsForm(cellOf(rows[s]!)?.text ?? '')) s--;
  const nameAt = rows.findIndex((r, q) => q > s && q < i && cellOf(r) && head(q) === 'name');
  if (nameAt < 0) return null;
  const fields: IndicatorField[] = [];
  for (let q = nameAt; q < k; q++) {
    const f = head(q);
    if (f && !NOT_VALUES.has(f) && f !== 'weight' && f !== 'score' && !fields.includes(f)) fields.push(f);
  }
  if (fields.length === 0) return null;
  // the level labels before the header, the flows after it to the form's end
  const levels: Tok[] = [];
  for (let q = s + 1; q < i;) {
    if (!cellOf(rows[q]!)) { q++; continue; }
    const f = Math.min(i, flowAt(rows, q));
    levels.push(...flowOf(rows.slice(q, f).map((r) => cellOf(r)!)).toks.filter((t) => t.kind === 'level'));
    q = f;
  }
  const flows: Flow[] = [];
  let e = k;
  while (e < rows.length) {
    const c = cellOf(rows[e]!);
    if (!c) return null;
    if (endsForm(c.text)) break;
    const f = flowAt(rows, e);
    flows.push(flowOf(rows.slice(e, f).map((r) => cellOf(r)!)));
    e = f;
  }
  // under the name column's label: the first rows' names, or names and values by turns
  const under = flowOf(rows.slice(nameAt + 1, flowAt(rows, nameAt)).map((r) => cellOf(r)!)).toks
    .filter((t) => t.kind !== 'level' && (indicatorField(t.text) == null || isTotalLabel(t.text)));
  const paired = under.some(isValue);
  if (paired && (under.length % 2 !== 0 || under.some((t, q) => (q % 2 === 0 ? t.kind !== 'text' : !isValue(t))))) return null;
  const leadValues = paired ? under.filter((_, q) => q % 2 === 1) : [];
  const valueAt = flows.map((f, q) => (f.kind === 'value' ? q : -1)).filter((q) => q >= 0);
  const read = rowsOfFlows(valueAt.map((q) => flows[q]!.toks), fields.length, leadValues.length);
  if (!read) return null;
  const starts = new Map<number, number>();
  read.rows.forEach((r, q) => { if (!starts.has(valueAt[r.flow]!)) starts.set(valueAt[r.flow]!, q); });
  const lastValue = valueAt[read.rows.at(-1)!.flow]!;
  // names: the flows of names, and a lone level label right before a row's values (the last
  // rows' name read as a 二级 label: `服务对象满意度`), taken only where the names fall short
  const nameFlows = (withLabels: boolean, join: boolean) => {
    const list = flows.map((f, q) => ({ f, q })).filter(({ f, q }) => f.kind === 'name' || (withLabels && loneLabel(f) && starts.has(q + 1)));
    const per = namesOf([paired ? under.filter((_, q) => q % 2 === 0) : under, ...list.map(({ f }) => f.toks.map((t) => (loneLabel(f) ? { ...t, kind: 'text' as const } : t)))], join);
    const placed: NameFlow[] = [];
    for (const [x, { q }] of list.entries()) {
      const before = starts.get(q + 1) ?? (q > lastValue ? null : undefined);
      if (before === undefined) return null;
      placed.push({ names: per[x + 1]!, before });
    }
    const lead = paired ? under.filter((_, q) => q % 2 === 0) : per[0]!;
    return { names: assignNames(read.rows.length, lead, placed), used: list.filter(({ f }) => f.kind === 'level').map(({ f }) => f) };
  };
  let named = null;
  for (const [labels, join] of [[false, false], [true, false], [false, true], [true, true]] as const) if (!named?.names) named = nameFlows(labels, join);
  const names = named?.names;
  if (!names || names.some((n) => n.kind === 'num' || cjk(n.text) < 2)) return null;
  const sum = (g: (c: Cells) => Tok) => read.rows.reduce((x, r) => x + num(g(r)), 0);
  const [tw, ts] = read.totals.length === 2 ? [num(read.totals[0]!), num(read.totals[1]!)] : [null, num(read.totals[0]!)];
  if (tw == null ? ts < sum((r) => r.score) - 0.005 : !fitsTotals(sum((r) => r.weight), sum((r) => r.score), tw, ts)) return null;
  const out: StreamRow[] = read.rows.map((r, q) => {
    const values = q < leadValues.length ? [leadValues[q]!, ...r.values] : r.values;
    return { name: names[q]!, values: new Map(fields.map((f, c) => [f, values[c]!])), weight: r.weight, score: r.score, deviation: [], at: q };
  });
  shareSaid(out, flows.filter((f) => f.kind === 'said').map((f) => f.toks));
  levels.push(...flows.filter((f) => f.kind !== 'said' && f.kind !== 'value' && !named!.used.includes(f)).flatMap((f) => f.toks.filter((t) => t.kind === 'level')));
  const fixed = placeLevels(out.length, levels).map((l, at) => ({ at, ...l }));
  return { rows: out, levels: [], total: read.totals.at(-1)!.cell, grade: null, end: e, fixed };
}

const loneLabel = (f: Flow) => f.kind === 'level' && f.toks.length === 1;

/**
 * Deviation text to the rows that lost points, in order, where its paragraphs are as many: a
 * flow, or each part of a flow that ends a sentence (two cells' texts printed as one flow).
 */
function shareSaid(rows: StreamRow[], flows: Tok[][]): void {
  const lost = rows.filter((r) => num(r.score) < num(r.weight));
  const said: Tok[][] = [];
  for (const f of flows) {
    said.push([]);
    f.forEach((t, q) => { said.at(-1)!.push(t); if (/。$/.test(t.text) && q < f.length - 1) said.push([]); });
  }
  if (said.length !== lost.length) return;
  lost.forEach((r, q) => r.deviation.push(...said[q]!));
}
