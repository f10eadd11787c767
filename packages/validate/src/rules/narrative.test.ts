import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow } from '../testing/build.ts';
import { run } from './narrative.ts';

// Prose above a form whose total row is on line 5 and total on line 6.
const at = (line: number) => ({ page: 1, line });
const table = form({
  amount_unit: '万元',
  funding: [fundingRow({ source: '资金总额', annual_budget: 8.65, executed: 6.25, rate: 0.7226, prov: { executed: at(5) } })],
  budget_score: 7.23,
  total_score: 95.23,
  prov: { total_score: at(6) },
});
const report = (sentence: string) => ['示例项目绩效自评报告', sentence, '', '项目名称\t示例项目', '资金总额\t8.65\t6.25', '总分\t95.23'].join('\n');

describe('NARRATIVE', () => {
  it('accepts prose that agrees with the form, in another unit or with a line break inside', () => {
    expect(run(ctx([table], report('全年项目预算 8.65 万元，实际执行 6.25 万元，总得分 95.23 分。')))).toEqual([]);
    expect(run(ctx([table], report('项目预算86,500元，执行数为62,502.5元，预算执行率 72.26%。')))).toEqual([]);
    expect(run(ctx([table], report('项目全年预\n算数 8.65 万元。')))).toEqual([]);
  });

  it('flags a prose figure the table contradicts, once per figure', () => {
    const found = run(ctx([table], report('2022 年项目预算 8.65 万元，实际执行 2.4 万元。实际执行 2.4 万元。')));
    expect(found).toMatchObject([{ rule: 'NARRATIVE', form: 0, indicator: null, expected: 6.25, found: 2.4 }]);
    expect(found[0]!.evidence).toEqual([
      { field: 'prose', value: '执行 2.4 万元', prov: at(2) },
      { field: 'funding[0].executed', value: 6.25, prov: at(5) },
      { field: 'prose', value: '执行 2.4 万元', prov: at(2) },
    ]);
    expect(run(ctx([table], report('总得分 92.23 分')))).toMatchObject([{ expected: 95.23, found: 92.23 }]);
  });

  it('states a figure in another unit as the prose prints it: its unit and precision', () => {
    const yuan = form({ ...table, amount_unit: '元', funding: [{ ...table.funding[0]!, annual_budget: 2386000, executed: 2294005.4 }] });
    // 2,294,005.40 元 is 229.4 万元 at the prose's one decimal; 224.9 contradicts it
    expect(run(ctx([yuan], report('全年执行224.9万元。')))).toMatchObject([{ rule: 'NARRATIVE', indicator: null, expected: 229.4, found: 224.9 }]);
    expect(run(ctx([yuan], report('全年执行229.4万元，预算238.60万元。')))).toEqual([]);
  });

  it('ignores a target stated in prose-like cells', () => {
    expect(run(ctx([table], report('预算执行率 90%≤预算执行率≤100%')))).toEqual([]);
  });

  it('in a report of one form, reads the sections after the form as about it; with two forms it does not', () => {
    const after = (forms: number) => [
      '示例项目绩效自评报告', '附件1', '项目名称\t示例项目', '资金总额\t8.65\t6.25', '总分\t95.23',
      ...(forms > 1 ? ['项目名称\t另一项目', '资金总额\t1\t1', '总分\t90'] : []),
      '三、存在的问题', '全年实际执行 2.4 万元，进度偏慢。',
    ].join('\n');
    const one = form({ ...table, prov: { total_score: at(5) }, funding: [{ ...table.funding[0]!, prov: { executed: at(4) } }] });
    expect(run(ctx([one], after(1)))).toMatchObject([{ rule: 'NARRATIVE', form: 0, expected: 6.25, found: 2.4 }]);
    const other = form({ ...table, project: '另一项目', prov: { total_score: at(8) }, funding: [{ ...table.funding[0]!, prov: { executed: at(7) } }] });
    expect(run(ctx([{ ...one, project: '示例项目' }, other], after(2)))).toEqual([]);
  });

  it('without provenance, takes only prose that names the project', () => {
    const nowhere = { ...table, prov: {}, funding: [{ ...table.funding[0]!, prov: {} }] };
    expect(run(ctx([nowhere], report('实际执行 2.4 万元')))).toHaveLength(1);
    expect(run(ctx([nowhere], '绩效自评报告\n实际执行 2.4 万元'))).toEqual([]);
  });

  it('in a section summarising several projects, reads each figure against the project named before it', () => {
    const other = { ...table, project: '另一项目', attachment: '附件 2', prov: { total_score: at(9) } };
    const text = ['（1）示例项目：执行 6.25 万元。', '（2）另一项目：执行 6.25 万元。', '（3）第三项目：执行 1 万元。'].join('\n');
    expect(run(ctx([table, other], `${text}\n\n\n资金总额\t8.65\t6.25\n总分\t95.23\n\n\n总分\t95.23`))).toEqual([]);
  });
});
