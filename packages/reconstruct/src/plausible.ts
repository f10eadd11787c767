// Figures no form can print: a 分值 or 得分 above 100 points (a form's points add up to 100)
// is a cell read into the wrong column — a target's number, an amount. It is not kept as a
// weight or score, so no arithmetic is done on it; the form gets one PARSE warning naming
// the cells, and the auditor sees what was set aside.
import type { AnomalyX, Evidence, FormX, FundingRowX, IndicatorX } from '@ziping/core';
import { parseFinding } from './form.ts';

const MAX_POINTS = 100;

/** Sets implausible points aside on a form; the one finding that says so, or null. */
export function setAsideImplausible(form: FormX, index: number): AnomalyX | null {
  const evidence: Evidence[] = [];
  const where: string[] = [];
  const lists: [string, { label: string; row: IndicatorX | FundingRowX }[]][] = [
    ['indicators', form.indicators.map((row) => ({ label: row.name, row }))],
    ['funding', form.funding.map((row) => ({ label: row.source, row }))],
  ];
  for (const [list, entries] of lists) {
    entries.forEach(({ label, row }, k) => {
      for (const field of ['weight', 'score'] as const) {
        const value = row[field];
        if (value == null || (value <= MAX_POINTS && value >= 0)) continue;
        const prov = row.prov[field];
        evidence.push({ field: `${list}[${k}].${field}`, value, prov: prov ?? null });
        where.push(`“${label}”的${field === 'weight' ? '分值' : '得分'} ${value}${prov ? `（第${prov.page}页第${prov.line}行）` : ''}`);
        row[field] = null;
      }
    });
  }
  if (where.length === 0) return null;
  return {
    ...parseFinding(`${where.join('、')}超出 0–${MAX_POINTS} 分，不可能是分值或得分，应是读错了列的单元格；已搁置，不参与核算。`, evidence),
    form: index,
  };
}
