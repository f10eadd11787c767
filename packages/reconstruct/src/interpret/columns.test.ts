import { describe, expect, it } from 'vitest';
import { tabDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Columns beside the ones form-extract/v1 names: a 计量单位 column completes the target's figure,
// a 备注 column of the funding block is known and left out without a warning.

const doc = tabDoc;

describe('columns beside the contract fields', () => {
  const x = reconstruct(doc([
    '项目支出绩效自评表',
    '项目名称|测试项目',
    '项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分|备注',
    '年度资金总额|100|100|90|10|90%|9|据实填报',
    '一级指标|二级指标|三级指标|计量单位|年度指标值|实际完成值|分值|得分',
    '产出指标|数量指标|新增站点|个|≥6|6|45|45',
    '||办结时限|个工作日|≤15|12|20|20',
    '||验收合格率|%|≥90|95.3|15|15',
    '||服务态度|/|良好|良好|10|10',
  ]));
  const f = x.forms[0]!;

  it('joins a 计量单位 cell to the target figure it follows, not to a word or a mark', () => {
    expect(f.indicators.map((i) => [i.name, i.target, i.actual])).toEqual([
      ['新增站点', '≥6个', '6'], ['办结时限', '≤15个工作日', '12'], ['验收合格率', '≥90%', '95.3'], ['服务态度', '良好', '良好'],
    ]);
  });

  it('reads the funding row around a 备注 column and raises no warning for it', () => {
    expect(f.funding[0]).toMatchObject({ source: '年度资金总额', executed: 90, weight: 10, rate: 0.9, score: 9 });
    expect(x.anomalies.filter((a) => a.rule === 'PARSE')).toEqual([]);
  });
});
