// OCR warnings as PARSE anomalies (severity warning), for reconstruct/validate to attach: one
// per form, listing every cell the recogniser was unsure of, so a scan gives an auditor one
// finding to work through (each cell with its box) rather than one per cell.
import type { AnomalyX, Extraction, FormX, Prov } from '@ziping/core';
import type { OcrWarning } from './ocr.ts';

/**
 * `formOf(page, line)` places a warning in a form (index into `forms`) when the caller knows
 * the forms' line spans; otherwise the anomaly is document-level (form null).
 */
export function warningsToAnomalies(ws: OcrWarning[], formOf: (page: number, line: number) => number | null = () => null): AnomalyX[] {
  const byForm = new Map<number | null, OcrWarning[]>();
  for (const w of ws) {
    const f = formOf(w.page, w.line);
    byForm.set(f, [...(byForm.get(f) ?? []), w]);
  }
  return [...byForm.entries()].map(([form, group]) => {
    const first = group[0]!;
    const one = group.length === 1;
    return {
      rule: 'PARSE',
      severity: 'warning',
      form,
      table: null,
      indicator: null,
      expected: one && first.kind === 'CORRECTED' ? first.text : null,
      found: one ? (first.kind === 'CORRECTED' ? (first.from ?? null) : first.text) : group.length,
      message: one ? first.message : `OCR was unsure of ${group.length} cells; check them against the scan: ${group.map((w) => w.message).join(' ')}`,
      evidence: group.map((w) => ({ field: `ocr.${w.kind.toLowerCase()}`, value: w.kind === 'CORRECTED' ? `${w.from ?? ''} → ${w.text}` : w.text, prov: { page: w.page, line: w.line, bbox: w.bbox } })),
    };
  });
}

/**
 * The form a document-wide line number falls in, from the forms' `prov.form` spans
 * (line … lineEnd): the `formOf` for `warningsToAnomalies` once reconstruct has run.
 */
export function formOfLine(forms: FormX[]): (page: number, line: number) => number | null {
  return (_page, line) => {
    const i = forms.findIndex((f) => {
      const p = f.prov.form;
      return p !== undefined && line >= p.line && line <= (p.lineEnd ?? p.line);
    });
    return i < 0 ? null : i;
  };
}

/**
 * The warnings on cells whose text went into the extraction (a form field, a funding or
 * indicator value, a table row), and every cell read as nothing (a value may be missing for
 * it): an unsure reading of a header label or of prose changes no figure, and a label the
 * vocabulary did not know is reported by reconstruct already.
 */
export function onExtractedValues(ws: OcrWarning[], x: Extraction): OcrWarning[] {
  const provs: Prov[] = [
    ...x.forms.flatMap((f) => [
      ...Object.values(f.prov),
      ...f.funding.flatMap((r) => Object.values(r.prov)),
      ...f.indicators.flatMap((i) => Object.values(i.prov)),
    ]),
    ...x.tables.flatMap((t) => [...Object.values(t.prov), ...t.rows.map((r) => r.prov)]),
  ].filter((p): p is Prov => p != null);
  const overlaps = (a: Prov['bbox'], b: OcrWarning['bbox']) => !!a && a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  return ws.filter((w) => w.kind === 'UNREAD' || provs.some((p) => p.page === w.page && (p.bbox ? overlaps(p.bbox, w.bbox) : w.line >= p.line && w.line <= (p.lineEnd ?? p.line))));
}
