import { describe, expect, it } from 'vitest';
import type { FormX } from '@ziping/core';
import { isEmpty } from './form-state.ts';

const fragment = (more: Partial<FormX>): FormX => ({
  kind: 'project', attachment: null, title: null, year: null, project: null, department: null, implementer: null,
  amount_unit: null, funding: [], indicators: [], budget_score: null, total_score: null, grade: null, fragment: true, prov: {}, ...more,
});

describe('isEmpty', () => {
  it('drops a headless fragment with no scored row that prints a total alone (stray lines after a form)', () => {
    expect(isEmpty(fragment({ total_score: 63.08 }))).toBe(true);
  });

  it('keeps a torn page that prints its subtotal and its budget score, or scored rows and a total', () => {
    expect(isEmpty(fragment({ total_score: 100, budget_score: 10 }))).toBe(false);
    const row = { level1: null, level2: null, name: '甲', target_initial: null, target: null, actual: null, weight: 10, score: 9, deviation: null, prov: {} };
    expect(isEmpty(fragment({ indicators: [row], total_score: 9 }))).toBe(false);
    // a headless table that never reaches a total is one quoted in a report
    expect(isEmpty(fragment({ indicators: [row] }))).toBe(true);
  });
});
