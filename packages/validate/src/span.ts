// Where each form sits in the document, from the provenance of its figures.
import { filledCells, type FormX, type Prov, type SourceDocument, type TextLine } from '@ziping/core';

export interface Span { start: number; end: number }

function provs(f: FormX): Prov[] {
  const rows = [f, ...f.funding, ...f.indicators];
  return rows.flatMap((r) => Object.values(r.prov));
}

const isTabbed = (l: TextLine): boolean => filledCells(l) > 1;
const isBlank = (l: TextLine): boolean => l.text.trim() === '';

/** The first line a form's figures were read from; null without provenance. */
function firstLine(ps: Prov[]): number | null {
  let start = Infinity;
  for (const p of ps) start = Math.min(start, p.line);
  return ps.length === 0 ? null : start;
}

/**
 * The lines a form covers: its provenance, carried on through the table rows that follow
 * the last figure read (a 项目绩效分析 block, a 备注 row) up to the first line of prose, and
 * never into `limit` (the next form's first line).
 */
function formSpan(ps: Prov[], byLine: Map<number, TextLine>, limit: number): Span {
  const start = firstLine(ps)!;
  let end = -Infinity;
  for (const p of ps) end = Math.max(end, p.lineEnd ?? p.line);
  for (let n = end + 1; n < limit; n++) {
    const l = byLine.get(n);
    if (!l || !(isTabbed(l) || isBlank(l))) break;
    if (isTabbed(l)) end = n;
  }
  return { start, end };
}

/**
 * Every form's span, each stopping before the next form's first line; null for a form with
 * no provenance (its place is unknown). The lines are indexed once for the whole document,
 * and each form looks only as far as the next one: linear in the document's size.
 */
export function formSpans(forms: FormX[], doc: SourceDocument): (Span | null)[] {
  const byLine = new Map(doc.lines.map((l) => [l.line, l]));
  const ps = forms.map(provs);
  const spans: (Span | null)[] = new Array(forms.length).fill(null);
  let next = Infinity; // the first line of the next form that has one
  for (let i = forms.length - 1; i >= 0; i--) {
    const start = firstLine(ps[i]!);
    if (start == null) continue;
    spans[i] = formSpan(ps[i]!, byLine, next);
    next = start;
  }
  return spans;
}
