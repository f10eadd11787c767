import { describe, expect, it } from 'vitest';
import { ctx, form, indicatorRow } from '../testing/build.ts';
import { run } from './score-rule.ts';

const scored = (target: string, actual: string, weight: number, score: number) =>
  run(ctx([form({ indicators: [indicatorRow({ target, actual, weight, score })] })]));

describe('SCORE_RULE', () => {
  it('accepts full marks for a met target and proportional scores for a missed one', () => {
    expect(scored('≥2000 人次', '4800 人次', 3, 3)).toEqual([]);
    expect(scored('4000 人', '3882 人', 6.25, 6.07)).toEqual([]);
    expect(scored('≤100万元', '≤0万元', 10, 10)).toEqual([]);
  });

  it('leaves qualitative or incomparable targets and truncated proportional scores alone', () => {
    expect(scored('≥6504 人', '3035 人', 10, 4.66)).toEqual([]);
    expect(scored('提高', '提高', 5, 5)).toEqual([]);
    expect(scored('12 万', '116460 元', 12.5, 12.5)).toEqual([]);
    expect(scored('90%≤预算执行率≤100%', '89.51%', 5, 5)).toEqual([]);
  });

  it('flags points docked below the proportional score', () => {
    // 85 / 90 × 5 = 4.72: 4.25 is more than one printed unit below it
    expect(scored('≥90%', '85%', 5, 4.25)).toMatchObject([{ rule: 'SCORE_RULE', expected: 4.72, found: 4.25 }]);
  });

  it('flags full marks for a missed target even within the printed precision', () => {
    // 93.6 / 95 × 8 = 7.88, printed as 8
    expect(scored('≥95%', '93.6%', 8, 8)).toMatchObject([{ expected: 7.88, found: 8 }]);
  });

  it('flags points the figures do not support', () => {
    expect(scored('1200 人', '1131 人', 12.5, 12.03)).toMatchObject([{ rule: 'SCORE_RULE', severity: 'warning', expected: 11.78, found: 12.03 }]);
    expect(scored('=12个月', '=0个月', 10, 7)).toMatchObject([{ expected: 0, found: 7 }]);
    expect(scored('≤10人', '20人', 10, 10)).toMatchObject([{ expected: 5, found: 10 }]);
  });

  it('leaves a score above its weight to SCORE_OVER_WEIGHT', () => {
    // 95 / 100 × 8 = 7.6, but 8.5 of 8 points is already its own finding
    expect(scored('≥100%', '95%', 8, 8.5)).toEqual([]);
  });
});
