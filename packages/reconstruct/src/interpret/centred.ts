// A source that flattens merged cells by position (pdftotext -layout) prints a merged level
// label once, on the line at the vertical centre of its block of rows — or at the top of the
// part before a page break when the block is split over pages. Read top-down, each label is
// carried down from where it is printed, so the rows above a centred label take the previous
// one. Once a form is read, its rows are shared out again among the labels printed:
// consecutive groups, each label in order taking a group it sits in the middle of.
import type { IndicatorX, Prov } from '@ziping/core';
import { provOf } from './rows.ts';
import { groupCost, packLines, share, shareFamilies, type Span } from './share.ts';
import { isFamily, labelKey, levelOf, parentOf } from './vocabulary.ts';

/** How much a 一级 label's place counts against a 二级 label's. */
const ONE = 0.5;

/** A level label as printed: its text and its cell's place. */
export interface Label { text: string; prov: Prov }

const same = (a: Prov | undefined, b: Prov): boolean =>
  !!a && a.page === b.page && a.line === b.line && (a.lineEnd ?? a.line) === (b.lineEnd ?? b.line);

/**
 * Each indicator's lines: from the first line of its own cells (not the level labels, but the
 * lines it was continued on), as many as its tallest cell takes. Not to the last line of any
 * cell: cells of one row printed on different baselines, or columns printed one after another
 * (stacked), spread a row over more lines than it is high.
 */
function spansOf(list: IndicatorX[], rowCells?: Map<IndicatorX, Prov[]>): Span[] {
  return list.map((ind): Span => {
    const page = ind.prov.name?.page ?? 0;
    const own = Object.entries(ind.prov).filter(([k]) => k !== 'level1' && k !== 'level2').map(([, p]) => p);
    const cells = [...(rowCells?.get(ind) ?? []), ...own].filter((p) => p.page === page);
    const top = Math.min(...cells.map((p) => p.line));
    const height = Math.max(...cells.map((p) => (p.lineEnd ?? p.line) - p.line + 1));
    return { page, top, bottom: top + height - 1 };
  });
}

/**
 * Signs that the labels were printed centred: a row with no label of a level above a row with
 * one on the same page, or a label printed below the first row that carries it (a reader that
 * spans a centred label over its block). Labels printed at the top of their blocks show neither.
 */
function looksCentred(list: IndicatorX[], spans: Span[], labels: Label[], level: 'level1' | 'level2'): boolean {
  const unlabelledAbove = list.some((ind, i) => ind[level] == null &&
    list.some((o, j) => j > i && o[level] != null && spans[j]!.page === spans[i]!.page));
  return unlabelledAbove || labels.some((l) => {
    const i = list.findIndex((ind) => ind[level] === l.text && same(ind.prov[level], l.prov));
    return i >= 0 && spans[i]!.page === l.prov.page && spans[i]!.top < l.prov.line;
  });
}

/**
 * A label wrapped over two rows and read as pieces (`服务对象满意` / `度指标`): once a later row
 * has joined them (see label-pieces.ts), the first piece is no label of either level, and the
 * rows that took it as their 二级 label take the whole one.
 */
function mergePieces(list: IndicatorX[], labels2: Label[], labels1: Label[]): [Label[], Label[]] {
  const all = [...labels2, ...labels1];
  const wholeOf = (p: Label) => all.find((w) => w !== p && w.text !== p.text && levelOf(w.text) && w.prov.page === p.prov.page &&
    w.prov.line === p.prov.line && labelKey(w.text).startsWith(labelKey(p.text)));
  const pieces = new Set(all.filter((p) => wholeOf(p)));
  for (const p of pieces) {
    const w = wholeOf(p)!;
    if (!labels2.includes(w)) continue;
    for (const ind of list) if (ind.level2 === p.text && same(ind.prov.level2, p.prov)) { ind.level2 = w.text; ind.prov.level2 = w.prov; }
  }
  return [labels2.filter((l) => !pieces.has(l)), labels1.filter((l) => !pieces.has(l))];
}

