// Checks shared by the PDF tests (ruled and borderless prints of the same seed form).
import { expect } from 'vitest';
import type { TextLine } from '@ziping/core';

export const colOf = (text: string, line: TextLine) => line.cells.find((c) => c.text === text)?.col;

/** Seed 000's first indicator row ("\t产出指标\t数量指标\t开展内部审计次数\t≥1 次\t1 次\t5\t5"): each cell under its header label. */
export function expectFirstIndicatorRow(header: TextLine, row: TextLine): void {
  const under: [string, string][] = [['产出指标', '一级指标'], ['数量指标', '二级指标'], ['开展内部审计次数', '三级指标'], ['≥1 次', '年度指标值'], ['1 次', '实际完成值']];
  for (const [cell, label] of under) expect(colOf(cell, row), `${cell} under ${label}`).toBe(colOf(label, header));
  expect(row.cells.filter((c) => c.text === '5').map((c) => c.col)).toEqual([colOf('分值', header), colOf('得分', header)]);
}
