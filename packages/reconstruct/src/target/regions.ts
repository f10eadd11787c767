// Performance-target declarations (绩效目标申报表 / 整体支出绩效目标表): where they are. Each
// starts at its title (with a `表15` code line before it, a `2021年度` / `单位：万元` block
// after) and runs to the next title, heading or prose. A page that repeats the title of the
// declaration before it without a new 项目名称 / 单位名称 row continues that declaration.
import { filledCells, type TextLine } from '@ziping/core';
import { squash } from '../text.ts';

/** Where a declaration is in the document's lines. */
export interface Region {
  /** Index into the lines: first line of the declaration (its code line or title). */
  start: number;
  /** Index one past its last line. */
  end: number;
  /** Index of the first line after the title block (where the table starts). */
  body: number;
  title: string;
  year: number | null;
}

const CODE = /^(?:附?表|部门公开表)\s*(?:\d+|[一二三四五六七八九十]+)(?:\s*[-－—]\s*\d+)?$/;
/** `表15 一级项目支出绩效目标申报表`: a code printed on the title's line. */
const CODE_PREFIX = /^(?:附?表|部门公开表)(?:\d+|[一二三四五六七八九十]+)(?:[-－—]\d+)?[：:]?(?=\D)/;
const YEAR = /^[（(]?(\d{4})\s*年度?[)）]?$/;
const UNIT = /^(?:金额)?单位[：:]\s*(?:万元|元)$/;
/** A row that names what is declared: a new declaration, never a continued page. */
const IDENTITY = /^(项目名称|部门（单位）名称|部门\(单位\)名称|单位名称|部门名称)$/;

/** The line's text when it is a lone title-like cell (`## 一级项目…申报表`, or one non-empty cell of a tabbed line). */
function loneText(l: TextLine): string | null {
  const cells = l.cells.filter((c) => c.text.trim() !== '');
  if (cells.length !== 1) return null;
  return squash(cells[0]!.text).replace(/^#+/, '');
}

/** 绩效目标表, 绩效目标申报表, 项目支出绩效目标表, 整体支出绩效目标表 — not a self-evaluation (自评) form. */
export function isTargetTitle(l: TextLine): string | null {
  const t = loneText(l);
  if (!t || t.length > 40 || /[，。,；;]/.test(t) || /自评|评价/.test(t)) return null;
  if (/^([-*•·]|\d+[.、．]|[一二三四五六七八九十]+、)/.test(t)) return null; // a table of contents entry
  const title = t.replace(CODE_PREFIX, '');
  return /(绩效目标(申报)?表|目标申报表)([（(]\d{4}年度?[)）])?$/.test(title) ? title : null;
}

const isBlank = (l: TextLine) => l.text.trim() === '';
const isTabbed = (l: TextLine) => filledCells(l) > 1;

/** Prose or a heading of something else: the declaration has ended. */
function endsHere(l: TextLine): boolean {
  if (isTabbed(l) || isBlank(l)) return false;
  const t = l.text.trim();
  if (/^#/.test(t)) return true; // a heading that is not a target title (those are checked first)
  if (/自评表|绩效评价/.test(t) && t.length <= 60) return true;
  return t.length > 40 || /[。；]$/.test(t);
}

/**
 * Whether line i lies in one of the regions (`start` ≤ i < `end`), the lines marked once, so
 * a long document with many forms is not searched region by region for every line.
 */
export function inRegions(lines: number, regions: Pick<Region, 'start' | 'end'>[]): (i: number) => boolean {
  const marked = new Uint8Array(lines);
  for (const r of regions) marked.fill(1, Math.max(0, Math.ceil(r.start)), Math.min(lines, Math.ceil(r.end)));
  return (i) => (Number.isInteger(i) && i >= 0 && i < lines ? marked[i] === 1 : regions.some((r) => i >= r.start && i < r.end));
}

export function findTargetRegions(lines: TextLine[], taken: Pick<Region, 'start' | 'end'>[]): Region[] {
  const inTaken = inRegions(lines.length, taken);
  const prevNonBlank = (i: number) => {
    for (let j = i - 1; j >= 0; j--) if (!isBlank(lines[j]!)) return j;
    return -1;
  };
  // a title's block starts at its code line when one is printed just before it
  const startOf = (t: number) => {
    const p = prevNonBlank(t);
    return p >= 0 && !inTaken(p) && CODE.test(squash(lines[p]!.text)) ? p : t;
  };

  const regions: Region[] = [];
  let i = 0;
  while (i < lines.length) {
    const title = inTaken(i) ? null : isTargetTitle(lines[i]!);
    if (!title) { i++; continue; }
    let body = i + 1;
    let year = yearOf(title);
    for (; body < lines.length; body++) {
      const l = lines[body]!;
      if (isBlank(l)) continue;
      const s = squash(l.text);
      const y = YEAR.exec(s);
      if (y) { year ??= Number(y[1]); continue; }
      if (UNIT.test(s)) continue;
      break;
    }
    let end = body;
    while (end < lines.length && !inTaken(end) && !isTargetTitle(lines[end]!) && !endsHere(lines[end]!)) end++;
    if (end < lines.length && isTargetTitle(lines[end]!)) end = Math.max(body, startOf(end));
    while (end > body && isBlank(lines[end - 1]!)) end--;

    // a title with no table under it (a list of tables, a mention in a heading) declares nothing
    if (!lines.slice(body, end).some(isTabbed)) { i = Math.max(end, i + 1); continue; }
    const prev = regions.at(-1);
    const hasIdentity = lines.slice(body, end).some((l) => l.cells.some((c) => IDENTITY.test(squash(c.text))));
    if (prev && prev.title === title && !hasIdentity && !lines.slice(prev.end, startOf(i)).some((l) => !isBlank(l))) {
      prev.end = end; // a further page of the same declaration
    } else {
      regions.push({ start: startOf(i), end, body, title, year });
    }
    i = Math.max(end, i + 1);
  }
  return regions;
}

function yearOf(title: string): number | null {
  const m = /(\d{4})\s*年/.exec(title);
  return m ? Number(m[1]) : null;
}
