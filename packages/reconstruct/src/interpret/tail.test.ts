import { describe, expect, it } from 'vitest';
import type { LayoutCell } from '@ziping/core';
import { tokenOf } from './stream-tokens.ts';
import { fitsTotals, parseTail, placeLevels } from './tail.ts';

const cell = { prov: { page: 1, line: 1 } } as unknown as LayoutCell;
const seq = (s: string) => s.split(' ').map((t) => tokenOf(t, cell));
const names = (ways: ReturnType<typeof parseTail>) => ways.map((w) => w.parts.map((p) => [p.names.map((n) => n.text), p.ws?.map((t) => t.text)]));

describe('the tail of a stream', () => {
  it('reads rows printed one by one whose 分值 / 得分 come as blocks at the end, each ending in its total', () => {
    // rows read before: 分值 46, 得分 45.55; budget execution 10 / 9.73
    const ways = parseTail(seq('灌溉面积 ≥4500亩 4820亩 受保护人口 ≥3.2万人 3.45万人 10 10 76 10 9.5 74.78'), ['target', 'actual'], 46, 45.55, 1);
    expect(names(ways)).toEqual([[[['灌溉面积'], ['10', '10']], [['受保护人口'], ['10', '9.5']]]]);
  });
  it('reads a group printed column by column: names, targets, actuals, 分值 block, 得分 block', () => {
    const ways = parseTail(seq('耕地面积 河段水质 ≥2.6万亩 达到Ⅲ类 2.6万亩 达到Ⅲ类 8 6 8 5 巡河覆盖率 ≥90% 89.4% 10 9.93 40 37.93'), ['target', 'actual'], 0, 0);
    expect(names(ways)).toEqual([[[['耕地面积', '河段水质'], ['8', '6', '8', '5']], [['巡河覆盖率'], ['10', '9.93']]]]);
  });
  it('reads nothing where the totals do not check out', () => {
    expect(parseTail(seq('灌溉面积 ≥4500亩 4820亩 10 10 100 90'), ['target', 'actual'], 46, 45.55)).toEqual([]);
    expect(fitsTotals(90, 90.05, 100, 99.78)).toBe(true);
    expect(fitsTotals(90, 90, 100, 101)).toBe(false);
  });
});

describe('the levels of a group printed before its names', () => {
  it('gives a row the 二级 (and the 一级 of its family) every sharing of the labels in turn gives it', () => {
    // 5 rows, 4 二级 labels: one of 社会 / 生态 / 可持续 / 服务对象 covers two rows, which one is unknown
    const placed = placeLevels(5, seq('效益指标 社会效益指标 生态效益指标 可持续影响指标 满意度指标 服务对象满意度指标'));
    expect(placed.map((p) => [p.family, p.two?.text ?? null, p.one?.text ?? null])).toEqual([
      ['效益指标', '社会效益指标', '效益指标'],
      ['效益指标', null, '效益指标'],
      ['效益指标', null, '效益指标'],
      [null, null, null],
      ['满意度指标', '服务对象满意度指标', '满意度指标'],
    ]);
    // as many labels as rows: one each
    expect(placeLevels(2, seq('社会效益指标 生态效益指标')).map((p) => p.two?.text)).toEqual(['社会效益指标', '生态效益指标']);
    // more labels than rows: nothing
    expect(placeLevels(1, seq('社会效益指标 生态效益指标')).map((p) => p.two)).toEqual([null]);
  });
});
