// The labelled fields above the tables: 项目名称, 主管部门, 实施单位 / 预算单位, 部门（单位）名称.
import type { FormX, TextLine } from '@ziping/core';
import { provAt } from '../form.ts';
import { clean, squash } from '../text.ts';
import { cellsOf } from './row.ts';

type HeaderField = 'project' | 'department' | 'implementer';

function headerField(label: string): HeaderField | null {
  const l = squash(label);
  if (/^项目(（政策）|\(政策\))?(名称)?$/.test(l) || /^项目名称/.test(l)) return 'project';
  if (/^主管部门/.test(l) || /^部门（单位）名称$|^部门\(单位\)名称$|^单位名称$/.test(l)) return 'department';
  if (/^(实施单位|预算单位)/.test(l)) return 'implementer';
  return null;
}

const LABELISH = /^(项目金额|实施期|实施单位|预算单位|主管部门|所属单位|名称)/;

/** Drops a leading organisation code: `303-某市某局` → `某市某局`. */
export const dropCode = (s: string): string => s.replace(/^\d+\s*[-－—]\s*/, '');

/** Reads every labelled field on the line into the form (first value wins). Returns true if the line was a header line. */
export function readHeaderLine(form: FormX, l: TextLine): boolean {
  const cells = cellsOf(l);
  let hit = false;
  for (let i = 0; i < cells.length; i++) {
    const field = headerField(cells[i]!.text);
    if (!field) continue;
    hit = true;
    const next = cells[i + 1];
    if (form[field] != null) continue;
    if (!next || headerField(next.text) || LABELISH.test(squash(next.text))) continue;
    form[field] = dropCode(clean(next.text));
    form.prov[field] = provAt(l, next);
  }
  return hit;
}
