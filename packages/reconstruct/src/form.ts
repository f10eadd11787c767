// What the declaration parser returns for one region, the empty form it fills in, and the
// provenance and PARSE-finding helpers the readers of reconstruct share.
import type { AnomalyX, Evidence, FormX, Prov, TextLine } from '@ziping/core';
import type { Region } from './target/regions.ts';

export interface RegionResult {
  form: FormX;
  /** PARSE findings: cells that could not be placed, misspelt labels corrected, fragments. */
  findings: AnomalyX[];
}

export type LayoutParser = (lines: TextLine[], region: Region) => RegionResult;

export function emptyForm(region: Region, lines: TextLine[]): FormX {
  const first = lines[region.start]!;
  return {
    kind: 'target',
    attachment: null,
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
    fragment: false,
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
