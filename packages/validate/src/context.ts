// What every rule gets, and the helpers that turn a comparison into an anomaly with its
// evidence (each figure, the field it was read from and where it was printed).
import type { AmountUnit, AnomalyX, Evidence, Extraction, FormX, Prov, Rule, Severity, SourceDocument } from '@ziping/core';

export interface Ctx { x: Extraction; doc: SourceDocument }

// Views of the document several rules read (its prose passages, its tables' gaps), derived
// once per validation: validate() hands every rule the same Ctx.
const derived = new WeakMap<Ctx, Map<(ctx: Ctx) => unknown, unknown>>();

/** `view(ctx)`, computed on the first call for this ctx and shared after; callers must not change it. */
export function once<T>(ctx: Ctx, view: (ctx: Ctx) => T): T {
  let views = derived.get(ctx);
  if (!views) derived.set(ctx, (views = new Map()));
  if (!views.has(view)) views.set(view, view(ctx));
  return views.get(view) as T;
}

/** How many of `xs` lead with `holds` true, it being true for a prefix of them only (a binary search). */
export function countWhile<T>(xs: readonly T[], holds: (x: T) => boolean): number {
  let lo = 0;
  for (let hi = xs.length; lo < hi;) {
    const mid = (lo + hi) >> 1;
    if (holds(xs[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What `text.matchAll(re)` gives for a global `re`, without the copy of `re` matchAll makes on
 * every call: the prose rules search thousands of table cells per document, most of them
 * without a match, and the copies were most of their cost. `re`'s lastIndex is its own
 * again on the next call, so do not search with `re` inside the loop over the result.
 */
export function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++; // as matchAll does: an empty match moves on one
  }
  return out;
}

export interface Check {
  code: Rule;
  severity: Severity;
  run: (ctx: Ctx) => AnomalyX[];
}

/** One figure of a row: `row.prov[field]` says where it was printed. */
export function fig<T extends { prov: Record<string, Prov> }>(row: T, field: keyof T & string, path: string): Evidence {
  const value = row[field];
  return {
    field: `${path}.${field}`,
    value: typeof value === 'number' || typeof value === 'string' ? value : null,
    prov: row.prov[field] ?? null,
  };
}

export const fundingFig = (f: FormX, i: number, field: keyof FormX['funding'][number] & string): Evidence =>
  fig(f.funding[i]!, field, `funding[${i}]`);

export const indicatorFig = (f: FormX, i: number, field: keyof FormX['indicators'][number] & string): Evidence =>
  fig(f.indicators[i]!, field, `indicators[${i}]`);

export const formFig = (f: FormX, field: keyof FormX & string): Evidence => fig(f, field, 'form');

export interface Finding {
  form: number;
  indicator?: string | null;
  expected?: number | string | null;
  found?: number | string | null;
  message: string;
  evidence: Evidence[];
}

export const anomaly = (check: Pick<Check, 'code' | 'severity'>, f: Finding): AnomalyX => ({
  rule: check.code,
  severity: check.severity,
  form: f.form,
  table: null,
  indicator: f.indicator ?? null,
  expected: f.expected ?? null,
  found: f.found ?? null,
  message: f.message,
  evidence: f.evidence,
});

type Row<K extends 'funding' | 'indicators'> = FormX[K][number];

/** Runs `each` over every form, with its index, collecting what it finds. */
export const perForm = (ctx: Ctx, each: (f: FormX, i: number) => Finding | Finding[] | null): Finding[] =>
  ctx.x.forms.flatMap((f, i) => each(f, i) ?? []);

export const perFunding = (ctx: Ctx, each: (f: FormX, i: number, r: Row<'funding'>, k: number) => Finding | null): Finding[] =>
  perForm(ctx, (f, i) => f.funding.flatMap((r, k) => each(f, i, r, k) ?? []));

export const perIndicator = (ctx: Ctx, each: (f: FormX, i: number, r: Row<'indicators'>, k: number) => Finding | null): Finding[] =>
  perForm(ctx, (f, i) => f.indicators.flatMap((r, k) => each(f, i, r, k) ?? []));

/** The findings of one rule as anomalies. */
export const report = (check: Pick<Check, 'code' | 'severity'>, findings: Finding[]): AnomalyX[] =>
  findings.map((f) => anomaly(check, f));

/** A label for messages: the attachment or project, else the form's position. */
export const formLabel = (f: FormX, i: number): string => f.attachment ?? f.project ?? `form ${i}`;

/** The form's total funding row (资金总额 / 合计): the first row whose label says so. */
export function totalRow(f: FormX): number {
  return f.funding.findIndex((r) => /总额|合计/.test(r.source));
}

/** The budget's weight (分值) as printed on a funding row, or null when the form has none. */
export function budgetWeight(f: FormX): { row: number; weight: number } | null {
  const row = f.funding.findIndex((r) => r.weight != null);
  return row < 0 ? null : { row, weight: f.funding[row]!.weight! };
}

export const fmt = (n: number): string => String(Math.round(n * 1e6) / 1e6);

const UNIT_SIZE: Record<AmountUnit, number> = { 元: 1, 万元: 10000 };

/** Factor taking an amount in `from` to `to`; null when either unit is unknown. */
export const unitFactor = (from: string | null | undefined, to: AmountUnit | null): number | null =>
  from && to && from in UNIT_SIZE ? UNIT_SIZE[from as AmountUnit] / UNIT_SIZE[to] : null;

/** A part of a rule that must not take the rest down with it when it trips over its data. */
export function quietly(part: () => AnomalyX[]): AnomalyX[] {
  try {
    return part();
  } catch {
    return [];
  }
}
