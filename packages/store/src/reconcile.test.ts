// Reconciliation on both engines over two seeds run through the real pipeline: the
// self-evaluation forms of 000 against the budget tables and target declarations of 003
// (深圳市医疗保障局, 2021).
import { fileURLToPath } from 'node:url';
import { extractFile } from '@ziping/pipeline';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { reconcileAmounts, reconcileTargets } from './reconcile.ts';
import { saveExtraction } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

const seed = (name: string) => fileURLToPath(new URL(`../../../fixtures/seeds/${name}`, import.meta.url));
const EVALUATION = '000_ca0dcd0154b0e201.txt';
const BUDGET = '003_69315ee9fbc7324a.txt';

describe.each(ENGINES)('reconcile on %s', { timeout: 60_000 }, (engine) => {
  const h = useOpenDb(engine);

  it('stores the seeds', async () => {
    await migrate(h.db);
    for (const name of [EVALUATION, BUDGET]) {
      const { doc, extraction } = await extractFile(seed(name));
      expect((await saveExtraction(h.db, doc, extraction)).status).toBe('stored');
    }
  });

  it('(a) puts the evaluated 年初预算数 beside every declared amount of the project, in 元', async () => {
    const rows = (await reconcileAmounts(h.db)).filter((r) => r.project === '医疗保障综合管理');
    // 表13 prints 1,795 万元: 17,950,000 ± 5,000 元 holds the form's 17,948,700 元
    const budget = rows.find((r) => r.declaredKind === 'budget_table' && r.declared.amount === 1795)!;
    expect(budget).toMatchObject({
      department: '深圳市医疗保障局', link: 'exact', status: 'rounding', differenceYuan: 1300, toleranceYuan: 5000,
      evaluated: { document: EVALUATION, page: 1, line: 10, field: '年度资金总额', amount: 17948700, unit: '元', yuan: 17948700 },
      declared: { document: BUDGET, line: 516, in: '表13 部门预算绩效管理项目情况表', unit: '万元', yuan: 17950000 },
    });
    // the department declaration (表14) prints the same 1,795 万元 for the task
    expect(rows.find((r) => r.declared.in === '部门（单位）整体支出绩效目标表')).toMatchObject({
      declaredKind: 'target_form', declared: { line: 541, amount: 1795, unit: '万元' }, status: 'rounding',
    });
    // the project declaration (表15) asks for 32,602,948 元 this year: not what the form started from
    expect(rows.find((r) => r.declared.in.startsWith('一级项目支出绩效目标申报表'))).toMatchObject({
      declared: { line: 777, amount: 32602948, unit: '元', field: '本年度项目金额' }, status: 'mismatch', differenceYuan: 14654248,
    });
    const all = await reconcileAmounts(h.db);
    expect(new Set(all.map((r) => r.project))).toEqual(new Set(['医疗保障综合管理', '医药支付和管理', '医疗保障政策研究管理', '基金监督管理']));
    expect(all.find((r) => r.project === '基金监督管理' && r.declaredKind === 'budget_table')).toMatchObject({ status: 'exact' });
  });

  it('(b) reports target drift, declared indicators not evaluated, evaluated ones never declared', async () => {
    const rows = (await reconcileTargets(h.db)).filter((r) => r.project === '医疗保障政策研究管理');
    expect(rows.find((r) => r.indicator === '参加调研人员满意度')).toMatchObject({
      status: 'drift',
      declared: { document: BUDGET, line: 675, target: '≥90%' },
      evaluated: { document: EVALUATION, line: 109, target: '≥95%' },
    });
    // printed `≥20 万份` and `≥20万份`, `≥1000万人` and `≥1,000万人` are the same target
    expect(rows.find((r) => r.indicator === '宣传册印刷数量')).toMatchObject({ status: 'same' });
    expect(rows.find((r) => r.indicator === '项目总成本')).toMatchObject({ status: 'not_evaluated', evaluated: null });
    expect(rows.find((r) => r.indicator === '服务满意度')).toMatchObject({ status: 'not_declared', declared: null });
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    expect([count('drift'), count('not_evaluated'), count('not_declared'), count('same')]).toEqual([1, 1, 5, 12]);
  });

  it('filters by department', async () => {
    expect(await reconcileTargets(h.db, { department: '深圳市医疗保障局' })).not.toHaveLength(0);
    expect(await reconcileAmounts(h.db, { department: '某县水利局' })).toHaveLength(0);
  });
});
