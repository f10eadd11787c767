// The 绩效指标 block of a space-separated form. Each indicator has one values line (the line
// with its weight and score); its other cells may be wrapped onto text lines before it (name,
// target, actual) or after it (deviation). Text lines between two values lines are shared out:
// first the previous row's deviation (only a row that lost points has one), then the cells the
// next values line lacks, split where each cell's wrapped lines have the same width.
import type { AnomalyX, IndicatorX, ProvMap } from '@ziping/core';
import { parseFinding, provOf } from '../form.ts';
import { isDash, squash } from '../text.ts';
import { correctLabel, indicatorField, isPlaceholderName, levelOf, parentLevel1, type IndicatorField } from '../vocab.ts';
import { provSpan, type SLine } from './lines.ts';
import { endsSentence, joinWrapped, leadingLevels, splitValuesLine, tokensOf, widthOf, type ValuesSplit } from './tokens.ts';

// ---------- header ----------

const HEADER_LABELS = [
  '年度绩效指标', '绩效指标', '一级指标', '二级指标', '三级指标', '指标名称', '年初指标值', '调整后指标值', '年度指标值', '年度目标值',
  '指标值', '目标值', '实际完成值', '全年完成值', '完成值', '实际值', '分值', '权重', '得分',
  '偏差原因分析及改进措施', '偏差原因及改进措施', '未完成原因及改进措施', '未完成原因', '备注',
];
const HEADER_RE = new RegExp(HEADER_LABELS.slice(2).sort((a, b) => b.length - a.length).join('|'), 'g');

/** A line that is only a piece of a header label (`一级`, `指标`, `偏差原因分析及改`, `进措施`). */
const isHeaderFragment = (s: string): boolean => s.length > 0 && s.length <= 12 && HEADER_LABELS.some((l) => l.includes(s));

/** The main header line: names the 二级/三级 columns and the weight or target columns. */
const isHeaderLine = (s: string): boolean => /二级指标|三级指标|指标名称/.test(s) && /分值|得分|权重|指标值|目标值/.test(s);

export interface IndicatorHeader {
  at: number;
  end: number;
  fields: IndicatorField[];
}

export function findIndicatorHeader(ls: SLine[], from: number, to: number): IndicatorHeader | null {
  for (let i = from; i < to; i++) {
    if (!/一级指标|二级指标|三级指标|指标名称/.test(squash(ls[i]!.text))) continue;
    let at = i;
    while (at - 1 >= from && isHeaderPiece(ls[at - 1]!.text)) at--;
    let end = i + 1;
    while (end < to && isHeaderPiece(ls[end]!.text) && !levelOf(ls[end]!.text)) end++;
    const text = ls.slice(at, end).map((l) => squash(l.text)).join('');
    if (!isHeaderLine(text)) continue;
    const fields: IndicatorField[] = [];
    for (const m of text.matchAll(HEADER_RE)) {
      const f = indicatorField(m[0]);
      if (f && fields[fields.length - 1] !== f) fields.push(f);
    }
    return { at, end, fields };
  }
  return null;
}

/** A header line or a piece of one: every token a column label or a fragment of one. */
const isHeaderPiece = (text: string): boolean => tokensOf(text).every((t) => isHeaderFragment(squash(t)));

// ---------- rows ----------

interface Part { text: string; line: SLine }

interface Row {
  values: SLine;
  split: ValuesSplit;
  level1: string | null;
  level2: string | null;
  levelProv: ProvMap;
  name: Part[];
  target_initial: Part[];
  target: Part[];
  actual: Part[];
  deviation: Part[];
  /** The text cells in column order: name, [target_initial,] target, actual. */
  cells: TextCell[];
}

type TextCell = 'name' | 'target_initial' | 'target' | 'actual';

type Item =
  | { kind: 'level'; labels: string[]; lines: SLine[] }
  | { kind: 'values'; line: SLine }
  | { kind: 'text'; line: SLine };

