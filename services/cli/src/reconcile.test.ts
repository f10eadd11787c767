// `ziping reconcile` as a user runs it: ingest a self-evaluation (000) and a budget with its
// target declarations (003), then reconcile.
import { useFreshDbs } from '@ziping/store/testing';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const SLOW = { timeout: 180_000 };

describe('ziping reconcile', SLOW, () => {
  const dbs = useFreshDbs(['embedded']);

  it('prints amounts and target drift with their sources', async () => {
    const db = dbs.embedded.config;
    const ingest = await runCli(['ingest', 'fixtures/seeds/000_ca0dcd0154b0e201.txt', 'fixtures/seeds/003_69315ee9fbc7324a.txt'], db);
    expect(ingest, ingest.stderr).toMatchObject({ code: 0 });
    const r = await runCli(['reconcile'], db);
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const out = r.stdout;
    expect(out).toContain('深圳市医疗保障局 · 医疗保障综合管理\n');
    expect(out).toContain('  amount  evaluated 年度资金总额 17,948,700 元 = 17,948,700 元  (000_ca0dcd0154b0e201.txt p1 l10)\n');
    expect(out).toContain('    ≈ rounding 表13 部门预算绩效管理项目情况表 · 医疗保障综合管理 · 预算金额/合计: 1,795 万元 = 17,950,000 元, difference +1,300 元 within ±5,000  (003_69315ee9fbc7324a.txt p1 l516)\n');
    expect(out).toContain('    drift          参加调研人员满意度: declared ≥90% (003_69315ee9fbc7324a.txt p1 l675), evaluated against ≥95% (000_ca0dcd0154b0e201.txt p1 l109)\n');
    expect(out).toMatch(/\n4 linked projects; amounts: 13 compared \(5 exact, 6 rounding, 2 mismatch, 0 unknown\), 4 of 4 projects with a matching declared amount; targets: 1 drift, \d+ not evaluated, \d+ not declared, \d+ same\n$/);

    const other = await runCli(['reconcile', '--department', '某县水利局'], db);
    expect(other).toMatchObject({ code: 0, stdout: expect.stringMatching(/^0 linked projects; amounts: 0 compared/) });
    expect((await runCli(['reconcile', '--frobnicate'], db)).code).toBe(2);
  });
});
