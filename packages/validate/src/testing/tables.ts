// Test support for the budget-table rules: small hand-made tables, and the hand-checked gold
// tables as an Extraction over their seed document. Gold has no provenance; each row gets the
// first line at or after its table's heading that prints its label.
import { readFileSync, readdirSync } from 'node:fs';
import type { BudgetTableX, ExtractDoc, Extraction, Prov, SourceDocument } from '@ziping/core';
import type { Ctx } from '../context.ts';
import { doc } from './build.ts';

const FIXTURES = new URL('../../../../fixtures/', import.meta.url);

type Row = [code: string | null, label: string, ...values: (number | null)[]];

/** A table from rows written as `[code, label, ...values]`. */
export const table = (columns: string[], rows: Row[], o: Partial<BudgetTableX> = {}): BudgetTableX => ({
  title: '示例表', code: '表1', entity: '示例局', amount_unit: '万元', columns,
  rows: rows.map(([code, label, ...values], k) => ({ code, label, values, prov: { page: 1, line: k + 1 } })),
  prov: {}, ...o,
});

export const tablesCtx = (tables: BudgetTableX[], text = ''): Ctx =>
  ({ x: { source: 't.txt', forms: [], tables, anomalies: [] }, doc: doc(text) });

export const goldTableStems = (): string[] =>
  readdirSync(new URL('gold/tables/', FIXTURES)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();

export const goldTablesDoc = (stem: string): ExtractDoc =>
  JSON.parse(readFileSync(new URL(`gold/tables/${stem}.json`, FIXTURES), 'utf8')) as ExtractDoc;

const squash = (s: string): string => s.replace(/\s+/g, '');

/** The gold tables with synthetic row provenance, and no forms (the table gold lists none). */
export function goldTablesExtraction(gold: ExtractDoc, d: SourceDocument): Extraction {
  let cursor = 0;
  const tables: BudgetTableX[] = gold.tables.map((t) => {
    const head = d.lines.findIndex((l, k) => k >= cursor && squash(l.text).includes(squash(t.title)));
    const start = head < 0 ? cursor : head;
    const rows = t.rows.map((r) => {
      const k = d.lines.findIndex((l, j) => j >= start && r.label !== '' && squash(l.text).includes(squash(r.label)));
      const l = d.lines[k < 0 ? start : k];
      const prov: Prov = { page: l?.page ?? 1, line: l?.line ?? 1 };
      return { ...r, prov };
    });
    cursor = start + 1;
    return { ...t, rows, prov: {} };
  });
  return { source: gold.source, forms: [], tables, anomalies: [] };
}
