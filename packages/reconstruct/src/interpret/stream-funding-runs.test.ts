import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';
import { rowsOf } from './rows.ts';
import { readFundingRuns } from './stream-funding-runs.ts';

// Plain pdftotext of a funding block whose column labels came first, wrapped over lines of
// unequal height (printed out of order, units on lines of their own), then each source row as a
// run of figures, its label before or after it, the block's label wrapped among them.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');
const BLOCK = [
  '项目支出绩效自评表',
  '项目名称 测试项目',
  '全年执行数（万 权重 执行率',
  '年初预算数（万元） 全年预算数（万',
  '得分',
  '元）',
  '元）',
  '（%）',
  '预算执行情',
  '100.00',
  '120.00',
  '108.00 20 90.00%',
  '18',
  '况（20%） 资金总额',
  '其中：财政资金',
  '100.00',
  '110.00',
  '99.00 — 90.00%',
  '—',
  '单位自有资金',
  '0.00',
  '10.00',
  '9.00 — 90.00%',
  '—',
  '预期目标',
];

describe('a funding block printed as runs of figures under its labels', () => {
  it('puts each run in the columns in their order, named by the labels in order', () => {
    const f = reconstruct(doc(BLOCK)).forms[0]!;
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.annual_budget, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['资金总额', 100, 120, 108, 20, 0.9, 18], ['财政资金', 100, 110, 99, null, 0.9, null], ['单位自有资金', 0, 10, 9, null, 0.9, null],
    ]);
    expect(f.amount_unit).toBe('万元');
  });

  const runs = (lines: string[]) => {
    const f = { ...reconstruct(doc(lines)).forms[0]!, funding: [] };
    return readFundingRuns(rowsOf(doc(lines).blocks), f) ? f.funding.length : 0;
  };
  it('reads the block on its own', () => expect(runs(BLOCK)).toBe(3));
  it('reads nothing where labels and runs are not as many', () => expect(runs(BLOCK.filter((l) => l !== '单位自有资金'))).toBe(0));
  it('reads nothing where a figure is not of its column\'s kind', () => {
    expect(runs(BLOCK.map((l) => (l === '108.00 20 90.00%' ? '108.00 20 90.00' : l)))).toBe(0);
  });
});
