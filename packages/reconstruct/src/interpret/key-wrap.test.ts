import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Plain pdftotext of key labels wrapped in a narrow label cell: the label's pieces come apart,
// the cells beside it printed between them.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');
const PAD = Array.from({ length: 14 }, (_, i) => `说明${i + 1}`);
const TITLE = ['某县 2021 年度项目支出绩效自评表', '填报单位（盖章）：某县某中心'];

describe('wrapped key labels', () => {
  it('joins label pieces with the value printed between them', () => {
    const { forms } = reconstruct(doc([
      ...TITLE,
      '项目名', '', '某某除险加固工程', '', '称', '', '主管部门', '', '实施单', '', '某县某局', '', '某县某中心', '', '位', '',
      '资金情况（万元）', '', ...PAD,
    ]));
    expect(forms[0]).toMatchObject({ project: '某某除险加固工程', department: '某县某局', implementer: '某县某中心' });
  });

  it('joins a value wrapped beside its wrapped label, line for line', () => {
    const { forms } = reconstruct(doc([
      ...TITLE,
      '项目名', '', '某某服务设施改', '', '称', '', '造提升项目', '', '主管部门', '', '某县某局', '', '资金情况（万元）', '', ...PAD,
    ]));
    expect(forms[0]!.project).toBe('某某服务设施改造提升项目');
  });

  it('pairs labels wrapped one after another with the values that follow', () => {
    const { forms } = reconstruct(doc([
      '附件 2-1', '', '项目支出绩效自评表', '（2021 年度）',
      '项目名', '称', '实施单', '位', '', '某某补助资金', '', '某县某医院', '', '项目资', '', '项目负责人', '', '年初预算数', '', '金', '', ...PAD,
    ]));
    expect(forms[0]).toMatchObject({ project: '某某补助资金', implementer: '某县某医院' });
  });
});
