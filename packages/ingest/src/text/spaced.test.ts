import { describe, expect, it } from 'vitest';
import type { LayoutTable } from '@ziping/core';
import { cellsOf, isSpaced, readSpaced } from './spaced.ts';

describe('single-space text', () => {
  it('keeps a figure with its unit and a lone sign with its figure, and closes up justified characters', () => {
    expect(cellsOf('医疗救助专项财政补贴年底补助人数 ≥6504 人 3035 人 10 4.66')).toEqual(['医疗救助专项财政补贴年底补助人数', '≥6504 人', '3035 人', '10', '4.66']);
    expect(cellsOf('约 60000 单 13091 单 5 1.09')).toEqual(['约 60000 单', '13091 单', '5', '1.09']);
    expect(cellsOf('总分 100 94.14 —')).toEqual(['总分', '100', '94.14', '—']);
    expect(cellsOf('预算执行率 89.51% 5 4.48 受 疫 情 影 响 部 分 业')).toEqual(['预算执行率', '89.51%', '5', '4.48', '受 疫 情 影 响 部 分 业']);
  });

  it('leaves a number before a long word as its own cell (the interpreter decides)', () => {
    expect(cellsOf('10 个试点城市当地服务网点覆盖率 ≥90% 100% 5 5')).toEqual(['10', '个试点城市当地服务网点覆盖率', '≥90%', '100%', '5', '5']);
  });

  it('reads lines of several cells as loose rows and lone tokens as paragraphs', () => {
    const blocks = readSpaced(['项目支出绩效自评表', '项目名称 测试项目 项目金额 100.00', '', '年度资金总额 100.00 80.00 60.00 10 75% 7.5', '产出指标', '受 疫 情 影 响 部 分 业 务'].join('\n'));
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph', 'paragraph']);
    const t = blocks[1] as LayoutTable;
    expect(t).toMatchObject({ rows: 2, cols: 7, approximate: true, looseCells: true });
    expect(t.cells.filter((c) => c.row === 1).map((c) => c.text)).toEqual(['年度资金总额', '100.00', '80.00', '60.00', '10', '75%', '7.5']);
    expect(t.cells[4]!.prov).toEqual({ page: 1, line: 4 });
    expect(blocks[3]).toMatchObject({ text: '受疫情影响部分业务', raw: '受 疫 情 影 响 部 分 业 务' });
  });

  it('is sniffed only without tabs, form feeds and column gaps', () => {
    const rows = Array.from({ length: 20 }, (_, k) => `指标${k} ≥${k} 人 ${k} 人 5 5`);
    expect(isSpaced(rows.join('\n'))).toBe(true);
    expect(isSpaced(rows.join('\n').replace(/ 5 5/g, '  5  5'))).toBe(false);
    expect(isSpaced(rows.join('\n').replace(/ 5 5/g, '\t5\t5'))).toBe(false);
    expect(isSpaced(Array.from({ length: 20 }, () => '一段没有数字的文字，只是正文。').join('\n'))).toBe(false);
  });
});
