// What a layout parser returns for one region, and the empty form it fills in.
import type { AnomalyX, Evidence, FormX, Prov, TextLine } from '@ziping/core';
import type { Region } from './segment.ts';
import { isBareNumber, squash } from './text.ts';

export interface RegionResult {
  form: FormX;
  /** PARSE findings: cells that could not be placed, misspelt labels corrected, fragments. */
  findings: AnomalyX[];
}

export type LayoutParser = (lines: TextLine[], region: Region) => RegionResult;

export function emptyForm(region: Region, lines: TextLine[]): FormX {
  const first = lines[region.start]!;
  return {
    kind: region.kind,
    attachment: region.attachment,
    title: region.title,
    year: region.year,
    project: null,
    department: null,
    implementer: null,
    amount_unit: null,
    funding: [],
    indicators: [],
    budget_score: null,
    total_score: null,
    grade: null,
    fragment: region.fragment,
    prov: { form: { page: first.page, line: first.line, lineEnd: lines[region.end - 1]!.line } },
  };
}

export const provOf = (l: TextLine, lineEnd?: TextLine): Prov =>
  lineEnd && lineEnd.line !== l.line ? { page: l.page, line: l.line, lineEnd: lineEnd.line } : { page: l.page, line: l.line };

/** A cell's provenance: its line, and its box on the page where the source has geometry (PDF). */
export const provAt = (l: TextLine, cell?: { bbox?: [number, number, number, number] }): Prov =>
  cell?.bbox ? { page: l.page, line: l.line, bbox: cell.bbox } : { page: l.page, line: l.line };

/** A PARSE warning; `form` is set by reconstruct once the form has its index. */
export function parseFinding(message: string, evidence: Evidence[] = [], extra: Partial<AnomalyX> = {}): AnomalyX {
  return { rule: 'PARSE', severity: 'warning', form: null, table: null, indicator: null, expected: null, found: null, message, evidence, ...extra };
}

/**
 * A form whose indicator rows carry far fewer points than its printed total: rows were lost
 * (a page torn out, a table cut in the export), so its sums cannot be checked.
 */
export function missingRowsFinding(form: FormX): AnomalyX | null {
  if (form.fragment || form.total_score == null || form.total_score < 50) return null;
  const weights = form.indicators.map((i) => i.weight).filter((w): w is number => w != null);
  if (weights.length === 0) return null;
  const visible = weights.reduce((a, b) => a + b, 0) + (form.funding[0]?.weight ?? 0);
  if (visible >= 50) return null;
  const first = form.indicators[0]!.prov.name;
  return parseFinding(
    `The indicator table is incomplete${first ? ` (rows resume at line ${first.line})` : ''}: only ${visible} of the 100 points are visible, so weights and the total cannot be checked.`,
    [{ field: 'total_score', value: form.total_score, prov: form.prov.total_score ?? null }],
    { expected: 100, found: visible },
  );
}

const GRADE = /^([优良中差]|优秀|良好|合格|不合格)$/;

/**
 * A total line (`总分 … 100 95.95 —`, `总 分 … 92.28 优`): the last bare number is the total
 * (an earlier one is the weight sum), and a grade may stand beside it.
 */
export function readTotal(form: FormX, l: TextLine, cells: { text: string; bbox?: [number, number, number, number] }[]): void {
  const total = cells.filter((c) => isBareNumber(c.text)).at(-1);
  if (total) {
    form.total_score = Number(squash(total.text));
    form.prov.total_score = provAt(l, total);
  }
  const grade = cells.find((c) => GRADE.test(squash(c.text)));
  if (grade) {
    form.grade = squash(grade.text);
    form.prov.grade = provAt(l, grade);
  }
}
