// pdftotext-style forms: one line of text per table row, cells separated by single spaces
// (and spaces inside cells too), no column positions. Columns are found by their header labels
// and the cells of a row by the shapes of their tokens.
import type { AmountUnit, AnomalyX, FormX } from '@ziping/core';
import type { LayoutParser } from '../form.ts';
import { emptyForm, parseFinding, provOf, readTotal } from '../form.ts';
import { clean, squash } from '../text.ts';
import { isTotalLabel } from '../vocab.ts';
import { findFundingHeader, parseFundingRows } from './funding.ts';
import { findIndicatorHeader, parseIndicators } from './indicators.ts';
import { nonBlank, type SLine } from './lines.ts';
import { joinWrapped, splitValuesLine, tokensOf, widthOf } from './tokens.ts';

export const parseSpacedForm: LayoutParser = (lines, region) => {
  const form = emptyForm(region, lines);
  const findings: AnomalyX[] = [];
  const ls = nonBlank(lines, region.body, region.end);

  // the total line closes the form
  let end = ls.length;
  let hasTotal = false;
  for (let i = ls.length - 1; i >= 0; i--) {
    if (isTotalLabel(ls[i]!.text) || isUnlabelledTotal(ls[i]!.text)) { end = i; hasTotal = true; readTotal(form, ls[i]!.src, tokensOf(ls[i]!.text).map((text) => ({ text }))); break; }
  }

  const funding = findFundingHeader(ls, 0, end);
  const indHeader = findIndicatorHeader(ls, funding ? funding.end : 0, end);
  const headEnd = funding ? funding.at : indHeader ? indHeader.at : end;
  readHeadFields(ls.slice(0, headEnd), form);
  form.amount_unit ??= unitOf(ls.slice(0, funding ? funding.end : headEnd), form);

  if (funding) {
    const fr = parseFundingRows(ls, funding, indHeader ? indHeader.at : end);
    form.funding = fr.rows;
    findings.push(...fr.findings);
    const total = fr.rows.find((r) => /总额|合计|总计/.test(r.source)) ?? fr.rows[0];
    if (total) {
      form.budget_score = total.score;
      if (total.prov.score) form.prov.budget_score = total.prov.score;
    }
  }

  if (indHeader) {
    // without a total line the region runs on to the next title: stop at the first line of prose
    if (!hasTotal) end = proseStart(ls, indHeader.end, end);
    const ir = parseIndicators(ls.slice(indHeader.end, end), indHeader);
    form.indicators = ir.indicators;
    findings.push(...ir.findings);
  } else if (end > 0) {
    findings.push(parseFinding('no indicator header found in the form', [{ field: 'indicators', value: null, prov: form.prov.form ?? null }]));
  }
  return { form, findings };
};

// ---------- head: 项目名称 / 主管部门 / 实施单位 ----------

type HeadField = 'project' | 'department' | 'implementer' | null;

/** Labels of the head block, with the field each names (null: printed but not extracted). */
const HEAD_LABELS: [string, HeadField][] = [
  ['项目名称', 'project'],
  ['主管部门', 'department'],
  ['部门（单位）名称', 'department'],
  ['部门(单位)名称', 'department'],
  ['单位名称', 'department'],
  ['实施单位', 'implementer'],
  ['预算单位', 'implementer'],
  ['项目单位', 'implementer'],
  ['项目金额', null],
  ['项目负责人', null],
  ['联系电话', null],
  ['项目类型', null],
  ['项目属性', null],
];

const labelRe = (label: string) => [...label].map((c) => c.replace(/[()（）]/g, '\\$&')).join('\\s*');
const HEAD_RE = new RegExp(`(${HEAD_LABELS.map(([l]) => labelRe(l)).join('|')})`, 'g');

/** `项目名称 X 项目金额 N`, `主管部门 X 实施单位 Y`: a value runs to the next label. */
export function readHeadFields(ls: SLine[], form: FormX): void {
  let last: Exclude<HeadField, null> | null = null; // the field that ended the previous line: a label-less line may continue it
  for (const l of ls) {
    const hits = [...l.text.matchAll(HEAD_RE)];
    const cont: Exclude<HeadField, null> | null = last;
    last = null;
    if (hits.length === 0) {
      const prior = cont ? form[cont] : null;
      if (cont && prior != null && !/\d|资金|预算|单位|绩效|目标|[（(]万?元[)）]/.test(l.text) && l.text.length <= 30) {
        form[cont] = joinWrapped([prior, l.text]);
        const p = form.prov[cont];
        form.prov[cont] = provOf(p ? lineOf(ls, p.line) : l.src, l.src);
      }
      continue;
    }
    for (let x = 0; x < hits.length; x++) {
      const m = hits[x]!;
      const field = HEAD_LABELS.find(([label]) => label === squash(m[1]!))?.[1] ?? null;
      if (!field || form[field] != null) continue;
      const from = m.index! + m[0].length;
      const to = x + 1 < hits.length ? hits[x + 1]!.index! : l.text.length;
      let value = clean(l.text.slice(from, to)).replace(/^[：:]\s*/, '');
      if (field !== 'project') value = value.replace(/^\d{2,}\s*[-－—]\s*/, '');
      if (value === '' || /^[—–\-－]+$/.test(value)) continue;
      form[field] = value;
      form.prov[field] = provOf(l.src);
      if (x === hits.length - 1) last = field;
    }
  }
}

const lineOf = (ls: SLine[], line: number) => ls.find((l) => l.src.line === line)!.src;

/** `项目资金（元）`, or `项目资金` / `（万元）` on the next line. */
function unitOf(ls: SLine[], form: FormX): AmountUnit | null {
  for (const l of ls) {
    const m = /[（(](万元|元)[)）]|单位[：:](万元|元)/.exec(squash(l.text));
    if (m) {
      form.prov.amount_unit = provOf(l.src);
      return (m[1] ?? m[2]) as AmountUnit;
    }
  }
  return null;
}

/** A line as wide as a page of body text (table cells wrap far narrower) and no values on it. */
function proseStart(ls: SLine[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (widthOf(ls[i]!.text) >= PROSE_WIDTH && !splitValuesLine(ls[i]!.text)) return i;
  }
  return to;
}
const PROSE_WIDTH = 34;

// ---------- total ----------

const isUnlabelledTotal = (t: string) => /^\d+(\.\d+)?\s+[优良中差]$/.test(t);

