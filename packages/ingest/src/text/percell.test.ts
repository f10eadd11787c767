import { describe, expect, it } from 'vitest';
import type { LayoutTable } from '@ziping/core';
import { isPercell, readPercell } from './percell.ts';

// A web page's table copied as text: one cell per line, a header row of four cells.
const SCRAPE = [
  '某县2022年度项目支出绩效自评表',
  '发布时间：2023-03-01',
  '',
  '三级指标', '年度指标值', '分值', '得分',
  '培训人数', '≥100人', '10', '10',
  '合格率', '≥95%', '10', '9.5',
  '及时率', '100%', '10', '10',
  '满意度', '≥90%', '—', '—',
  '成本控制', '≤50万元', '10', '10',
  '',
  '来源：本站',
].join('\n');

const PROSE = [
  '根据预算绩效管理要求，本单位已按要求编制整体支出',
  '绩效目标，并围绕政策落实、年度计划实施、重点工作任务',
  '2020',
  '年度收入合计201,787.94万元，其中财政拨款收入',
  '201,787.57',
  '万元，其他收入0.37万元。支出合计201,787.57万元，',
  '其中基本支出5,712万元，占比2.83%；项目支出',
  '196,075.56',
  '万元，占比97.17%。与上年相比增加183,432.31万元。',
  '主要原因是本部门为新组建部门，经费为相关部门划转。',
].join('\n');

describe('isPercell', () => {
  it('fires on a run of short lines whose figures recur with a fixed period', () => {
    expect(isPercell(SCRAPE)).toBe(true);
  });
  it('never fires on prose, wrapped or not, nor on text with tabs, pipes or page breaks', () => {
    expect(isPercell(PROSE)).toBe(false);
    expect(isPercell(PROSE.replaceAll('\n', ''))).toBe(false);
    expect(isPercell(SCRAPE.replace('得分', '得分\t'))).toBe(false);
    expect(isPercell(`${SCRAPE}\f`)).toBe(false);
  });
});

describe('readPercell', () => {
  const blocks = readPercell(SCRAPE);
  const t = blocks.find((b): b is LayoutTable => b.kind === 'table')!;
  const cell = (row: number, col: number) => t.cells.find((c) => c.row === row && c.col === col);

  it('rebuilds rows from the period, the header row included', () => {
    expect(blocks.map((b) => (b.kind === 'table' ? `table ${b.rows}x${b.cols}` : b.text))).toEqual([
      '某县2022年度项目支出绩效自评表', '发布时间:2023-03-01'.replace(':', '：'), 'table 6x4', '来源：本站',
    ]);
    expect(cell(0, 0)).toMatchObject({ text: '三级指标', prov: { page: 1, line: 4 } });
    expect(cell(2, 3)).toMatchObject({ text: '9.5', prov: { line: 15 } });
    expect(cell(5, 1)!.text).toBe('≤50万元');
    expect(t.prov).toEqual({ page: 1, line: 4, lineEnd: 27 });
  });
});