function itemsOf(ls: SLine[], valueCells: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    const { levels, rest } = leadingLevels(tokensOf(l.text));
    if (levels.length && rest.length === 0) {
      const lines = [l];
      // `产出` / `指标`: a level label wrapped in its cell
      if (!/指标$/.test(levels[levels.length - 1]!) && i + 1 < ls.length && squash(ls[i + 1]!.text) === '指标') {
        levels[levels.length - 1] += '指标';
        lines.push(ls[++i]!);
      }
      items.push({ kind: 'level', labels: levels, lines });
      continue;
    }
    const v = splitValuesLine(l.text, true, valueCells);
    if (v && v.weight > 0 && v.weight <= 100 && v.score <= 100) items.push({ kind: 'values', line: l });
    else if (levels.length) {
      // `质量指标 现金报销初审外包项目委托代办单位人`: labels, then the start of a wrapped name
      items.push({ kind: 'level', labels: levels, lines: [l] });
      items.push({ kind: 'text', line: { src: l.src, text: rest.join(' ') } });
    } else items.push({ kind: 'text', line: l });
  }
  return items;
}

export interface IndicatorResult {
  indicators: IndicatorX[];
  findings: AnomalyX[];
}

/** Parse the indicator lines (after the header, before the total line). */
export function parseIndicators(ls: SLine[], header: IndicatorHeader | null): IndicatorResult {
  const findings: AnomalyX[] = [];
  const valueCells = header?.fields.includes('target_initial') && header.fields.includes('target') ? 3 : 2;
  const cells: TextCell[] = valueCells === 3 ? ['name', 'target_initial', 'target', 'actual'] : ['name', 'target', 'actual'];
  const items = itemsOf(ls, valueCells);
  const swap = header ? header.fields.indexOf('score') >= 0 && header.fields.indexOf('score') < header.fields.indexOf('weight') : false;
  const nameWidth = estimateNameWidth(items, valueCells);

  const rows: Row[] = [];
  let level1: string | null = null;
  let level2: string | null = null;
  const levelProv: ProvMap = {};
  let pending: SLine[] = [];
  let prev: Row | null = null;

  const applyLevel = (label: string, on: SLine[]) => {
    const where = provSpan(on);
    const c = correctLabel(label);
    if (c.corrected) {
      const raw = squash(label);
      findings.push(parseFinding(`Level label printed as ${raw} (line ${where.line}), a misspelling of ${c.text}.`,
        [{ field: 'level', value: raw, prov: where }], { indicator: raw, found: raw, expected: c.text }));
    }
    const text = c.corrected ? c.text : label;
    const lv = levelOf(text);
    if (lv === 1) {
      level1 = text;
      levelProv.level1 = where;
      // a 满意度 block has no separate 二级 label: the one label serves both levels
      level2 = /满意度/.test(text) ? text : null;
      if (level2) levelProv.level2 = where;
      else delete levelProv.level2;
    } else if (lv === 2) {
      level2 = text;
      levelProv.level2 = where;
      const p = parentLevel1(text);
      if (p && (level1 == null || (STANDARD_L1.has(level1) && level1 !== p))) {
        level1 = p;
        levelProv.level1 = where;
      }
    }
  };

  const flush = () => {
    if (pending.length === 0) return;
    if (!prev) {
      findings.push(parseFinding(`text in the indicator block fits no row: ${pending.map((l) => l.text).join(' / ')}`,
        [{ field: 'indicators', value: pending.map((l) => l.text).join(' / '), prov: provSpan(pending) }]));
    } else if (expectsDeviation(prev)) {
      prev.deviation.push(...pending.map((line) => ({ text: line.text, line })));
    } else {
      prev.name.push(...pending.map((line) => ({ text: line.text, line }))); // a name wrapped around its values line
    }
    pending = [];
  };

  for (const item of items) {
    if (item.kind === 'text') { pending.push(item.line); continue; }
    if (item.kind === 'level') {
      flush();
      item.labels.forEach((label) => applyLevel(label, item.lines));
      continue;
    }
    let split = splitValuesLine(item.line.text, pending.length === 0, valueCells)!;
    if (split.levels.length) {
      flush();
      split.levels.forEach((label) => applyLevel(label, [item.line]));
      split = splitValuesLine(item.line.text, true, valueCells)!;
    }
    if (swap) split = { ...split, weight: split.score, score: split.weight };
    const row: Row = {
      values: item.line, split, level1, level2, levelProv: { ...levelProv },
      name: [], target_initial: [], target: [], actual: [], deviation: [], cells,
    };
    const inline = (t: string | null): Part[] => (t ? [{ text: t, line: item.line }] : []);
    row.name = inline(split.name);
    row.target_initial = inline(split.target_initial);
    row.target = inline(split.target);
    row.actual = inline(split.actual);
    row.deviation = inline(split.deviation);
    distribute(pending, prev, row, nameWidth);
    pending = [];
    rows.push(row);
    prev = row;
  }
  flush();
  backfillLevels(rows);

  const indicators: IndicatorX[] = [];
  for (const r of rows) {
    const name = joinWrapped(r.name.map((p) => p.text));
    if (name === '' || isPlaceholderName(name)) {
      if (name === '') findings.push(parseFinding('indicator row without a name', [{ field: 'name', value: null, prov: provOf(r.values.src) }]));
      continue;
    }
    const cell = (ps: Part[]) => (ps.length ? joinWrapped(ps.map((p) => p.text)) : null);
    if (r.deviation.length && isDash(cell(r.deviation)!)) r.deviation = []; // `—`: no deviation
    const span = (ps: Part[]) => provOf(ps[0]!.line.src, ps[ps.length - 1]!.line.src);
    const prov: ProvMap = { ...r.levelProv, name: span(r.name), weight: provOf(r.values.src), score: provOf(r.values.src) };
    for (const [k, ps] of [['target_initial', r.target_initial], ['target', r.target], ['actual', r.actual], ['deviation', r.deviation]] as const) if (ps.length) prov[k] = span(ps);
    indicators.push({
      level1: r.level1, level2: r.level2, name,
      target_initial: cell(r.target_initial),
      target: cell(r.target), actual: cell(r.actual),
      weight: r.split.weight, score: r.split.score,
      deviation: cell(r.deviation),
      prov,
    });
  }
  return { indicators, findings };
}

