import { describe, expect, it } from 'vitest';
import type { FormX } from '@ziping/core';
import { setAsideImplausible } from './plausible.ts';

const form = (): FormX => ({
  kind: 'project', attachment: null, title: null, year: null, project: '某项目', department: null, implementer: null,
  amount_unit: null, budget_score: null, total_score: null, grade: null, fragment: false, prov: {},
  funding: [{ source: '年度资金总额', initial_budget: 1, annual_budget: 1, executed: 1, balance: null, weight: 10, rate: 1, score: 10, prov: {} }],
  indicators: [
    { level1: null, level2: null, name: '甲', target_initial: null, target: '≥', actual: '712家次', weight: 650, score: 8, deviation: null, prov: { weight: { page: 2, line: 14 } } },
    { level1: null, level2: null, name: '乙', target_initial: null, target: '100%', actual: '100%', weight: 10, score: 10, deviation: null, prov: {} },
  ],
});

describe('setAsideImplausible', () => {
  it('sets a 分值 above 100 aside and says so once, naming the cell', () => {
    const f = form();
    const finding = setAsideImplausible(f, 3);
    expect(f.indicators.map((i) => [i.weight, i.score])).toEqual([[null, 8], [10, 10]]);
    expect(finding).toMatchObject({ rule: 'PARSE', form: 3, evidence: [{ field: 'indicators[0].weight', value: 650, prov: { page: 2, line: 14 } }] });
    expect(finding!.message).toContain('“甲”的分值 650（第2页第14行）');
  });

  it('leaves a form whose points are all possible alone', () => {
    const f = form();
    f.indicators[0]!.weight = 100;
    expect(setAsideImplausible(f, 0)).toBeNull();
    expect(f.indicators[0]!.weight).toBe(100);
  });
});
