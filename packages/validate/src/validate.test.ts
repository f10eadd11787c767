import { describe, expect, it } from 'vitest';
import { RULES } from './rules/index.ts';
import { ctx, form } from './testing/build.ts';
import { validate } from './validate.ts';

describe('validate', () => {
  it('runs each rule once and collects their findings', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    const c = ctx([form({ total_score: 88, grade: '优' })]);
    expect(validate(c.x, c.doc).map((a) => a.rule)).toEqual(['TOTAL_SCORE', 'GRADE']);
  });

  it('never throws, even on data it did not expect', () => {
    const c = ctx([form({ funding: null as never, indicators: [null as never] })]);
    expect(() => validate(c.x, c.doc)).not.toThrow();
  });
});
