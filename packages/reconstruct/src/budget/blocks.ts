// Find the budget tables of a report: each starts at its code line (`表1`, `公开 01 表`) and
// title (`收支总表`), then entity and unit lines, and runs to the next table, a note
// (`注：…`) or a heading. Pages of one table repeat the title block; they are stitched later.
import type { AmountUnit, TextLine } from '@ziping/core';
import { clean, squash } from '../text.ts';

export interface Block {
  code: string | null;
  title: string;
  entity: string | null;
  unit: AmountUnit | null;
  /** Index of the first line of the title block (code or title, whichever comes first). */
  start: number;
  /** Index of the first line after the title block: the table's header. */
  head: number;
  /** Index one past the table's last line. */
  end: number;
  /** False for tables that are not budget tables (performance targets, surveys): they only bound others. */
  budget: boolean;
  /** Line index where each of title, code, entity and amount_unit was read. */
  at: Partial<Record<'title' | 'code' | 'entity' | 'amount_unit', number>>;
}

const NUMERAL = '(?:\\d+|[一二三四五六七八九十]+)';
const CODE = new RegExp(`^(?:(?:附?表|部门公开表)${NUMERAL}(?:[-－—]\\d+)?|公开${NUMERAL}表)$`);
const CODE_TITLE = new RegExp(`^((?:附?表|部门公开表)\\s*${NUMERAL}(?:\\s*[-－—]\\s*\\d+)?|公开\\s*${NUMERAL}\\s*表)[\\s：:]+(\\S.*表)$`);
const ENTITY = /(?:单位名称|部门名称|编制单位|预算单位|编制部门|部门)[：:]\s*(.*?)\s*(?:(?:金额)?单位[：:].*)?$/;
const UNIT = /(?:金额)?单位[：:]\s*(万元|元)/;
const YEAR_LINE = /^\d{4}年度?$/;
/** Performance-target forms, declarations and surveys are tables, but not budget tables. */
const NOT_BUDGET = /绩效目标|申报表|自评表|调查表|目标表/;
const BUDGET_WORDS = /收|支|预算|决算|经费|拨款|采购|资金/;
const TERMINATOR = /^(?:注|说明|备注)[：:]|^注\d|^#/;

const stripHeading = (t: string): string => clean(t.replace(/^#+\s*/, ''));
const text = (l: TextLine): string => stripHeading(l.cells.map((c) => c.text).filter((t) => t !== '').join(' '));
/** A line inside a table that repeats its title block or marks a page (a page break without a new code). */
export const isPageNoise = (l: TextLine, title: string): boolean => {
  const t = text(l);
  return squash(t) === title || UNIT.test(t) || (ENTITY.test(t) && !/\d/.test(t)) || isPageNumber(t);
};
export const isPageNumber = (t: string): boolean => /^(?:[-－—]\s*\d+\s*[-－—]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/.test(t.trim());

function isTitleText(t: string): boolean {
  const s = squash(t);
  return /表$/.test(s) && s.length >= 3 && s.length <= 60 && !/[，。；:：]/.test(s) && !CODE.test(s);
}

/**
 * The tables of a document, in order. `skip(i)` marks lines that belong to something else
 * (a self-evaluation form): no table starts or runs there.
 */
export function findBlocks(lines: TextLine[], skip: (i: number) => boolean = () => false): Block[] {
  const blank = (i: number) => lines[i]!.text.trim() === '';
  const next = (i: number, dir: 1 | -1) => {
    for (let j = i + dir; j >= 0 && j < lines.length; j += dir) if (!blank(j)) return j;
    return -1;
  };
  const hits: Omit<Block, 'end'>[] = [];
  let i = 0;
  while (i < lines.length) {
    if (skip(i) || blank(i)) { i++; continue; }
    const t = text(lines[i]!);
    let code: string | null = null;
    let title: string | null = null;
    let first = i;
    let last = i;
    const at: Block['at'] = { title: i };
    const m = CODE_TITLE.exec(t);
    if (CODE.test(squash(t))) {
      code = squash(t);
      at.code = i;
      const n = next(i, 1);
      const p = next(i, -1);
      if (n >= 0 && !skip(n) && isTitleText(text(lines[n]!))) { title = text(lines[n]!); last = n; at.title = n; }
      else if (p >= 0 && !skip(p) && isTitleText(text(lines[p]!)) && !hits.some((h) => h.head > p)) { title = text(lines[p]!); first = p; at.title = p; }
    } else if (m) {
      at.code = i;
      code = squash(m[1]!);
      title = clean(m[2]!);
    } else if (isTitleText(t) && !/^[-*]\s/.test(lines[i]!.text.trim())) {
      // a title without a code: the entity or unit line must follow it
      const n = next(i, 1);
      if (n >= 0 && !skip(n) && (UNIT.test(text(lines[n]!)) || ENTITY.test(text(lines[n]!)))) title = t;
    }
    if (title === null) { i++; continue; }
    let entity: string | null = null;
    let unit: AmountUnit | null = null;
    let head = last + 1;
    for (let j = next(last, 1), n = 0; j >= 0 && n < 4; j = next(j, 1), n++) {
      const s = text(lines[j]!);
      const u = UNIT.exec(s);
      const e = ENTITY.exec(s);
      if (!u && !e && !YEAR_LINE.test(squash(s))) break;
      if (u) { unit = u[1] as AmountUnit; at.amount_unit = j; }
      if (e && e[1] && !entity) { entity = clean(e[1]); at.entity = j; }
      head = j + 1;
    }
    // a unit printed in the header instead (`金额（万元）`)
    for (let j = next(head - 1, 1), n = 0; unit === null && j >= 0 && n < 3; j = next(j, 1), n++) {
      const u = UNIT.exec(text(lines[j]!)) ?? /[（(]\s*(万元|元)\s*[)）]/.exec(text(lines[j]!));
      if (u) { unit = u[1] as AmountUnit; at.amount_unit = j; }
    }
    const budget = !NOT_BUDGET.test(squash(title)) && (unit !== null || BUDGET_WORDS.test(title));
    hits.push({ code, title: squash(title), entity, unit, start: first, head, budget, at });
    i = head;
  }
  return hits.map((h, k) => {
    const limit = k + 1 < hits.length ? hits[k + 1]!.start : lines.length;
    let end = h.head;
    while (end < limit && !skip(end) && !TERMINATOR.test(squash(lines[end]!.text))) end++;
    return { ...h, end };
  });
}
