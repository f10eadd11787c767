// The vocabulary file (vocabulary.json) compiled to matchers. The interpreter asks here what a
// label means; nothing else in the code lists form words.
import { correctLabel } from '@ziping/core';
import data from './vocabulary.json' with { type: 'json' };

type Patterns = RegExp[];
const compile = (list: string[]): Patterns => list.map((s) => new RegExp(s));
const compileMap = <K extends string>(m: Record<K, string[]>): [K, Patterns][] =>
  (Object.entries(m) as [K, string[]][]).map(([k, v]) => [k, compile(v)]);

/**
 * The same labels come back on every page of a long document and are asked about many times:
 * each text is answered once. The cache is emptied when full, so memory stays bounded.
 */
const memo = <T>(f: (text: string) => T, max = 10_000): ((text: string) => T) => {
  const seen = new Map<string, T>();
  return (text) => {
    if (seen.has(text)) return seen.get(text) as T;
    if (seen.size >= max) seen.clear();
    const v = f(text);
    seen.set(text, v);
    return v;
  };
};

/** A label as the vocabulary matches it: no white space, （）： folded, known misreadings corrected. */
export const labelKey = memo((text: string): string =>
  correctLabel(text).text.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/:$/, ''));

const any = (ps: Patterns, key: string): boolean => ps.some((p) => p.test(key));
const first = <K extends string>(table: [K, Patterns][], key: string): K | null => {
  for (const [k, ps] of table) if (any(ps, key)) return k;
  return null;
};

export type MetaField = 'project' | 'department' | 'implementer' | 'ignore';
export type SectionKind = 'funding' | 'goals' | 'tasks' | 'indicators' | 'end';
export type FundingField = 'score' | 'rate' | 'declared_budget' | 'initial_budget' | 'annual_budget' | 'executed' | 'balance' | 'weight' | 'sources' | 'ignore';
export type IndicatorField =
  | 'score' | 'level1' | 'level2' | 'name' | 'target_initial' | 'target_direction' | 'target_op' | 'target_unit'
  | 'target_value' | 'target_content' | 'target' | 'actual' | 'weight' | 'deviation' | 'ignore';

const META = compileMap(data.meta as Record<MetaField, string[]>);
const SECTION = compileMap(data.section as Record<SectionKind, string[]>);
const FUNDING = compileMap(data.funding as Record<FundingField, string[]>);
const INDICATOR = compileMap(data.indicator as Record<IndicatorField, string[]>);
const DIRECTION = compileMap(data.direction as Record<string, string[]>);
const TITLE_FORM = compile(data.title.form);
const TITLE_DEPT = compile(data.title.department);
const TITLE_TARGET = compile(data.title.target);
const ATTACHMENT = compile(data.title.attachment);
const YEAR_LINE = compile(data.title.year);
const TOTAL = compile(data.total);
const GRADE_LABEL = compile(data.grade);
const SUBTOTAL = compile(data.subtotal);
const BUDGET_SCORE = compile(data.budget_score);
const GRADES = compile(data.grades);
const LEVEL1 = compile(data.level1);
const LEVEL2 = compile(data.level2);
const PLACEHOLDER = compile(data.placeholder);

export const metaField = memo((text: string): MetaField | null => first(META, labelKey(text)));
export const sectionKind = memo((text: string): SectionKind | null => first(SECTION, labelKey(text)));
export const fundingField = memo((text: string): FundingField | null => first(FUNDING, labelKey(text)));
export const indicatorField = memo((text: string): IndicatorField | null => first(INDICATOR, labelKey(text)));
/** The operator a 指标方向 value stands for (`正向` → `≥`, `定性` → ``), undefined when unknown. */
export const directionOp = (text: string): string | undefined => first(DIRECTION, labelKey(text)) ?? undefined;

export type FormKind = 'project' | 'department' | 'target';
/** The kind of form a title names, or null when the text is not a form title. */
export function titleKind(text: string): FormKind | null {
  const key = labelKey(text);
  if (key.length > 80 || /[，。；,;]/.test(key)) return null;
  if (any(TITLE_TARGET, key) && !/自评/.test(key)) return 'target';
  if (!any(TITLE_FORM, key)) return null;
  return any(TITLE_DEPT, key) ? 'department' : 'project';
}
/** The attachment label as printed (`附件 2-1`), or null. */
export const attachmentOf = (text: string): string | null => (any(ATTACHMENT, labelKey(text)) ? text.replace(/\s+/g, ' ').trim() : null);
export function yearLine(text: string): number | null {
  const key = labelKey(text);
  for (const p of YEAR_LINE) {
    const m = p.exec(key);
    if (m) return Number(m[1]);
  }
  return null;
}
export const isTotalLabel = (text: string): boolean => any(TOTAL, labelKey(text));
/** A subtotal label (`产出、效益、满意度指标自评得分小计 (C)`) or a lone letter of one (`(C)`, `(D)`). */
export const isSubtotalLabel = (text: string): boolean => any(SUBTOTAL, labelKey(text));
/** The label of the budget score printed beside a subtotal (`预算执行率得分 (D)`). */
export const isBudgetScoreLabel = (text: string): boolean => any(BUDGET_SCORE, labelKey(text));
export const isGradeLabel = (text: string): boolean => any(GRADE_LABEL, labelKey(text));
export const isGrade = (text: string): boolean => any(GRADES, labelKey(text));
export const levelOf = (text: string): 1 | 2 | null => (any(LEVEL1, labelKey(text)) ? 1 : any(LEVEL2, labelKey(text)) ? 2 : null);
export const isPlaceholder = (text: string): boolean => any(PLACEHOLDER, labelKey(text));
/** The amount unit a label states: `项目资金（万元）`, `单位：元`, `年初预算数（万元）`. */
export function unitOf(text: string): '元' | '万元' | null {
  const m = /(?:\(|单位:?)(万?元)\)?/.exec(labelKey(text));
  return m ? (m[1] as '元' | '万元') : null;
}

/** A unit in brackets and nothing else (`元）`, `（%）`): the end of a label wrapped over lines, no label of its own. */
export const isUnitTail = (text: string): boolean => /^\(?(?:万?元|%)?\)$/.test(labelKey(text));

const PARENTS = compileMap(data.parents as Record<string, string[]>);
/** The standard 一级指标 of a standard label (`质量指标` → `产出指标`), null when the vocabulary has none. */
export const parentOf = (text: string): string | null => first(PARENTS, labelKey(text));
/** Which indicator levels a label can be: 满意度指标 is printed as both. */
export const levelsOf = (text: string): { one: boolean; two: boolean } => {
  const key = labelKey(text);
  return { one: any(LEVEL1, key), two: any(LEVEL2, key) };
};
/** A 一级 label that heads one of the standard families (`产出指标`, `效益指标`, `满意度指标`). */
export const isFamily = (text: string): boolean => PARENTS.some(([k]) => k === labelKey(text));
