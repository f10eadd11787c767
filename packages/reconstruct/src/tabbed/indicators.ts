// One indicator row. 分值 and 得分 are the row's anchor: they are the last two bare numbers
// before the deviation text, and every other value is found at its header column's
// distance from them, so a row shifted left or right by merged cells still lands right.
import type { IndicatorX, TextLine } from '@ziping/core';
import { provAt } from '../form.ts';
import { clean, parseNumber, squash } from '../text.ts';
import { isPlaceholderName, levelOf } from '../vocab.ts';
import type { IndicatorColumns } from './columns.ts';
import type { LevelState } from './levels.ts';
import { isBareNumber } from '../text.ts';
import { cellsOf, type Cell } from './row.ts';

const OPERATOR = /^[“"'‘]?\s*([≥≤<>=＝]|>=|<=)\s*[”"'’]?$/;
const OPERATOR_LIST = /[“"].*[≥≤<>=].*[”"].*[“"].*[≥≤<>=]/;
const JUNK = /^(绩效|指标|绩效指标|年度绩效指标|\.+|…+)$/;
const UNIT_LIKE = (t: string) => /^(%|‰|[个人次件家份项元万亿天日月年台套分钟小时所条篇场期批笔单宗户座张])+$/.test(t) && t.length <= 3;

export interface RowParse {
  indicator: IndicatorX | null;
  /** values were found but no name (`indicator.name` is empty): the caller decides */
  nameless: boolean;
}

/** Splits trailing 分值 | 得分 | deviation off a row. */
function anchor(cells: Cell[]): { weight: Cell | null; score: Cell | null; deviation: Cell[]; rest: Cell[] } {
  let s = -1;
  for (let i = cells.length - 1; i >= 0; i--) {
    if (isBareNumber(cells[i]!.text)) { s = i; break; }
  }
  if (s < 0) return { weight: null, score: null, deviation: [], rest: cells };
  const tail = cells.slice(s + 1);
  // a trailing text cell is a deviation reason only if it reads as prose, not as a value
  const deviation = tail.filter((c) => c.text.length >= 2 && parseNumber(c.text) === undefined);
  const w = s - 1 >= 0 && isBareNumber(cells[s - 1]!.text) ? s - 1 : -1;
  if (w < 0) return { weight: cells[s]!, score: null, deviation, rest: cells.slice(0, s) };
  return { weight: cells[w]!, score: cells[s]!, deviation, rest: cells.slice(0, w) };
}

export function parseIndicatorRow(l: TextLine, cols: IndicatorColumns, levels: LevelState): RowParse {
  const cells = cellsOf(l);
  const { weight, score, deviation, rest } = anchor(cells);
  const shift = weight && cols.at.weight != null ? weight.col - cols.at.weight : 0;
  const fieldAt = (col: number) => {
    const c = col - shift;
    for (const [f, at] of Object.entries(cols.at)) if (at === c) return f;
    return null;
  };

  let op = '';
  let sawPlaceholder = false;
  let labels = 0;
  const free: Cell[] = [];
  const valued = new Map<string, Cell>();
  for (const c of rest) {
    const t = squash(c.text);
    const at = weight ? fieldAt(c.col) : null;
    // a label word in the name column is the indicator's own text (服务对象满意度)
    if (levelOf(t) && valued.size === 0 && labels < 2 && !sawPlaceholder && !(at === 'name' && !cols.splitTarget)) {
      const asLevel = labels === 0 && (at === 'level1' || rest.some((o) => o.col > c.col && levelOf(o.text) != null)) ? 1 : 2;
      levels.label(c.text, c.col, asLevel, l.line);
      labels++;
      continue;
    }
    if (t === '指标') { levels.complete(c.col); continue; }
    if (JUNK.test(t)) continue;
    if (isPlaceholderName(t)) { sawPlaceholder = true; free.length = 0; levels.placeholder(t, labels > 0); continue; }
    if (OPERATOR_LIST.test(c.text)) continue;
    const m = OPERATOR.exec(t);
    if (m) { op = m[1]!.replace('＝', '=').replace('>=', '≥').replace('<=', '≤'); continue; }
    if (at && at !== 'name' && at !== 'level1' && at !== 'level2' && !valued.has(at)) valued.set(at, c);
    else free.push(c);
  }
  if (!weight && free.length === 0 && valued.size === 0) return { indicator: null, nameless: false };

  let name: string | null = null;
  let target: string | null = null;
  let nameCell: Cell | undefined;
  let targetCell: Cell | undefined;
  if (cols.splitTarget && !valued.has('target_content') && free.length === 0 && valued.size > 0) {
    // the row's cells are compressed (merged cells dropped): read them in order instead
    free.push(...[...valued.values()].sort((a, b) => a.col - b.col));
    valued.clear();
  }
  if (cols.splitTarget) {
    // 内容 is the indicator's text when 三级指标 only holds a placeholder
    const content = valued.get('target_content') ?? free.shift();
    const unit = valued.get('target_unit') ?? (free.length > 0 && UNIT_LIKE(free[0]!.text) ? free.shift() : undefined);
    name = content ? clean(content.text) : null;
    nameCell = targetCell = content;
    const unitText = unit && UNIT_LIKE(squash(unit.text)) ? squash(unit.text) : '';
    target = name ? `${op}${name}${unitText}` : null;
  } else {
    name = free.length ? clean(free.map((c) => c.text).join(' ')) : null;
    nameCell = free[0];
    targetCell = valued.get('target');
    target = targetCell ? clean(targetCell.text) : null;
  }
  const actualCell = valued.get('actual') ?? (cols.at.actual == null ? valued.get('completion') : undefined) ?? (cols.splitTarget ? free.shift() : undefined);
  const ti = valued.get('target_initial');
  const hasValues = weight != null || target != null || actualCell != null;
  const nameless = !name || isPlaceholderName(name);
  if (nameless && (!hasValues || sawPlaceholder)) return { indicator: null, nameless: false };
  const ind: IndicatorX = {
    level1: levels.l1,
    level2: levels.l2,
    name: nameless ? '' : name!,
    target_initial: ti ? clean(ti.text) : null,
    target,
    actual: actualCell ? clean(actualCell.text) : null,
    weight: weight ? Number(weight.text) : null,
    score: score ? Number(score.text) : null,
    deviation: deviation.length ? clean(deviation.map((c) => c.text).join('')) : null,
    prov: {},
  };
  const cellOf: Partial<Record<keyof IndicatorX, Cell | undefined>> = {
    name: nameCell, target: targetCell, target_initial: ti, actual: actualCell, weight: weight ?? undefined, score: score ?? undefined, deviation: deviation[0],
  };
  for (const k of ['level1', 'level2', 'name', 'target_initial', 'target', 'actual', 'weight', 'score', 'deviation'] as const) {
    if (ind[k] != null) ind.prov[k] = provAt(l, cellOf[k]);
  }
  return { indicator: ind, nameless };
}
