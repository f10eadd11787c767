// Positioned text → forms. Segments the document into forms, then hands each to the
// parser for its layout (tab-separated cells, or pdftotext-style space-separated text).
import { filledCells, InputError, type AnomalyX, type Extraction, type FormX, type SourceDocument, type TextLine } from '@ziping/core';
import { parseFinding, type LayoutParser } from './form.ts';
import { segment, type Layout } from './segment.ts';
import { parseSpacedForm } from './spaced/index.ts';
import { parseTabbedForm } from './tabbed/index.ts';
import { parseTargetForm } from './target/index.ts';
import { reconstructTables } from './budget/index.ts';

const PARSERS: Record<Layout, LayoutParser> = { tabbed: parseTabbedForm, spaced: parseSpacedForm, target: parseTargetForm };

export function reconstruct(doc: SourceDocument): Extraction {
  const forms: FormX[] = [];
  const anomalies: AnomalyX[] = [];
  const regions = segment(doc.lines);
  for (const region of regions) {
    const { form, findings } = PARSERS[region.layout](doc.lines, region);
    const index = forms.length;
    forms.push(form);
    for (const f of findings) anomalies.push({ ...f, form: index });
  }
  for (const page of doc.unreadablePages ?? []) {
    anomalies.push(parseFinding(`Page ${page} needs OCR: it has no usable text layer (a scan, or glyphs without a Unicode mapping).`));
  }
  if (forms.length === 0 && !hasTableLines(doc) && !doc.unreadablePages?.length) {
    throw new InputError('NO_TABLE', doc.path, 'no form or table found in the text');
  }
  // budget tables are read outside the form regions only
  return { source: doc.name, year: documentYear(doc.lines), forms, tables: reconstructTables(doc.lines, regions), anomalies };
}

/** Budget reports have tables but no forms yet (their reconstruction is a later stage). */
function hasTableLines(doc: SourceDocument): boolean {
  let n = 0;
  for (const l of doc.lines) {
    const nums = l.text.match(/(?:^|[\s\t])[\d,]+\.\d+(?=$|[\s\t])/g);
    if (nums && nums.length >= 2) n++;
    if (n >= 3) return true;
  }
  return false;
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
