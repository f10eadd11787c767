// Where each form sits in the document, from the provenance of its figures.
import { filledCells, type FormX, type Prov, type SourceDocument, type TextLine } from '@ziping/core';

export interface Span { start: number; end: number }

function provs(f: FormX): Prov[] {
  const rows = [f, ...f.funding, ...f.indicators];
  return rows.flatMap((r) => Object.values(r.prov));
}

const isTabbed = (l: TextLine): boolean => filledCells(l) > 1;
const isBlank = (l: TextLine): boolean => l.text.trim() === '';

/**
 * The lines a form covers: its provenance, carried on through the table rows that follow
 * the last figure read (a 项目绩效分析 block, a 备注 row) up to the first line of prose.
 * Null for a form with no provenance: its place is unknown.
 */
export function formSpan(f: FormX, doc: SourceDocument, limit = Infinity): Span | null {
  const ps = provs(f);
  if (ps.length === 0) return null;
  const start = Math.min(...ps.map((p) => p.line));
  let end = Math.max(...ps.map((p) => p.lineEnd ?? p.line));
  const byLine = new Map(doc.lines.map((l) => [l.line, l]));
  for (let n = end + 1; n < limit; n++) {
    const l = byLine.get(n);
    if (!l || !(isTabbed(l) || isBlank(l))) break;
    if (isTabbed(l)) end = n;
  }
  return { start, end };
}

/** Every form's span, each stopping before the next form's first line. */
export function formSpans(forms: FormX[], doc: SourceDocument): (Span | null)[] {
  const raw = forms.map((f) => formSpan(f, doc));
  return forms.map((f, i) => {
    const next = raw.slice(i + 1).find((s) => s != null);
    return raw[i] && formSpan(f, doc, next ? next.start : Infinity);
  });
}