const STANDARD_L1 = new Set(['产出指标', '效益指标', '满意度指标']);

/**
 * A label printed in the middle of its merged cell comes after the first rows it covers:
 * rows that have no label yet take the next one below, within the same 一级 block.
 */
function backfillLevels(rows: Row[]): void {
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    const next = rows[i + 1];
    if (!next) continue;
    if (r.level1 == null && next.level1 != null && (r.level2 == null || parentLevel1(r.level2) === next.level1)) {
      r.level1 = next.level1;
      if (next.levelProv.level1) r.levelProv.level1 = next.levelProv.level1;
    }
    if (r.level2 == null && next.level2 != null && r.level1 === next.level1) {
      r.level2 = next.level2;
      if (next.levelProv.level2) r.levelProv.level2 = next.levelProv.level2;
    }
  }
}

/** A row that lost points has a deviation reason; one that printed deviation text inline also. */
const expectsDeviation = (r: Row): boolean => r.split.score < r.split.weight || r.split.deviation != null;

/** Widest name printed whole on a values line: a name line at least this wide is probably wrapped. */
function estimateNameWidth(items: Item[], valueCells: number): number | null {
  let w: number | null = null;
  for (const it of items) {
    if (it.kind !== 'values') continue;
    const s = splitValuesLine(it.line.text, true, valueCells);
    if (s?.name && s.missing === 0) w = Math.max(w ?? 0, widthOf(s.name));
  }
  return w;
}

/**
 * Share the text lines between two values lines: the first `s` are the previous row's
 * deviation (or its name's continuation), the rest fill the cells the next values line lacks.
 */
