// The rules measured against the hand-checked gold anomalies of the seed documents (PARSE
// findings belong to reconstruct and are left out). The seeds' gold predates SCORE_RULE's
// flagging of scores docked below the proportional one, so those findings are left out too,
// and it names the funding row of a NARRATIVE finding, which now carries no indicator.
import { describe, expect, it } from 'vitest';
import { goldDoc, goldExtraction, goldStems, overall, score, seedDoc } from './testing/gold.ts';
import { validate } from './validate.ts';

const results = goldStems().map((stem) => {
  const gold = goldDoc(stem);
  const doc = seedDoc(stem);
  const expected = gold.anomalies.filter((a) => a.rule !== 'PARSE').map((a) => (a.rule === 'NARRATIVE' ? { ...a, indicator: null } : a));
  const x = goldExtraction(gold, doc);
  const found = validate(x, doc).filter((a) => !(a.rule === 'SCORE_RULE' && typeof a.expected === 'number' && typeof a.found === 'number' && a.found < a.expected));
  return { stem, gold, expected, found, score: score(found, expected) };
});

describe('against the gold forms', () => {
  it('reaches F1 ≥ 0.90 on rule + form + indicator', () => {
    expect(overall(results).f1).toBeGreaterThanOrEqual(0.9);
  });

  it('finds every error-severity gold anomaly', () => {
    for (const r of results) {
      const missed = r.expected.filter((g) => g.severity === 'error' &&
        !r.found.some((a) => a.rule === g.rule && a.form === g.form && a.indicator === g.indicator));
      expect(missed, r.stem).toEqual([]);
    }
  });

  it('reports nothing on forms whose gold lists nothing', () => {
    for (const r of results) {
      const clean = new Set(r.gold.forms.map((_, i) => i).filter((i) => !r.expected.some((a) => a.form === i)));
      expect(r.found.filter((a) => a.form != null && clean.has(a.form)), r.stem).toEqual([]);
      if (r.expected.length === 0) expect(r.found, r.stem).toEqual([]);
    }
  });
});