/** Share out a form's rows among the 二级 and 一级 labels printed, when they were printed centred. */
export function recentre(list: IndicatorX[], seen2: Label[], seen1: Label[], rowCells?: Map<IndicatorX, Prov[]>): void {
  if (list.length === 0) return;
  const [whole2, whole1] = mergePieces(list, dedupe(seen2), dedupe(seen1));
  const labels1 = known(whole1);
  // a cell merged over both level columns (满意度指标) is its family's 二级 label only where the family has no other
  const labels2 = known(whole2).filter((l, _, all) => !labels1.some((o) => o.text === l.text && same(o.prov, l.prov)) ||
    !all.some((o) => o !== l && parentOf(o.text) === parentOf(l.text)));
  const spans = spansOf(list, rowCells);
  if (!looksCentred(list, spans, labels2, 'level2') && !looksCentred(list, spans, labels1, 'level1')) return;
  // labels standing apart from every row (lines of their own in a plain text dump) tell no block by their place
  const near = (l: Label) => spans.some((s) => s.page === l.prov.page && l.prov.line <= s.bottom + 1 && (l.prov.lineEnd ?? l.prov.line) >= s.top - 1);
  if (![...labels1, ...labels2].every(near)) return;
  const packed = packLines(spans, [...labels1, ...labels2].map((l) => l.prov));
  const costs = (labels: Label[], weight = 1) => labels.map((l) => {
    const cost = groupCost(packed.spans, packed.at(l.prov));
    return (a: number, b: number) => weight * cost(a, b);
  });
  const families = familiesOf(labels1, labels2);
  // a 一级 block is long, and its label's place the less exact
  const both = families ? shareFamilies(families.map((f) => ({ one: costs([f.one], ONE)[0]!, two: costs(f.two) })), list.length) : null;
  if (families && both) {
    const twos = families.flatMap((f) => f.two);
    list.forEach((ind, i) => {
      set(ind, 'level1', families[both.one[i]!]!.one);
      const k = both.two[i];
      if (k == null) { ind.level2 = null; delete ind.prov.level2; } else set(ind, 'level2', twos[k]!);
    });
    return;
  }
  const two = share(costs(labels2), list.length);
  if (two) list.forEach((ind, i) => set(ind, 'level2', labels2[two[i]!]!));
  const one = share(costs(labels1), list.length);
  if (one) list.forEach((ind, i) => set(ind, 'level1', labels1[one[i]!]!));
}

/**
 * The 一级 labels with the 二级 labels of each, where the vocabulary knows every label's family
 * and the 二级 labels come family by family in the order of the 一级 ones; else null.
 */
function familiesOf(labels1: Label[], labels2: Label[]): { one: Label; two: Label[] }[] | null {
  const family1 = labels1.map((l) => (isFamily(l.text) ? labelKey(l.text) : null));
  if (labels1.length === 0 || family1.some((f) => f == null) || new Set(family1).size < family1.length) return null;
  const out = labels1.map((one) => ({ one, two: [] as Label[] }));
  let at = 0;
  for (const l of labels2) {
    const k = family1.indexOf(parentOf(l.text));
    if (k < at) return null;
    out[k]!.two.push(l);
    at = k;
  }
  return out;
}

/**
 * Without the cells the alignment took for a label among labels the vocabulary knows: text of
 * another shape (a name, a bracketed weight) would take rows from the real labels. A label the
 * vocabulary does not know but shaped like one (`工作质量指标`) stays.
 */
function known(labels: Label[]): Label[] {
  const odd = (l: Label) => !levelOf(l.text) && (/[\d()（）%％]/.test(l.text) || l.text.length > 8);
  return labels.some((l) => levelOf(l.text)) ? labels.filter((l) => !odd(l)) : labels;
}

function set(ind: IndicatorX, level: 'level1' | 'level2', l: Label): void {
  ind[level] = l.text;
  ind.prov[level] = provOf(l.prov);
}

/** Distinct labels in the order printed. */
function dedupe(labels: Label[]): Label[] {
  const out: Label[] = [];
  for (const l of labels) if (!out.some((o) => o.text === l.text && same(o.prov, l.prov))) out.push(l);
  return out.sort((a, b) => a.prov.page - b.prov.page || a.prov.line - b.prov.line);
}

