import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { readLayout } from './layout.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
/** Row r of a table as the texts of its slots ('' where empty). */
const row = (t: LayoutTable, r: number) => tableGrid(t)[r]!.map((c) => c?.text ?? '');

describe('layout header placed by the order of its labels', () => {
  it('puts a group label over its sub-labels printed below the line of the other labels, and every value under its label', () => {
    const [t] = tables(readLayout([
      '名称     年初预算数   全年执行数   得分',
      '资金总额   120.00      118.00     9.8',
      '                                   年度指标值',
      '一级指标     二级指标      三级指标                       实际完成值 分值      得分',
      '                               年初指标值 调整后指标',
      '                                         值',
      '                新建社区服务站 ≥16个 ≥18个           17个      8     8',
      '产出指标 数量指标  培训社区工作者 ≥180人次 ≥200人次 215人次           6     6',
    ].join('\n')).slice(1));
    expect(row(t!, 0)).toEqual(['一级指标', '二级指标', '三级指标', '年度指标值', '年度指标值', '实际完成值', '分值', '得分']);
    expect(row(t!, 1)).toEqual(['', '', '', '年初指标值', '调整后指标值', '', '', '']);
    expect(row(t!, 2)).toEqual(['', '', '新建社区服务站', '≥16个', '≥18个', '17个', '8', '8']);
  });

  it('reads a header printed at the foot of a page with the rows at the top of the next page', () => {
    const ts = tables(readLayout([
      '名称     年初预算数   全年执行数   得分',
      '资金总额   120.00      118.00     9.8',
      '一级指标       二级指标   三级指标           计量单位 年度指标值 实际完成值 分值                得分   未完成原因及改进措施',
      '\f                    新增空气质量自动监测站点     个      ≥6    6    8      8',
      '          数量指标     完成工业企业挥发性有机物治     家     ≥45   47    8      8',
      '                         理',
      '                      淘汰老旧柴油货车       辆    ≥1200 1265   6      6',
      ' 产出指标                监测数据有效获取率        %    ≥90  95.3   6      6',
    ].join('\n')));
    const t = ts.find((x) => x.cells.some((c) => c.text === '淘汰老旧柴油货车'))!;
    expect(row(t, 0)).toEqual(['一级指标', '二级指标', '三级指标', '计量单位', '年度指标值', '实际完成值', '分值', '得分', '未完成原因及改进措施']);
    expect(row(t, 3).slice(2)).toEqual(['淘汰老旧柴油货车', '辆', '≥1200', '1265', '6', '6', '']);
  });

  it('joins a wrapped label end to the label above it, not to its neighbour, and leaves an empty last column to the header', () => {
    const [, t] = tables(readLayout([
      '名称     年初预算数   全年执行数   得分',
      '资金总额   120.00      118.00     9.8',
      '一级指 二级指标                 三级指标               年度指标值       实际完成值      分值 得分 未完成原因及改进措 备注',
      ' 标                                                                            施',
      '产出指            新建村级多功能运动场      ≥24个            24个      3    3',
      ' 标              新建全民健身路径       ≥30条            32条      3    3',
      '              更新乡镇综合文化站设备      ≥12个            12个      3    3',
      '      数量指标',
      '                开展公益电影放映      ≥2200场         2236场      3    3',
      '              培训社会体育指导员       ≥300人次        276人次       3   2.76   延期举办',
    ].join('\n')));
    expect(row(t!, 0)).toEqual(['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '未完成原因及改进措施', '备注']);
    expect(row(t!, 1).slice(2, 7)).toEqual(['新建村级多功能运动场', '≥24个', '24个', '3', '3']);
  });

  it('leaves a header with a bracketed note standing alone to the columns by position', () => {
    const [, t] = tables(readLayout([
      '名称     年初预算数   全年执行数   得分',
      '资金总额   120.00      118.00     9.8',
      '        一级指标 二级指标        三级指标           年度指标值         实际完成值 （%）     权重 得分',
      '                    城镇新增就业人数            ≥3200人          3486人         8    8',
      '              数量指标 扶持创业人数               ≥380人           402人         6    6',
      ' 绩效指标     产出指标   开发公益性岗位              ≥260个          260个          5    5',
    ].join('\n')));
    expect(t!.cells.find((c) => c.text === '（%）')).toBeDefined();
  });
});
