import { describe, expect, it } from 'vitest';
import { buildColumns, headerTokens, splitGlued } from './columns.ts';

describe('headerTokens', () => {
  it('joins a cell wrapped over lines and drops the label-column words', () => {
    expect(headerTokens(['项 目', '本年收入合计 财政拨款收入 上级补助收入 事业收入 经营收入', '附属单位', '上缴收入', '其他', '收入', '功能分类', '科目编码', '科目名称']))
      .toEqual(['项目', '本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入']);
  });

  it('splits cells that ran together', () => {
    expect(headerTokens(['本年支出合计 基本支出 项目支出 上缴上级支出经营支出对附属单位补助支出功能分类', '科目编码', '科目名称']))
      .toEqual(['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出']);
    expect(splitGlued('公务用车购置费公务用车运行费')).toEqual(['公务用车购置费', '公务用车运行费']);
    expect(splitGlued('本年收入合计')).toEqual(['本年收入合计']);
  });
});

describe('buildColumns', () => {
  it('reads a flat header with a 合计 column as the sum of the others', () => {
    const { columns, relations } = buildColumns(['本年支出合计', '基本支出', '项目支出'], 3);
    expect(columns).toEqual(['本年支出合计', '基本支出', '项目支出']);
    expect(relations).toEqual([{ total: 0, parts: [1, 2] }]);
  });

  it('puts a 小计 run under the group header it resembles (two-level header)', () => {
    const { columns, relations } = buildColumns(['年初结转和结余', '本年收入', '本年支出', '年末结转和结余', '小计', '基本支出', '项目支出'], 6);
    expect(columns).toEqual(['年初结转和结余', '本年收入', '本年支出/小计', '本年支出/基本支出', '本年支出/项目支出', '年末结转和结余']);
    expect(relations).toEqual([{ total: 2, parts: [3, 4] }]);
  });

  it('nests three levels (预算数 / 公务用车购置及运行费 / 小计)', () => {
    const names = headerTokens(['预算数 决算数', '合计', '因公出国', '（境）费', '公务用车购置及运行费', '公务接待费 合计', '因公出国', '（境）费',
      '公务用车购置及运行费', '公务接待费', '小计 公务用车购置费公务用车运行费 小计 公务用车购置费 公务用车运行费']);
    const { columns, relations } = buildColumns(names, 12);
    expect(columns.slice(0, 6)).toEqual(['预算数/合计', '预算数/因公出国（境）费', '预算数/公务用车购置及运行费/小计',
      '预算数/公务用车购置及运行费/公务用车购置费', '预算数/公务用车购置及运行费/公务用车运行费', '预算数/公务接待费']);
    expect(columns[6]).toBe('决算数/合计');
    expect(relations).toContainEqual({ total: 0, parts: [1, 2, 5] });
    expect(relations).toContainEqual({ total: 2, parts: [3, 4] });
  });
});
