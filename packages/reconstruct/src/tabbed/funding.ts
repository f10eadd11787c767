// The funding block (项目资金 / 整体收支情况): a header naming the amount columns, then one
// row per source. Values are placed by the order of the header's columns: a row prints
// its amounts left to right, and shifted or merged cells move columns but not the order.
import type { AmountUnit, FundingRowX, ProvMap, TextLine } from '@ziping/core';
import { provAt } from '../form.ts';
import { parseNumber, parseRate, squash } from '../text.ts';
import { fundingField, type FundingField } from '../vocab.ts';
import { cellsOf, type Cell } from './row.ts';

export interface FundingHeader {
  /** the amount columns in printed order */
  fields: FundingField[];
  /** where each column's label sits, for rows that print more values than there are labels */
  cols: { field: FundingField; col: number }[];
  unit: AmountUnit | null;
}

const unitIn = (s: string): AmountUnit | null => {
  const m = /[（(]\s*(万元|元)\s*[)）]/.exec(s);
  return m ? (m[1] as AmountUnit) : null;
};

/** A funding header line: at least two amount columns, one of them a budget. */
export function fundingHeaderOf(l: TextLine): FundingHeader | null {
  const cells = cellsOf(l);
  const fields = cells.map((c) => fundingField(c.text));
  const cols = cells.flatMap((c, i) => (fields[i] ? [{ field: fields[i]!, col: c.col }] : []));
  const known = cols.map((c) => c.field);
  if (known.length < 2 || !known.some((f) => f === 'annual_budget' || f === 'initial_budget')) return null;
  const label = cells.find((_c, i) => fields[i] == null)?.text ?? '';
  return { fields: known, cols, unit: unitIn(label) ?? unitIn(l.text) };
}

/**
 * A second header line under the first: sub-columns (目标申报数 | 预算编制数 under 年初预算数)
 * replace their parent; columns the first line lacked (执行率, 得分) are appended.
 */
export function mergeSubHeader(h: FundingHeader, l: TextLine): boolean {
  const cells = cellsOf(l);
  if (cells.some((c) => parseNumber(c.text) != null)) return false;
  const subCols = cells.flatMap((c) => {
    const f = fundingField(c.text);
    return f ? [{ field: f, col: c.col }] : [];
  });
  const sub = subCols.map((c) => c.field);
  if (sub.length === 0) return cells.every((c) => /^[（(]?[\u4e00-\u9fa5*\/A-Z()（）]{1,12}[)）]?$/.test(squash(c.text)));
  const split = sub.filter((f) => f === 'declared_budget' || f === 'initial_budget');
  const at = h.fields.indexOf('initial_budget');
  if (split.length === 2 && at >= 0) {
    h.fields.splice(at, 1, ...split);
    h.cols = [...h.cols.filter((c) => c.field !== 'initial_budget'), ...subCols.filter((c) => c.field === 'declared_budget' || c.field === 'initial_budget')];
  }
  for (const c of subCols) {
    if (h.fields.includes(c.field)) continue;
    h.fields.push(c.field);
    if (!h.cols.some((o) => o.col === c.col)) h.cols.push(c);
  }
  h.cols.sort((a, b) => a.col - b.col);
  return true;
}

/** Source label as FORMAT.md wants it: no white space, no leading 其中：, no trailing colon. */
export const sourceLabel = (s: string): string => squash(s).replace(/^其中[:：]?/, '').replace(/[:：]$/, '');


/** One funding row, or null when the line has no label or no figure at all. */
export function fundingRowOf(h: FundingHeader, l: TextLine): FundingRowX | null {
  const cells = cellsOf(l);
  const labelAt = cells.findIndex((c) => parseNumber(c.text) === undefined);
  if (labelAt < 0) return null;
  const values: Cell[] = cells.slice(labelAt + 1);
  if (values.some((c) => parseNumber(c.text) === undefined)) return null;
  const row: FundingRowX = {
    source: sourceLabel(cells[labelAt]!.text),
    initial_budget: null, annual_budget: null, executed: null, balance: null, weight: null, rate: null, score: null,
    prov: { source: provAt(l, cells[labelAt]) } as ProvMap,
  };
  let any = false;
  const place = values.length > h.fields.length ? byColumn(h, values) : values.map((_, i) => h.fields[i]);
  values.forEach((c, i) => {
    const f = place[i];
    if (!f || f === 'declared_budget') return;
    const v = f === 'rate' ? parseRate(c.text) : parseNumber(c.text);
    if (v == null) return;
    row[f] = v;
    row.prov[f] = provAt(l, c);
    any = true;
  });
  return any ? row : null;
}


/**
 * More values than labels: a label spans several cells. Each value belongs to the nearest
 * label at or left of its column; a second value under one label is dropped.
 */
function byColumn(h: FundingHeader, values: Cell[]): (FundingField | undefined)[] {
  const used = new Set<FundingField>();
  return values.map((v) => {
    const label = [...h.cols].reverse().find((c) => c.col <= v.col);
    if (!label || used.has(label.field)) return undefined;
    used.add(label.field);
    return label.field;
  });
}
