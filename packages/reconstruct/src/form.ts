// What a layout parser returns for one region, and the empty form it fills in.
import type { AnomalyX, Evidence, FormX, Prov, TextLine } from '@ziping/core';
import type { Region } from './segment.ts';

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

/** A PARSE warning; `form` is set by reconstruct once the form has its index. */
export function parseFinding(message: string, evidence: Evidence[] = [], extra: Partial<AnomalyX> = {}): AnomalyX {
  return { rule: 'PARSE', severity: 'warning', form: null, table: null, indicator: null, expected: null, found: null, message, evidence, ...extra };
}
