import { describe, expect, it } from 'vitest';
import type { IndicatorX, Prov } from '@ziping/core';
import { recentre, type Label } from './centred.ts';
import { groupCost, share } from './share.ts';

const at = (line: number, page = 1, lineEnd?: number): Prov => (lineEnd ? { page, line, lineEnd } : { page, line });
const label = (text: string, prov: Prov): Label => ({ text, prov });

/** An indicator row printed on `line`, with the levels the top-down reading carried down to it. */
function row(name: string, prov: Prov, l1: Label | null, l2: Label | null): IndicatorX {
  const ind: IndicatorX = {
    level1: l1?.text ?? null, level2: l2?.text ?? null, name, target_initial: null, target: '≥1', actual: '1',
    weight: 5, score: 5, deviation: null, prov: { name: prov, weight: prov },
  };
  if (l1) ind.prov.level1 = l1.prov;
  if (l2) ind.prov.level2 = l2.prov;
  return ind;
}
const levels = (list: IndicatorX[]) => list.map((i) => `${i.level1}/${i.level2}`);

describe('recentre', () => {
  it('gives the rows above a label printed mid-block to that label', () => {
    // 数量指标 printed on 11 for rows 10–12, 质量指标 on 14 for rows 13–15, 产出指标 between 12 and 13
    const out = label('产出指标', at(12));
    const qty = label('数量指标', at(11));
    const qual = label('质量指标', at(14));
    const list = [
      row('a', at(10), null, null), row('b', at(11), null, qty), row('c', at(12), out, qty),
      row('d', at(13), out, qty), row('e', at(14), out, qual), row('f', at(15), out, qual),
    ];
    recentre(list, [qty, qual], [out]);
    expect(levels(list)).toEqual([
      '产出指标/数量指标', '产出指标/数量指标', '产出指标/数量指标', '产出指标/质量指标', '产出指标/质量指标', '产出指标/质量指标',
    ]);
    expect(list[3]!.prov.level2).toEqual(at(14));
    expect(list[0]!.prov.level1).toEqual(at(12));
  });

  it('reads a block split by a page break as printed at the top of its first part', () => {
    // 数量指标 heads rows 20–21 of page 1 and rows 4–5 of page 2; 质量指标 is centred on rows 6–8
    const out = label('产出指标', at(20));
    const qty = label('数量指标', at(20));
    const qual = label('质量指标', at(7, 2));
    const list = [
      row('a', at(20), out, qty), row('b', at(21), out, qty), row('c', at(4, 2), out, qty),
      // a reader took 质量指标 for the label of a block starting on line 5
      row('d', at(5, 2), out, qual), row('e', at(6, 2), out, qual), row('f', at(7, 2), out, qual), row('g', at(8, 2), out, qual),
    ];
    recentre(list, [qty, qual], [out]);
    expect(list.map((i) => i.level2)).toEqual(['数量指标', '数量指标', '数量指标', '数量指标', '质量指标', '质量指标', '质量指标']);
  });

  it('leaves labels printed at the top of their blocks as read', () => {
    const out = label('产出指标', at(10));
    const qty = label('数量指标', at(10));
    const qual = label('质量指标', at(13));
    const list = [
      row('a', at(10), out, qty), row('b', at(11), out, qty), row('c', at(12), out, qty),
      row('d', at(13), out, qual), row('e', at(14), out, qual),
    ];
    recentre(list, [qty, qual], [out]);
    expect(list.map((i) => i.level2)).toEqual(['数量指标', '数量指标', '数量指标', '质量指标', '质量指标']);
  });

  it('takes a label wrapped over two rows whole, and leaves a 一级 block without 二级 labels without one', () => {
    const out = label('产出指标', at(11));
    const qty = label('数量指标', at(11));
    const sat = label('满意度指标', at(13));
    const piece = label('服务对象满意', at(13));
    const whole = label('服务对象满意度指标', at(13, 1, 14));
    const benefit = label('效益指标', at(16));
    const list = [
      row('a', at(10), null, null), row('b', at(11), out, qty), row('c', at(12), out, qty),
      row('d', at(13), sat, piece), row('e', at(14), sat, whole),
      row('f', at(15), sat, whole), row('g', at(16), benefit, whole), row('h', at(17), benefit, whole),
    ];
    recentre(list, [qty, piece, whole], [out, sat, benefit]);
    expect(levels(list)).toEqual([
      '产出指标/数量指标', '产出指标/数量指标', '产出指标/数量指标', '满意度指标/服务对象满意度指标', '满意度指标/服务对象满意度指标',
      '效益指标/null', '效益指标/null', '效益指标/null',
    ]);
    expect(list[3]!.prov.level2).toEqual(at(13, 1, 14));
    expect(list[5]!.prov.level2).toBeUndefined();
  });
});

describe('share', () => {
  const spans = [10, 11, 12, 13, 14].map((l) => ({ page: 1, top: l, bottom: l }));
  it('centres each group on its label, a label between two lines on the upper middle row', () => {
    expect(share([groupCost(spans, at(11)), groupCost(spans, at(13))], 5)).toEqual([0, 0, 0, 1, 1]);
    expect(share([groupCost(spans, at(10)), groupCost(spans, at(13))], 5)).toEqual([0, 0, 1, 1, 1]);
  });
});
