import { describe, expect, it } from 'vitest';
import { ctx, form, indicatorRow } from '../testing/build.ts';
import { run } from './missing-reason.ts';

const lost = (o = {}) => form({ indicators: [indicatorRow({ name: '资产利用水平', weight: 30, score: 26, ...o })] });

describe('MISSING_REASON', () => {
  it('accepts lost points with a reason, or full marks without one', () => {
    expect(run(ctx([lost({ deviation: '受疫情影响，部分工作延迟。' })]))).toEqual([]);
    expect(run(ctx([lost({ score: 30 })]))).toEqual([]);
  });

  it('accepts a reason printed for the same indicator elsewhere in the document', () => {
    const report = '社会效益指标\t资产利用水平\t正常使用\t达成预期指标\t30\t26\t接下来将进一步提高资产利用水平。';
    expect(run(ctx([lost()], report))).toEqual([]);
  });

  it('flags lost points with no reason', () => {
    expect(run(ctx([lost({ deviation: '—' })]))).toMatchObject([
      { rule: 'MISSING_REASON', severity: 'warning', indicator: '资产利用水平' },
    ]);
  });
});
