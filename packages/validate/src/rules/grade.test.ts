import { describe, expect, it } from 'vitest';
import { ctx, form } from '../testing/build.ts';
import { gradeFor, run } from './grade.ts';

describe('GRADE', () => {
  it('maps totals to the scale at its boundaries', () => {
    expect([90, 89.99, 80, 79.9, 60, 59].map(gradeFor)).toEqual(['优', '良', '良', '中', '中', '差']);
  });

  it('accepts a grade that fits, in its long form too', () => {
    expect(run(ctx([form({ total_score: 83, grade: '良' }), form({ total_score: 95, grade: '优秀' })]))).toEqual([]);
  });

  it('flags a grade that does not fit the total', () => {
    expect(run(ctx([form({ total_score: 88, grade: '优' })]))).toMatchObject([{ rule: 'GRADE', expected: '良', found: '优' }]);
  });
});
