// One performance-target declaration → a form of kind `target`. Three parts, each found by
// its labels, not by position: the labelled fields (项目名称, 主管部门 / 一级预算单位, amounts
// whose label names the unit), an optional task block (任务名称 · 主要内容 · 预算金额, one
// funding row per task, the first amount column), and the indicator table under its header
// (一级 / 二级 / 三级指标 · 指标值 · 指标解释). Exports merge cells and shift rows, so an
// indicator row is read by meaning: level labels first, then name, target, explanation.
// There are no scores; 指标解释 stays out of the contract (only its position is kept in prov).
import type { AnomalyX, AmountUnit, FundingRowX, IndicatorX, TextCell, TextLine } from '@ziping/core';
import { emptyForm, provAt, type LayoutParser } from '../form.ts';
import { LevelState } from './levels.ts';
import { clean, dropOrgCode, isDash, parseNumber, squash } from '../text.ts';
import { indicatorField, isPlaceholder as isPlaceholderName, levelOf } from '../interpret/vocabulary.ts';
import { isTargetTitle } from './regions.ts';

type Field = 'project' | 'department' | 'implementer';
type Cell = TextCell;

/** A row's printed cells, white space collapsed (each keeps its column). */
const cellsOf = (l: TextLine): Cell[] =>
  l.cells.filter((c) => c.text !== '').map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ').trim() }));

function labelField(label: string): Field | null {
  const l = squash(label).replace(/[：:]$/, '');
  if (/^项目(（政策）|\(政策\))?名称$/.test(l)) return 'project';
  if (/^(主管部门|一级预算单位|预算部门|主管单位|部门（单位）名称|部门\(单位\)名称|单位名称|部门名称|预算单位)$/.test(l)) return 'department';
  if (/^(实施单位|项目实施单位)$/.test(l)) return 'implementer';
  return null;
}

/** A label whose value is an amount: `本年度项目金额（元）`, `项目总金额（万元）`, `年度资金总额`. */
const AMOUNT_LABEL = /(金额|资金总额|资金合计|预算数)([（(](万元|元)[)）])?$/;
/** Labels of the other fields (code, period, type, purpose, prose): their values are skipped. */
const OTHER_LABEL = /^(项目编码|项目编号|项目代码|主管处室|实施期限|实施周期|预算安排方式|项目类型|项目属性|资金用途|项目概况|项目申报依据|立项依据|项目测算标准|测算依据|年度目标|年度绩效目标|总体目标|长期目标|绩效目标|联系人|联系电话)/;
const SECTION = /^(年度主要任务|主要任务|年度总体目标|总体目标|年度绩效指标|绩效指标|年度绩效目标|长期绩效目标)$/;
const UNIT_LINE = /(?:金额)?单位[：:]\s*(万元|元)/;
const EXPLANATION = /指标解释|指标说明|评分标准|备注/;

export { dropOrgCode };

export const parseTargetForm: LayoutParser = (lines, region) => {
  const form = emptyForm(region, lines);
  const findings: AnomalyX[] = [];
  const levels = new LevelState(form.indicators, findings);
  // the unit printed in the title block (`单位：万元`) applies to amounts whose label names none
  let unit = lines.slice(region.start, region.body).map((l) => UNIT_LINE.exec(l.text)?.[1]).find(Boolean) as AmountUnit | undefined ?? null;
  let tasks = false;
  let cols: Columns | null = null;

  for (let i = region.body; i < region.end; i++) {
    const l = lines[i]!;
    const cells = cellsOf(l);
    if (cells.length === 0 || isTargetTitle(l)) continue;
    if (cells.length === 1 && !(cols && levelOf(cells[0]!.text) != null)) {
      const u = UNIT_LINE.exec(l.text);
      if (u) unit ??= u[1] as AmountUnit;
      continue; // page noise: code, year, unit, a merged label broken over lines
    }
    const header = indicatorColumns(cells);
    if (header) { cols = header; continue; }
    if (cols) { readIndicator(form.indicators, levels, l, cells, cols); continue; }
    if (isTaskHeader(cells)) { tasks = true; continue; }
    if (readLabelled(form, l, cells)) continue;
    if (tasks) readTask(form.funding, l, cells);
  }
  form.amount_unit = form.amount_unit ?? (form.funding.length > 0 ? unit : null);
  return { form, findings };

  /** Key–value cells: a known label and the next non-empty cell. True when the row had one. */
  function readLabelled(f: typeof form, l: TextLine, cells: Cell[]): boolean {
    let hit = false;
    for (let k = 0; k < cells.length; k++) {
      const label = cells[k]!.text;
      const value = cells[k + 1];
      const field = labelField(label);
      const amount = AMOUNT_LABEL.exec(squash(label));
      if (!field && !amount && !OTHER_LABEL.test(squash(label))) continue;
      hit = true;
      if (!value || labelField(value.text) || AMOUNT_LABEL.test(squash(value.text)) || OTHER_LABEL.test(squash(value.text))) continue;
      k++;
      if (field) {
        if (f[field] != null) continue;
        f[field] = dropOrgCode(clean(value.text));
        f.prov[field] = provAt(l, value);
      } else if (amount) {
        const n = parseNumber(value.text);
        if (n == null) continue;
        const rowUnit = (amount[3] as AmountUnit | undefined) ?? unit;
        // amounts of one form share its unit; a row in another unit is left out rather than mixed
        if (f.amount_unit && rowUnit && rowUnit !== f.amount_unit) continue;
        f.amount_unit ??= rowUnit;
        f.funding.push(fundingRow(squash(label).replace(/[（(](万元|元)[)）]$/, ''), n, l, value));
      }
    }
    return hit;
  }
};

