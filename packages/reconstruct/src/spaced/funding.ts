// The 项目资金 block of a space-separated form: a header naming the columns, then one line
// per source (`年度资金总额 … 10 100% 10.0`). A long number may be broken over lines
// (`13223551.7` / `1`); the header tells how many values a row has, so fragments are rejoined
// where that is the only reading that fits the columns.
import type { AnomalyX, FundingRowX, ProvMap } from '@ziping/core';
import { parseFinding, provOf } from '../form.ts';
import { parseNumber, parseRate, printedDecimals, squash } from '../text.ts';
import { fundingField, type FundingField } from '../vocab.ts';
import type { SLine } from './lines.ts';
import { isFundingValue, tokensOf } from './tokens.ts';

export interface FundingHeader {
  /** Index (into the SLine list) of the header's first line. */
  at: number;
  /** Index one past the header's last line. */
  end: number;
  fields: FundingField[];
}

/** Fields named by a header line's tokens; a token that names nothing may join its neighbour. */
function headerFields(text: string): { fields: FundingField[]; unknown: number } {
  const ts = tokensOf(text);
  const fields: FundingField[] = [];
  let unknown = 0;
  for (let i = 0; i < ts.length; i++) {
    const f = fundingField(ts[i]!);
    if (f) { fields.push(f); continue; }
    const joined = i + 1 < ts.length ? fundingField(ts[i]! + ts[i + 1]!) : null;
    if (joined && !fundingField(ts[i + 1]!)) { fields.push(joined); i++; continue; }
    unknown++;
  }
  return { fields, unknown };
}

export function findFundingHeader(ls: SLine[], from: number, to: number): FundingHeader | null {
  for (let i = from; i < to; i++) {
    const s = squash(ls[i]!.text);
    if (!/预算|执行/.test(s) || /指标/.test(s)) continue;
    const { fields } = headerFields(ls[i]!.text);
    if (fields.length < 3) continue;
    let end = i + 1;
    // a header wrapped over lines: following lines that only name columns
    while (end < to) {
      const h = headerFields(ls[end]!.text);
      if (h.fields.length === 0 || h.unknown > 0) break;
      fields.push(...h.fields);
      end++;
    }
    return { at: i, end, fields };
  }
  return null;
}

export interface FundingResult {
  rows: FundingRowX[];
  findings: AnomalyX[];
  /** Index one past the block's last line. */
  end: number;
}

const AMOUNT: FundingField[] = ['initial_budget', 'declared_budget', 'annual_budget', 'executed', 'balance'];

/** Rows of the block after its header, until a line that is neither a row nor a row's continuation. */
export function parseFundingRows(ls: SLine[], header: FundingHeader, to: number): FundingResult {
  const rows: FundingRowX[] = [];
  const findings: AnomalyX[] = [];
  const n = header.fields.length;
  let i = header.end;
  let labelPrefix: number | null = null;
  while (i < to) {
    const ts = tokensOf(ls[i]!.text);
    const k = labelEnd(ts);
    if (k <= 0) {
      const nextIsRow = i + 1 < to && labelEnd(tokensOf(ls[i + 1]!.text)) > 0;
      // a sub-heading like `按收入性质分：` between rows
      const rowSoon = nextIsRow || (i + 2 < to && labelEnd(tokensOf(ls[i + 2]!.text)) > 0);
      if (k < 0 && /[：:]$/.test(ls[i]!.text) && rowSoon && labelPrefix === null) { i++; continue; }
      // a label wrapped in its cell (`其中：当年财政` / `拨款 100.00 …`), once rows have begun
      if (k < 0 && rows.length > 0 && nextIsRow && squash(ls[i]!.text).length <= 10 && labelPrefix === null) {
        labelPrefix = i;
        i++;
        continue;
      }
      break; // no label, or no values: the block is over
    }
    const first = labelPrefix ?? i;
    const label = (labelPrefix !== null ? ls[labelPrefix]!.text : '') + ts.slice(0, k).join('');
    labelPrefix = null;
    const pieces: string[][] = [ts.slice(k)];
    i++;
    // a row with fewer values than columns continues on lines of bare values
    while (pieces.flat().length < n && i < to) {
      const next = tokensOf(ls[i]!.text);
      if (next.length === 0 || !next.every(isFundingValue)) break;
      pieces.push(next);
      i++;
    }
    if (pieces.flat().length < Math.ceil(n / 2)) { i = first; break; } // prose with a number, not a row
    const source = squash(label).replace(/^其中[：:]?/, '').replace(/[：:]$/, '');
    const joined = rejoin(pieces, header.fields);
    let values = joined.values;
    // a row that leaves its last cells blank (no weight, rate or score) reads left to right
    const leadingAmounts = header.fields.findIndex((f) => !AMOUNT.includes(f));
    const shortRow = values.length < n && values.length >= (leadingAmounts < 0 ? n : leadingAmounts);
    if (!joined.ok && !shortRow) {
      findings.push(parseFinding(
        `funding row ${source}: ${pieces.flat().length} values for ${n} columns could not be placed (${pieces.map((p) => p.join(' ')).join(' / ')})`,
        [{ field: 'funding', value: pieces.map((p) => p.join(' ')).join(' / '), prov: provOf(ls[first]!.src, ls[i - 1]!.src) }],
        { indicator: source, found: pieces.map((p) => p.join(' ')).join(' / ') },
      ));
      values = pieces.flat().slice(0, n);
    }
    rows.push(toRow(source, values, header.fields, provOf(ls[first]!.src, ls[i - 1]!.src)));
  }
  return { rows, findings, end: i };
}

