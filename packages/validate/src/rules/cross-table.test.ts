import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow } from '../testing/build.ts';
import { run } from './cross-table.ts';

const at = (line: number) => ({ page: 1, line });
const table = form({
  amount_unit: '万元',
  funding: [fundingRow({ source: '资金总额', annual_budget: 8.65, executed: 6.25, balance: 2.4, prov: { executed: at(7) } })],
  prov: { total_score: at(8) },
});
const HEADER = '资金来源\t年初预算数\t\t全年预算数(元)\t全年执行数(元)\t资金结(转)余(元)\t执行率\t得分';
const doc = (row: string, header = HEADER) =>
  ['示例项目绩效自评报告', header, '\t目标申报(元)\t预算编制(元)', row, '', '示例项目绩效自评表', '\t资金总额\t8.65\t6.25', '总分\t95.23'].join('\n');

describe('CROSS_TABLE', () => {
  it('accepts the report table in 元 agreeing with the form in 万元', () => {
    expect(run(ctx([table], doc('合计\t86,500\t86,500\t86,500\t62,502.5\t23,997.5\t72.26\t7.23')))).toEqual([]);
  });

  it('flags a report table that disagrees', () => {
    expect(run(ctx([table], doc('合计\t86,500\t86,500\t86,500\t72,502.5\t13,997.5\t83.82\t8.38')))).toMatchObject([
      { rule: 'CROSS_TABLE', form: 0, indicator: '资金总额', expected: 6.25, found: 7.25025 },
    ]);
  });

  it('distrusts a header whose columns do not fit the row', () => {
    const shifted = '资金来源\t年初预算数\t\t全年执行数(元)\t资金结(转)余(元)\t全年预算数(元)\t执行率';
    expect(run(ctx([table], doc('合计\t27,000\t27,000\t27,000\t17,032\t9,968\t63.08', shifted)))).toEqual([]);
  });
});
