// OCR warnings as PARSE anomalies (severity warning), for reconstruct/validate to attach.
import type { AnomalyX, FormX } from '@ziping/core';
import type { OcrWarning } from './ocr.ts';

/**
 * `formOf(page, line)` places a warning in a form (index into `forms`) when the caller knows
 * the forms' line spans; otherwise the anomaly is document-level (form null).
 */
export function warningsToAnomalies(ws: OcrWarning[], formOf: (page: number, line: number) => number | null = () => null): AnomalyX[] {
  return ws.map((w) => ({
    rule: 'PARSE',
    severity: 'warning',
    form: formOf(w.page, w.line),
    table: null,
    indicator: null,
    expected: w.kind === 'CORRECTED' ? w.text : null,
    found: w.kind === 'CORRECTED' ? (w.from ?? null) : w.text,
    message: w.message,
    evidence: [{ field: `ocr.${w.kind.toLowerCase()}`, value: w.confidence, prov: { page: w.page, line: w.line, bbox: w.bbox } }],
  }));
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
