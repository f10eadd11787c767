import { describe, expect, it } from 'vitest';
import type { Placed } from './layout-columns.ts';
import type { PLine, Seg } from './layout-lines.ts';
import { buildTable } from './layout-rows.ts';

/** A line of segments given as [text, start column, grid column]. */
const line = (n: number, segs: [string, number, number][]): { l: PLine; p: Placed[] } => {
  const gs: Seg[] = segs.map(([text, s]) => ({ text, s, e: s + text.length, line: n, toks: [{ text, s, e: s + text.length }] }));
  return { l: { line: n, page: 1, segs: gs }, p: gs.map((seg, i) => ({ seg, k: segs[i]![2], span: 1 })) };
};

describe('buildTable', () => {
  it('takes no text well off to the side of a cell for a line of it', () => {
    const ls = [
      line(1, [['实施单位', 0, 0], ['铜岭县职业技能鉴定中心', 9, 1], ['责任股室', 72, 4], ['职业能力建设股', 85, 5]]),
      line(2, [['年初预算数（万元）', 22, 2], ['全年预算数（万', 32, 3], ['元）', 40, 4]]),
      line(3, [['资金总额', 7, 1], ['860.00', 30, 2], ['920.00', 42, 3], ['871.35', 60, 4]]),
    ];
    const t = buildTable(ls.map((x) => x.l), ls.map((x) => x.p), 6);
    const cell = (text: string) => t.cells.find((c) => c.text === text);
    expect(cell('责任股室')).toBeDefined();
    expect(cell('元）')!.row).not.toBe(cell('责任股室')!.row);
  });

  it('keeps two rows of two baselines each apart (a row never has two figures in one column)', () => {
    const ls = [
      line(1, [['甲项', 0, 0], ['100.00', 8, 1]]),
      line(2, [['96.00', 16, 2], ['10', 24, 3]]),
      line(3, [['乙项', 0, 0], ['200.00', 8, 1]]),
      line(4, [['190.00', 16, 2]]),
    ];
    const t = buildTable(ls.map((x) => x.l), ls.map((x) => x.p), 4);
    const row = (text: string) => t.cells.find((c) => c.text === text)!.row;
    expect(row('96.00')).toBe(row('甲项'));
    expect(row('190.00')).toBe(row('乙项'));
    expect(row('乙项')).not.toBe(row('甲项'));
  });
});