function distribute(pending: SLine[], prev: Row | null, row: Row, nameWidth: number | null): void {
  const n = pending.length;
  if (n === 0) return;
  const k = row.split.missing;
  let best: { s: number; groups: SLine[][]; score: number } | null = null;
  const most = prev ? n : 0;
  for (let s = 0; s <= most; s++) {
    const before = pending.slice(0, s);
    const after = pending.slice(s);
    const a = prevPartScore(before, prev);
    const b = nextPart(after, k, nameWidth);
    const score = a + b.score;
    if (!best || score > best.score) best = { s, groups: b.groups, score };
  }
  const { s, groups } = best!;
  const toParts = (ls: SLine[]) => ls.map((line) => ({ text: line.text, line }));
  if (s > 0 && prev) {
    if (expectsDeviation(prev)) prev.deviation.push(...toParts(pending.slice(0, s)));
    else prev.name.push(...toParts(pending.slice(0, s)));
  }
  if (k === 0) {
    row.name = [...toParts(pending.slice(s)), ...row.name];
    return;
  }
  // groups fill the missing cells from the left: name, then target, then actual
  groups.forEach((g, x) => {
    const cell = row.cells[x]!;
    row[cell] = [...toParts(g), ...row[cell]];
  });
}

function prevPartScore(lines: SLine[], prev: Row | null): number {
  if (!prev) return lines.length ? -10 : 0;
  const dev = expectsDeviation(prev);
  if (lines.length === 0) return dev && prev.split.deviation == null ? -4 : 0;
  if (!dev) return -2 * lines.length;
  let s = endsSentence(lines[lines.length - 1]!.text) ? 3 : 0;
  for (let i = 0; i < lines.length - 1; i++) if (endsSentence(lines[i]!.text)) s -= 0.5;
  return s - wrapCost(lines.map((l) => widthOf(l.text)));
}

function nextPart(lines: SLine[], k: number, nameWidth: number | null): { score: number; groups: SLine[][] } {
  let penalty = 0;
  for (const l of lines) if (endsSentence(l.text)) penalty += 2; // names and values rarely end a sentence
  if (k === 0) {
    // lines before a values line that has its own name start that name: they are full lines
    // of the name column; a short line is rather the end of the previous row's name
    if (lines.length === 0) return { score: -penalty, groups: [] };
    const last = widthOf(lines[lines.length - 1]!.text);
    const short = nameWidth != null && last < nameWidth * 0.6 ? 1.5 : 0;
    return { score: -penalty - 1 - short, groups: [] };
  }
  if (lines.length === 0) return { score: -10, groups: [] };
  if (lines.length <= k) return { score: -penalty - 3 * (k - lines.length), groups: lines.map((l) => [l]) };
  const best = partition(lines.map((l) => widthOf(l.text)), k, nameWidth);
  return { score: -penalty - best.cost, groups: best.cuts.map(([a, b]) => lines.slice(a, b)) };
}

/** Cost of one cell's wrapped lines: all but the last are equally wide, the last no wider. */
export function wrapCost(ws: number[]): number {
  if (ws.length < 2) return 0;
  const full = ws.slice(0, -1);
  const W = Math.max(...full);
  let c = full.reduce((a, w) => a + Math.abs(W - w), 0) * 0.5;
  const last = ws[ws.length - 1]!;
  if (last > W + 1) c += (last - W) * 0.5;
  return c;
}

/**
 * Split line widths into k consecutive non-empty groups (name, target, actual from the left)
 * so that each group looks like one wrapped cell. A name group that ends on a line as wide as
 * the name column most likely continues; target and actual columns are alike.
 */
export function partition(ws: number[], k: number, nameWidth: number | null): { cost: number; cuts: [number, number][] } {
  const n = ws.length;
  let best: { cost: number; cuts: [number, number][] } | null = null;
  const rec = (start: number, left: number, cuts: [number, number][]) => {
    if (left === 1) {
      const all = [...cuts, [start, n] as [number, number]];
      let cost = 0;
      all.forEach(([a, b], x) => {
        const g = ws.slice(a, b);
        cost += wrapCost(g);
        if (x === 0 && nameWidth != null && x < all.length - 1 && g[g.length - 1]! >= nameWidth - 1) cost += 2;
      });
      // value cells (target, actual) tend to wrap alike
      for (let x = 2; x < all.length; x++) cost += Math.abs(all[x]![1] - all[x]![0] - (all[x - 1]![1] - all[x - 1]![0])) * 0.25;
      if (!best || cost < best.cost) best = { cost, cuts: all };
      return;
    }
    for (let end = start + 1; end <= n - (left - 1); end++) rec(end, left - 1, [...cuts, [start, end]]);
  };
  rec(0, k, []);
  return best!;
}
