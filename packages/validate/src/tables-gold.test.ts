// The budget-table rules (SUBTOTAL, CROSS_TABLE and NARRATIVE with `table` set) measured
// against the hand-checked gold anomalies of fixtures/gold/tables, matched like the scorer on
// rule + table + indicator (the row label).
import { describe, expect, it } from 'vitest';
import { overall, ratios, seedDoc } from './testing/gold.ts';
import { goldTablesDoc, goldTablesExtraction, goldTableStems } from './testing/tables.ts';
import { validate } from './validate.ts';
import type { Anomaly } from '@ziping/core';

const key = (a: Anomaly): string => `${a.rule}|${a.table}|${a.indicator ?? ''}`;

function match(found: Anomaly[], gold: Anomaly[]) {
  const left = [...found];
  const missed: Anomaly[] = [];
  const pairs: [Anomaly, Anomaly][] = [];
  for (const g of gold) {
    // the same figures first, then any finding on the same row
    let k = left.findIndex((a) => key(a) === key(g) && a.found === g.found && a.expected === g.expected);
    if (k < 0) k = left.findIndex((a) => key(a) === key(g));
    if (k < 0) { missed.push(g); continue; }
    pairs.push([g, left[k]!]);
    left.splice(k, 1);
  }
  return { pairs, missed, extra: left };
}

const results = goldTableStems().map((stem) => {
  const gold = goldTablesDoc(stem);
  const doc = seedDoc(stem);
  const x = goldTablesExtraction(gold, doc);
  const found = validate(x, doc).filter((a) => a.table != null);
  const expected = gold.anomalies.filter((a) => a.rule !== 'PARSE');
  const m = match(found, expected);
  return { stem, found, expected, ...m, score: ratios(m.pairs.length, m.extra.length, m.missed.length) };
});

describe('against the gold tables', () => {
  it('reaches F1 ≥ 0.98 on rule + table + indicator (1.000 when written)', () => {
    expect(overall(results).f1).toBeGreaterThanOrEqual(0.98);
  });

  it('finds every error-severity gold anomaly, as an error', () => {
    for (const r of results) {
      const missed = r.expected.filter((g) => g.severity === 'error' &&
        !r.found.some((a) => key(a) === key(g) && a.severity === 'error'));
      expect(missed, r.stem).toEqual([]);
    }
  });

  it('gives the gold severity and figures for what it matches', () => {
    for (const r of results) {
      const off = r.pairs.filter(([g, a]) => g.severity !== a.severity || g.found !== a.found || g.expected !== a.expected)
        .map(([g, a]) => `${key(g)}: gold ${g.severity} ${g.found}/${g.expected}, found ${a.severity} ${a.found}/${a.expected}`);
      expect(off, r.stem).toEqual([]);
    }
  });

  it('lists each figure used with its row provenance', () => {
    for (const r of results) {
      for (const a of r.found) {
        const e = (a as Anomaly & { evidence: { field: string; prov: unknown }[] }).evidence;
        expect(e.length, a.message).toBeGreaterThanOrEqual(2);
        expect(e.filter((x) => x.field.startsWith('tables[')).every((x) => x.prov != null), a.message).toBe(true);
      }
    }
  });
});
