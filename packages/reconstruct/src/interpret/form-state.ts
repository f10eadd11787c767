// The form being read and what the interpreter fills into it outside the funding and
// indicator blocks: key/value metadata, the total and grade, the findings on a form.
import { correctLabel, type AnomalyX, type FormX, type IndicatorX, type LayoutCell } from '@ziping/core';
import { parseFinding } from '../form.ts';
import { dropOrgCode, parseNumber, yearIn } from '../text.ts';
import { recentre } from './centred.ts';
import type { FundingHeader, TransposedHeader } from './funding.ts';
import type { IndicatorHeader } from './indicator-header.ts';
import type { Levels } from './indicators.ts';
import { cellsOf, freshCells, provOf, rightOf, type Row } from './rows.ts';
import { splitJoinedPairs } from './meta-split.ts';
import { isBudgetScoreLabel, isGrade, isGradeLabel, isSubtotalLabel, isTotalLabel, metaField, sectionKind, titleKind } from './vocabulary.ts';

export type Mode = 'meta' | 'funding' | 'transposed' | 'skip' | 'indicators' | 'after';

export interface Building {
  form: FormX;
  mode: Mode;
  funding: FundingHeader | null;
  transposed: TransposedHeader | null;
  header: IndicatorHeader | null;
  levels: Levels;
  unknown: LayoutCell[];
  lastLine: number;
  /** Per indicator: its row printed its own 一级 label. */
  printed1: boolean[];
  /** Table cells the reader could not place in rows, met inside the form (see LayoutParagraph.interleaved). */
  interleaved: number;
  /** Lines of cells wrapped out of their row in a loose source, not placed yet (pieces.ts). */
  pieces: LayoutCell[];
  /** Lines of text alone above an indicator row (a page's first lines): the start of its deviation, if it has one. */
  devHead: LayoutCell[];
  /** The indicator rows so far came from a loose source (LayoutTable.looseCells). */
  loose: boolean;
  /** The cells of the last funding row of a loose source, which the next lines may carry on. */
  carry?: LayoutCell[] | null;
  /** A key/value label printed on a line of its own: the next line is its value. */
  label?: ReturnType<typeof metaField>;
  /** A torn page: indicator rows after a finished form, with no title or header (one PARSE warning). */
  torn?: boolean;
  /** The second half of a label wrapped onto the next row (`项目（政策）` / `名称`): read already, no label of its own. */
  labelEnd?: LayoutCell;
}

export function newForm(kind: 'project' | 'department', title: string | null, at: LayoutCell, fragment: boolean): Building {
  const form: FormX = {
    kind, attachment: null, title, year: title ? yearIn(title) : null, project: null, department: null, implementer: null,
    amount_unit: null, funding: [], indicators: [], budget_score: null, total_score: null, grade: null, fragment,
    prov: { form: provOf(at.prov) },
  };
  const b: Building = { form, mode: 'meta', funding: null, transposed: null, header: null, levels: { level1: null, level2: null, cell1: null, cell2: null }, unknown: [], lastLine: at.prov.line, printed1: [], interleaved: 0, pieces: [], devHead: [], loose: false };
  return b;
}

/**
 * A flattened source prints a merged 一级 label on the middle row of its block: the rows
 * above it in the same 二级 block that only inherited a label take this one. Without a 二级
 * label there is no block to bound it (a form with no 二级 column): the rows keep the label
 * printed above them, and centred labels are left to recentre, which weighs the whole form.
 */
export function fillBackUp(b: Building, ind: IndicatorX): void {
  const list = b.form.indicators;
  for (let k = list.length - 1; k >= 0; k--) {
    const prev = list[k]!;
    if (b.printed1[k] || prev.level2 == null || prev.level2 !== ind.level2 || prev.level1 === ind.level1) break;
    prev.level1 = ind.level1;
    if (ind.prov.level1) prev.prov.level1 = ind.prov.level1;
  }
}

export const lastLineOf = (row: Row): number => Math.max(...cellsOf(row).map((c) => c.prov.lineEnd ?? c.prov.line));

/**
 * Key/value cells: a label the vocabulary knows, its value the next cell to the right. In a
 * row of label–value pairs with a known label, the cells in label places (every other one) that the
 * vocabulary does not know are reported, their values left unread.
 */
