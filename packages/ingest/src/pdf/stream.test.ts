// The seed forms printed without any cell border (fixtures/pdf/borderless/, made by
// scripts/make-fixture-pdfs.ts): only text alignment shows the columns. Rows checked by hand
// against the tab-separated seed (fixtures/seeds/000_ca0dcd0154b0e201.txt).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceDocument, TextLine } from '@ziping/core';
import { ingestFile } from '../ingest.ts';
import { groupLines, type Run } from './layout.ts';
import { streamElements } from './stream.ts';
import { colOf, expectFirstIndicatorRow } from './testing.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/${name}`, import.meta.url));
const squash = (s: string) => s.replace(/\s+/g, '');
const filled = (l: TextLine) => l.cells.filter((c) => c.text !== '').map((c) => c.text);

describe('a form printed without borders (seed 000, borderless)', () => {
  let doc: SourceDocument;
  beforeAll(async () => { doc = await ingestFile(fixture('pdf/borderless/000_ca0dcd0154b0e201.pdf')); });
  const row = (text: string) => doc.lines.find((l) => l.cells.length > 1 && l.cells.some((c) => c.text === text))!;

  it('has no ruling lines to read, yet gives the seed rows as column-indexed rows', () => {
    expect(doc.unreadablePages).toEqual([]);
    // seed: "\t年度资金总额\t17948700.00\t31611787.00\t27433741.7\t10\t0.87\t8.7\t"
    // (年初预算数 wraps in its narrow column: 179487 / 00.00)
    expect(filled(row('年度资金总额'))).toEqual(['年度资金总额', '17948700.00', '31611787.00', '27433741.7', '10', '0.87', '8.7']);
    expect(colOf('17948700.00', row('年度资金总额'))).toBe(colOf('年初预算数', row('年初预算数')));
    expect(colOf('8.7', row('年度资金总额'))).toBe(colOf('得分', row('年初预算数')));
    // seed: "项目名称\t医疗保障综合管理\t\t\t项目金额\t31611787.00" (项目名称 wraps: 项目 / 名称)
    expect(filled(row('医疗保障综合管理'))).toEqual(['项目名称', '医疗保障综合管理', '项目金额', '31611787.00']);
  });

  it('puts indicator cells under their header columns, merged labels on their first row', () => {
    const header = row('三级指标');
    expect(filled(header)).toEqual(['年度绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']);
    expectFirstIndicatorRow(header, row('开展内部审计次数'));
    // seed: "\t\t\t开展全市定点医药机构培训数量\t≥2000 人次\t4800 人次\t3\t3\t" — the name wraps beside its figures
    expect(filled(row('开展全市定点医药机构培训数量'))).toEqual(['开展全市定点医药机构培训数量', '≥2000 人次', '4800 人次', '3', '3']);
    // seed: "\t\t质量指标\t办公系统安全性、稳定性\t提高\t提高\t5\t5\t" — 质量指 / 标 is a merged, wrapped label
    expect(filled(row('办公系统安全性、稳定性'))).toEqual(['质量指标', '办公系统安全性、稳定性', '提高', '提高', '5', '5']);
  });

  it('joins a deviation reason wrapped over ten lines into its row, with its box', () => {
    // seed: "\t\t\t行政诉讼\t≥5\t2\t3\t1\t本年度推动实质化解行政争议纠纷,…"
    const r = row('行政诉讼');
    const header = row('三级指标');
    const reason = r.cells.find((c) => c.text.startsWith('本年度推动'))!;
    expect(reason.text).toBe('本年度推动实质化解行政争议纠纷,通过释法明理将矛盾纠纷化解于诉前,有效减少本年度诉讼量,致本年度行政诉讼数量未达预期指标。');
    expect(reason.col).toBe(colOf('偏差原因分析及改进措施', header));
    expect(filled(r).slice(0, 5)).toEqual(['行政诉讼', '≥5', '2', '3', '1']);
    const [x0, y0, x1, y1] = reason.bbox!;
    expect(x1 - x0).toBeGreaterThan(20);
    expect(y1 - y0).toBeGreaterThan(100); // ten lines high
    const next = row('安全生产排查次数');
    expect(next.cells.every((c) => !c.text.includes('期指标'))).toBe(true);
  });

  it('gives the seed indicator rows of the first form in order (names and figures)', () => {
    const seed = readFileSync(fixture('seeds/000_ca0dcd0154b0e201.txt'), 'utf8').split('\n');
    const first = seed.slice(seed.findIndex((l) => l.includes('三级指标')) + 1, seed.findIndex((l) => /^\t总分/.test(l)))
      .filter((l) => l.includes('\t') && l.replace(/\t/g, '').trim() !== '').map((l) => l.split('\t').map(squash).filter((c) => c !== ''));
    const at = doc.lines.findIndex((l) => l.cells.some((c) => c.text === '三级指标'));
    const pdf = doc.lines.slice(at + 1, at + 1 + first.length).map((l) => filled(l).map(squash));
    expect(pdf).toEqual(first);
  });
});

describe('a table without rulings from positioned text (synthetic)', () => {
  const run = (str: string, x0: number, top: number, size = 9): Run => ({ str, x0, x1: x0 + size * [...str].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0), top, bottom: top + size, size });
  const right = (str: string, x1: number, top: number): Run => { const r = run(str, 0, top); return { ...r, x0: x1 - r.x1, x1 }; };
  const centre = (str: string, c: number, top: number): Run => { const r = run(str, 0, top); return { ...r, x0: c - r.x1 / 2, x1: c + r.x1 / 2 }; };

  it('puts right-aligned figures under centred header labels and joins a wrapped label beside its figures', () => {
    const runs: Run[] = [
      run('以下为本项目资金情况。', 20, -30),
      centre('项目', 60, 0), centre('年初预算数', 160, 0), centre('全年预算数', 240, 0), centre('执行率', 310, 0), centre('得分', 360, 0),
      run('年度资金总额', 20, 16), right('17948700.00', 200, 16), right('31611787.00', 280, 16), right('0.87', 330, 16), right('8.7', 380, 16),
      run('其中：当年财政', 20, 30), run('拨款', 20, 42), right('948700.00', 200, 36), right('1611787.00', 280, 36), right('0.87', 330, 36), right('—', 380, 36),
      run('上年结转资金', 20, 56), right('0.00', 200, 56), right('0.00', 280, 56), right('0.00', 330, 56), right('—', 380, 56),
    ];
    const els = streamElements(groupLines(runs));
    expect(els.map((e) => e.kind)).toEqual(['line', 'table']);
    const t = els[1]!;
    if (t.kind !== 'table') throw new Error('not a table');
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['项目', '年初预算数', '全年预算数', '执行率', '得分'],
      ['年度资金总额', '17948700.00', '31611787.00', '0.87', '8.7'],
      ['其中：当年财政拨款', '948700.00', '1611787.00', '0.87', '—'],
      ['上年结转资金', '0.00', '0.00', '0.00', '—'],
    ]);
    const wrapped = t.rows[2]!.cells[0]!.bbox!;
    expect(wrapped[3] - wrapped[1]).toBeGreaterThan(18); // both lines of the label
  });
});