/** Where a row's values start: the label runs up to the values (it may contain digits: `2020 年结转`). */
function labelEnd(ts: string[]): number {
  let k = ts.length;
  while (k > 0 && isFundingValue(ts[k - 1]!)) k--;
  return k === ts.length ? -1 : k;
}

function toRow(source: string, values: string[], fields: FundingField[], prov: ReturnType<typeof provOf>): FundingRowX {
  const row: FundingRowX = {
    source, initial_budget: null, annual_budget: null, executed: null, balance: null, weight: null, rate: null, score: null, prov: {},
  };
  const p: ProvMap = { source: prov };
  fields.forEach((f, c) => {
    const v = values[c];
    if (v === undefined || f === 'declared_budget') return;
    const x = f === 'rate' ? parseRate(v) : parseNumber(v);
    row[f] = x ?? null;
    p[f] = prov;
  });
  row.prov = p;
  return row;
}

/**
 * Values of a row printed over several lines. When there are more fragments than columns,
 * fragments at line breaks are joined (`13223551.7` + `1`), choosing the joins whose result
 * fits the columns best: amounts printed with the same decimals, a weight of at most 100,
 * a score within its weight and near weight × rate, a rate near executed / budget.
 */
export function rejoin(pieces: string[][], fields: FundingField[]): { values: string[]; ok: boolean } {
  const flat = pieces.flat();
  if (flat.length === fields.length) return { values: flat, ok: true };
  if (flat.length < fields.length) return { values: flat, ok: false };
  // boundaries between the last token of a piece and the first of the next
  const bounds: number[] = [];
  let pos = 0;
  for (let p = 0; p < pieces.length - 1; p++) {
    pos += pieces[p]!.length;
    if (pieces[p]!.length && pieces[p + 1]!.length) bounds.push(pos); // join flat[pos-1] and flat[pos]
  }
  let best: { values: string[]; score: number } | null = null;
  let ties = 0;
  for (let mask = 1; mask < 1 << bounds.length; mask++) {
    const joinAt = new Set(bounds.filter((_, b) => mask & (1 << b)));
    const values: string[] = [];
    const joined = new Set<number>();
    flat.forEach((t, x) => {
      if (joinAt.has(x)) { values[values.length - 1] += t; joined.add(values.length - 1); }
      else values.push(t);
    });
    if (values.length !== fields.length) continue;
    // every joined value must read as a number (not a dash or garbage)
    if (![...joined].every((x) => typeof parseNumber(values[x]!) === 'number')) continue;
    const score = plausibility(values, fields);
    if (!best || score > best.score) { best = { values, score }; ties = 0; }
    else if (score === best.score) ties++;
  }
  if (!best || ties > 0) return { values: flat, ok: false };
  return { values: best.values, ok: true };
}

function plausibility(values: string[], fields: FundingField[]): number {
  const get = (f: FundingField) => {
    const c = fields.indexOf(f);
    return c >= 0 ? values[c] : undefined;
  };
  let s = 0;
  const decimals = AMOUNT.map(get).filter((v): v is string => v !== undefined && typeof parseNumber(v) === 'number').map(printedDecimals);
  for (let a = 1; a < decimals.length; a++) s += decimals[a] === decimals[0] ? 1 : -1;
  const num = (v: string | undefined) => (v === undefined ? null : parseNumber(v) ?? null);
  const weight = num(get('weight'));
  const score = num(get('score'));
  const rateText = get('rate');
  const rate = rateText === undefined ? null : parseRate(rateText) ?? null;
  if (weight != null) s += weight <= 100 ? 1 : -2;
  if (rate != null) s += rate <= 1.5 ? 1 : -2;
  if (weight != null && score != null) s += score <= weight ? 1 : -1;
  if (weight != null && score != null && rate != null) s += Math.abs(score - weight * rate) <= 0.05 * Math.max(1, weight) ? 1 : -1;
  const annual = num(get('annual_budget'));
  const executed = num(get('executed'));
  if (annual && executed != null && rate != null) s += Math.abs(executed / annual - rate) <= 0.01 ? 1 : -1;
  return s;
}