export function readMeta(b: Building, row: Row, next?: Row): boolean {
  const fresh = freshCells(row);
  if (row.paragraph) return readMetaLine(b, fresh[0]!);
  const { cells, split } = splitJoinedPairs(fresh);
  let read = false;
  const pairs = cells.length % 2 === 0 && cells.some((c, k) => k % 2 === 0 && metaField(c.text) != null);
  const end = b.labelEnd;
  b.labelEnd = undefined;
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k]!;
    if (cell === end) { read = true; k++; continue; }
    // a label wrapped onto the next row, the value beside its first line
    const own = metaField(cell.text);
    const below = !own && next && !next.paragraph && next.block === row.block ? next.slots[cell.col] : null;
    const wrapped = below && below.row === next!.r && below.text.length <= 4 ? metaField(cell.text + below.text) : null;
    if (wrapped) b.labelEnd = below!;
    const field = own ?? wrapped;
    if (!field) {
      if (pairs && k % 2 === 0 && parseNumber(cell.text) === undefined) { b.unknown.push(cell); k++; }
      continue;
    }
    read = true;
    const value = split.has(cell) ? cells[k + 1]! : rightOf(row, cell);
    if (!value || metaField(value.text)) continue;
    k++;
    if (field === 'ignore') continue;
    if (b.form[field] != null) continue;
    b.form[field] = field === 'project' ? value.text : dropOrgCode(value.text);
    b.form.prov[field] = provOf(value.prov);
  }
  if (read) b.lastLine = Math.max(b.lastLine, lastLineOf(row));
  return read;
}

/** A key and its value on one line: `项目名称：某项目`, `项目名称 某项目`. */
export const KEY_VALUE = /^(\S{2,12}?)(?:[:：]\s*|\s+)(\S.*)$/;

/** A line `项目名称：某项目` or `项目名称 某项目` (text dumps print key and value on one line). */
function readMetaLine(b: Building, cell: LayoutCell): boolean {
  const pending = b.label;
  b.label = undefined;
  // a label alone on its line (reading-order text puts the value on the next line)
  const alone = metaField(cell.text.replace(/[:：]$/, ''));
  if (alone) { b.label = alone; return true; }
  const m = KEY_VALUE.exec(cell.text);
  const inline = m ? metaField(m[1]!) : null;
  const field = inline ?? pending;
  if (!field || (!inline && (sectionKind(cell.text) || titleKind(cell.text)))) return false;
  const value = inline ? m![2]! : cell.text;
  if (field !== 'ignore' && b.form[field] == null) {
    b.form[field] = field === 'project' ? value : dropOrgCode(value);
    b.form.prov[field] = provOf(cell.prov);
  }
  return true;
}


/** A total row (总分 / 合计 … the last number) or a grade row (自评等级 优); true when read. */
export function readTotalOrGrade(b: Building, row: Row): boolean {
  if (b.mode !== 'indicators' && b.mode !== 'after') return false;
  const cells = freshCells(row);
  // a subtotal row (`…得分小计 (C) | 90 | 预算执行率得分 (D) | 10`) gives the budget score; its total follows
  if (cells.length > 0 && isSubtotalLabel(cells[0]!.text)) {
    const at = cells.findIndex((c) => isBudgetScoreLabel(c.text));
    const d = at < 0 ? undefined : cells.slice(at + 1).find((c) => typeof parseNumber(c.text) === 'number');
    if (d && b.form.budget_score == null) {
      b.form.budget_score = parseNumber(d.text) as number;
      b.form.prov.budget_score = provOf(d.prov);
    }
    b.lastLine = Math.max(b.lastLine, lastLineOf(row));
    return true;
  }
  let hit = false;
  // a total row whose 总分 label was lost: only figures and a grade (`92.28 优`)
  const unlabelled = b.mode === 'indicators' && cells.some((c) => isGrade(c.text)) && cells.every((c) => isGrade(c.text) || typeof parseNumber(c.text) === 'number');
  if (b.form.total_score == null && (isTotalLabel(cells[0]!.text) || unlabelled)) {
    const nums = cells.slice(unlabelled ? 0 : 1).filter((c) => typeof parseNumber(c.text) === 'number' && !/%$/.test(c.text));
    const total = nums.at(-1);
    if (total) {
      b.form.total_score = parseNumber(total.text) as number;
      b.form.prov.total_score = provOf(total.prov);
      hit = true;
    }
  }
  for (const c of cells) {
    // a flattened source may join the label to a line printed under it (`自评等级` / `审核人：`):
    // its grade is the next cell on the label's line
    const lines = (c.raw ?? c.text).split('\n');
    const joined = row.approximate && lines.length > 1 && isGradeLabel(lines[0]!);
    // label and grade in one cell (`自评等级：优`)
    const inline = /^(.{2,8}?)[:：]\s*(\S{1,3})$/.exec(c.text);
    if (inline && isGradeLabel(inline[1]!) && isGrade(inline[2]!)) {
      b.form.grade = inline[2]!;
      b.form.prov.grade = provOf(c.prov);
      hit = true;
      continue;
    }
    if (!joined && !isGradeLabel(c.text)) continue;
    const v = joined ? cells.slice(cells.indexOf(c) + 1).find((o) => o.prov.line === c.prov.line) : rightOf(row, c);
    if (v && isGrade(v.text)) {
      b.form.grade = v.text;
      b.form.prov.grade = provOf(v.prov);
      hit = true;
    }
  }
  if (hit) {
    const g = cells.find((c) => isGrade(c.text));
    if (b.form.grade == null && g) { b.form.grade = g.text; b.form.prov.grade = provOf(g.prov); }
    b.mode = 'after';
    b.lastLine = Math.max(b.lastLine, lastLineOf(row));
  }
  return hit;
}

