import { describe, expect, it } from 'vitest';
import { buildColumns } from './columns.ts';
import { place } from './place.ts';

describe('place', () => {
  const lay = buildColumns(['本年支出合计', '基本支出', '项目支出'], 3);

  it('puts a row\'s second amount where the children sum to the 合计 row', () => {
    const rows = [
      { code: null, label: '合计', printed: [100, 30, 70] },
      { code: '205', label: '教育支出', printed: [70, 70] },
      { code: '208', label: '社会保障和就业支出', printed: [30, 30] },
    ];
    expect(place(rows, { ...lay, decimals: 0 })).toEqual([[100, 30, 70], [70, null, 70], [30, 30, null]]);
  });

  it('follows the code hierarchy down (205 → 20508 → 2050803)', () => {
    const rows = [
      { code: null, label: '合计', printed: [100, 30, 70] },
      { code: '205', label: '教育支出', printed: [70, 70] },
      { code: '20508', label: '进修及培训', printed: [70, 70] },
      { code: '2050803', label: '培训支出', printed: [70, 70] },
      { code: '208', label: '社会保障和就业支出', printed: [30, 30] },
    ];
    expect(place(rows, { ...lay, decimals: 0 }).map((v) => v.indexOf(70, 1))).toEqual([2, 2, 2, 2, -1]);
  });

  it('allows a rounding gap in the last printed decimal', () => {
    const rows = [
      { code: null, label: '合计', printed: [608.18, 608.18] },
      { code: '2080505', label: 'a', printed: [413.04, 413.04] },
      { code: '2080506', label: 'b', printed: [195.15, 195.15] },
    ];
    expect(place(rows, { ...lay, decimals: 2 })[1]).toEqual([413.04, 413.04, null]);
  });

  it('falls back on what earlier tables printed, then on filling from the left', () => {
    const four = buildColumns(['本年收入合计', '财政拨款收入', '事业收入', '其他收入'], 4);
    const rows = [{ code: null, label: '合计', printed: [10.37, 10, 0.37] }];
    expect(place(rows, { ...four, decimals: 2 })[0]).toEqual([10.37, 10, 0.37, null]);
    const hint = (_: unknown, c: number) => (c === 3 ? 0.37 : c === 2 ? null : undefined);
    expect(place(rows, { ...four, decimals: 2, hint })[0]).toEqual([10.37, 10, null, 0.37]);
  });
});
