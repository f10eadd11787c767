// Layout → forms and tables. Self-evaluation forms are read from the layout blocks by the
// interpreter (interpret/); target declarations and budget tables by target/ and budget/, from
// lines made of the same layout blocks (budget/lines.ts).
import { filledCells, InputError, type AnomalyX, type Extraction, type FormX, type SourceDocument, type TextLine } from '@ziping/core';
import { parseFinding } from './form.ts';
import { setAsideImplausible } from './plausible.ts';
import { interpretForms } from './interpret/interpret.ts';
import { findTargetRegions, parseTargetForm } from './target/index.ts';
import { reconstructTables } from './budget/index.ts';
import { linesOfBlocks } from './budget/lines.ts';

type Part = { form: FormX; findings: AnomalyX[] };

export function reconstruct(doc: SourceDocument): Extraction {
  const found = interpretForms(doc.blocks);
  const parts: Part[] = found.forms.map((form, k) => ({ form, findings: found.findings.filter((f) => f.form === k) }));
  const lines = linesOfBlocks(doc.blocks);
  const at = new Map(lines.map((l, i) => [l.line, i]));
  // target declarations are looked for outside the self-evaluation forms
  for (const region of findTargetRegions(lines, spansOf(found.forms, at))) {
    const { form, findings } = parseTargetForm(lines, region);
    parts.push({ form, findings });
  }
  parts.sort((a, b) => (a.form.prov.form?.line ?? 0) - (b.form.prov.form?.line ?? 0));
  const forms: FormX[] = [];
  const anomalies: AnomalyX[] = [];
  for (const p of parts) {
    const index = forms.length;
    forms.push(p.form);
    for (const f of p.findings) anomalies.push({ ...f, form: index });
    const odd = setAsideImplausible(p.form, index);
    if (odd) anomalies.push(odd);
  }
  for (const page of doc.unreadablePages ?? []) {
    anomalies.push(parseFinding(`Page ${page} needs OCR: it has no usable text layer (a scan, or glyphs without a Unicode mapping).`));
  }
  // budget tables are read outside the forms only
  const spans = spansOf(forms, at);
  const tables = reconstructTables(lines, spans);
  if (forms.length === 0 && tables.length === 0 && !doc.unreadablePages?.length) {
    throw new InputError('NO_TABLE', doc.path, 'no form or table found in the text');
  }
  return { source: doc.name, year: documentYear(doc.lines), forms, tables, anomalies };
}

/** The lines each form was read from, as indexes into the lines (`index`: line number → index), end exclusive. */
function spansOf(forms: FormX[], index: Map<number, number>): { start: number; end: number }[] {
  return forms.flatMap((f) => {
    const p = f.prov.form;
    const start = p ? index.get(p.line) : undefined;
    const end = p ? index.get(p.lineEnd ?? p.line) : undefined;
    return start == null || end == null ? [] : [{ start, end: end + 1 }];
  });
}

/**
 * The year a document's heading states (`2021年部门预算`, `… 2020 年度部门决算表`): the first
 * heading-like line outside the tables that names a year and a kind of report.
 */
export function documentYear(lines: TextLine[]): number | null {
  for (const l of lines) {
    if (filledCells(l) > 1) continue;
    const t = l.text.replace(/\s+/g, '');
    if (t.length > 60 || /[。，；]/.test(t)) continue;
    const m = /((?:19|20)\d{2})年度?/.exec(t);
    if (m && /预算|决算|自评|报告|绩效/.test(t)) return Number(m[1]);
  }
  return null;
}