/**
 * A title with nothing under it (a report heading that reads like one), or a headless
 * indicator table with no scored row that does not print both its subtotal and its budget
 * score: a table quoted in a report, or stray lines after a form, not a form.
 */
export const isEmpty = (f: FormX): boolean =>
  (f.project == null && f.department == null && f.funding.length === 0 && f.total_score == null && (f.fragment || f.indicators.length === 0))
  || (f.fragment && !f.indicators.some((i) => i.weight != null || i.score != null) && (f.total_score == null || f.budget_score == null));

const FIGURES = ['initial_budget', 'annual_budget', 'executed', 'balance', 'weight', 'rate', 'score'] as const;
export const hasFigure = (r: FormX['funding'][number]): boolean => FIGURES.some((k) => r[k] != null);

export function finish(b: Building): void {
  const f = b.form;
  const labels = (cells: LayoutCell[] = []) => cells.map((c) => ({ text: c.text, prov: provOf(c.prov) }));
  // wherever merged level cells reached us as labels printed mid-block (flattened text, a
  // borderless PDF), not as spans; recentre itself asks whether they were printed so
  recentre(f.indicators, labels(b.levels.seen2), labels(b.levels.seen1), b.levels.rowCells);
  // a funding line with no figure printed (only dashes, or nothing) reports nothing
  f.funding = f.funding.filter(hasFigure);
  const scored = f.funding.find((r) => r.score != null) ?? null;
  if (scored) {
    f.budget_score = scored.score;
    if (scored.prov.score) f.prov.budget_score = scored.prov.score;
  }
  f.prov.form = { ...f.prov.form!, lineEnd: Math.max(b.lastLine, f.prov.form!.line) };
}

export function unreadableFinding(b: Building, form: number): AnomalyX {
  const at = b.form.prov.form!;
  return {
    ...parseFinding(`第${at.page}页第${at.line}行起的表格在此来源中单元格按阅读顺序交错（如不保留版面的 pdftotext 文本），无法可靠地还原行列，指标与资金未读取；请改用PDF原件或保留版面的文本。`,
      [{ field: 'form', value: b.form.title, prov: at }]),
    form,
  };
}

export function tornFinding(b: Building, form: number): AnomalyX {
  const at = b.form.prov.form!;
  return {
    ...parseFinding(`第${at.page}页第${at.line}行起的指标行前没有表头和标题（从较长的表中撕下的一页），项目无法确定，按前一表头的列读取。`,
      [{ field: 'form', value: null, prov: at }]),
    form,
  };
}

export function unknownFinding(b: Building, form: number): AnomalyX {
  const names = b.unknown.map((c) => `“${c.text}”（第${c.prov.page}页第${c.prov.line}行${c.prov.ref ? `，${c.prov.ref}` : ''}）`);
  return {
    ...parseFinding(`表中有未识别的标签：${names.join('、')}，其所在列的值未读取；请在词表 vocabulary.json 中补充。`,
      b.unknown.map((c) => ({ field: 'label', value: c.text, prov: provOf(c.prov) }))),
    form,
  };
}

/** One finding per level label the form printed misspelt (OCR: `经济双星指标`), read as the label it stands for. */
export function misspeltFindings(b: Building, form: number): AnomalyX[] {
  const seen = new Set<string>();
  const out: AnomalyX[] = [];
  for (const c of [...(b.levels.seen1 ?? []), ...(b.levels.seen2 ?? [])]) {
    const raw = c.text.replace(/\s+/g, '');
    const { text, corrected } = correctLabel(raw);
    if (!corrected || seen.has(raw)) continue;
    seen.add(raw);
    out.push({
      ...parseFinding(`指标层级标签“${raw}”（第${c.prov.page}页第${c.prov.line}行）疑为“${text}”的误写（OCR 等），按“${text}”读取。`,
        [{ field: 'label', value: c.text, prov: provOf(c.prov) }], { indicator: raw, expected: text, found: raw }),
      form,
    });
  }
  return out;
}