function fundingRow(source: string, amount: number, l: TextLine, cell: Cell): FundingRowX {
  return {
    source, initial_budget: amount, annual_budget: null, executed: null, balance: null, weight: null, rate: null, score: null,
    prov: { source: provAt(l), initial_budget: provAt(l, cell) },
  };
}

/** `任务名称 · 主要内容 · 预算金额`: the header of a department declaration's task block. */
const isTaskHeader = (cells: Cell[]) =>
  /^(任务名称|任务|项目名称)$/.test(squash(cells[0]!.text)) && cells.some((c) => /^(预算金额|金额|预算数|资金总额|预算资金)/.test(squash(c.text)));

/** A task row: its name, then prose, then amounts (the first is the total); the 合计 row counts too. */
function readTask(funding: FundingRowX[], l: TextLine, cells: Cell[]): void {
  const rest = cells.filter((c) => !SECTION.test(squash(c.text)));
  const k = rest.findIndex((c) => parseNumber(c.text) !== undefined);
  if (k < 1) return;
  const amount = parseNumber(rest[k]!.text);
  if (amount == null) return;
  funding.push(fundingRow(squash(rest[0]!.text), amount, l, rest[k]!));
}

interface Columns { level1: number | null; level2: number | null; name: number; target: number | null; explanation: number | null }

/** The indicator header (一级指标 · 二级指标 · 三级指标 · 指标值 · 指标解释), by what its cells say. */
function indicatorColumns(cells: Cell[]): Columns | null {
  const cols: Partial<Columns> = {};
  for (const c of cells) {
    const t = squash(c.text);
    if (EXPLANATION.test(t)) { cols.explanation ??= c.col; continue; }
    const f = indicatorField(t);
    if (f === 'level1') cols.level1 ??= c.col;
    else if (f === 'level2') cols.level2 ??= c.col;
    else if (f === 'name') cols.name ??= c.col;
    else if (f === 'target') cols.target ??= c.col;
  }
  if (cols.name == null || (cols.level1 == null && cols.level2 == null)) return null;
  return { level1: cols.level1 ?? null, level2: cols.level2 ?? null, name: cols.name, target: cols.target ?? null, explanation: cols.explanation ?? null };
}

function readIndicator(rows: IndicatorX[], levels: LevelState, l: TextLine, all: Cell[], cols: Columns): void {
  const cells = [...all];
  while (cells.length > 0 && SECTION.test(squash(cells[0]!.text))) cells.shift();
  // level labels lead the row; where a label fits both levels its column decides
  while (cells.length > 0 && levelOf(cells[0]!.text) != null) {
    const c = cells.shift()!;
    levels.label(c.text, c.col === cols.level2 ? 2 : c.col === cols.level1 ? 1 : levelOf(c.text)!, provAt(l, c));
  }
  if (cells.length === 0) return;
  const [nameCell, ...rest] = cells;
  const name = clean(nameCell!.text);
  if (isPlaceholderName(name) || isDash(name)) return;
  let target: Cell | undefined = rest[0];
  let explanation: Cell | undefined = rest[1];
  // only an explanation beside the name: the target cell was left empty
  if (rest.length === 1 && cols.explanation != null && rest[0]!.col === cols.explanation && cols.target !== cols.explanation
      && /^(反映|考察|考核|以|衡量)/.test(rest[0]!.text)) {
    target = undefined;
    explanation = rest[0];
  }
  const row: IndicatorX = {
    level1: levels.l1, level2: levels.l2, name,
    target_initial: null, target: target ? clean(target.text) : null, actual: null, weight: null, score: null, deviation: null,
    prov: { name: provAt(l, nameCell) },
  };
  if (target) row.prov.target = provAt(l, target);
  if (explanation) row.prov.explanation = provAt(l, explanation);
  rows.push(row);
}
