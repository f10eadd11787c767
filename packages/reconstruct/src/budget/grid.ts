// A budget table whose cells sit in their columns (a layout table's grid: spreadsheets, web
// pages, PDFs, tab dumps): headers (one or two levels) give the column paths and each row's
// amounts sit under them already; a group header, merged over its children, spans right.
import type { BudgetRowX, TextLine } from '@ziping/core';
import { provOf } from '../form.ts';
import { clean, parseNumber, squash } from '../text.ts';
import { fit, joinCjk, type Part } from './part.ts';

const isAmount = (s: string) => typeof parseNumber(s) === 'number';
const LABEL_HEADER = /^(?:项目|项目名称|科目名称|科目编码|品目编码|功能分类科目编码|经济分类科目编码)$/;
const isCodeHeader = (s: string) => /编码|代码/.test(squash(s));
/** The 栏次 row (`栏次  1  2  3`) that numbers the columns under the header. */
const isColumnNumbers = (l: TextLine) => {
  const cells = l.cells.map((c) => squash(c.text)).filter((t) => t !== '');
  return /^栏次$/.test(cells[0] ?? '') || (cells.length >= 2 && cells.every((t, i) => t === String(i + 1)));
};
/** A header row printed again inside the body (a page break without a new title). */
const isRepeatedHeader = (l: TextLine, head: TextLine[]) => head.some((h) => squash(h.text) === squash(l.text));

/**
 * A row's code from its code cells: one 科目编码 cell, or 类 / 款 / 项 cells where a lower
 * level prints only its own digits (`01`) and takes the levels above from the rows before.
 */
export function codeOf(parts: string[], above: string[]): { code: string; parts: string[] } | null {
  const last = parts.map((p) => p !== '').lastIndexOf(true);
  if (last < 0) return null;
  const full = parts.slice(0, last + 1).map((p, i) => (p !== '' ? p : above[i] ?? ''));
  let code = '';
  for (const p of full) code = p.startsWith(code) && code !== '' ? p : code + p;
  return { code, parts: full };
}
const isSideMarker = (s: string) => /^(?:收入|支出)$/.test(squash(s));

/** `inherited`: the header of the table's first page, for a page that starts with rows. */
export function readGrid(lines: TextLine[], inherited: TextLine[] = []): Part {
  const rows = lines.filter((l) => l.text.trim() !== '');
  const width = Math.max(0, ...rows.map((l) => l.cells.length), ...inherited.map((l) => l.cells.length));
  const cell = (l: TextLine, c: number) => l.cells[c]?.text.trim() ?? '';
  const first = rows.findIndex((l) => l.cells.some((c) => isAmount(c.text)) && !isColumnNumbers(l));
  const own = (first < 0 ? rows : rows.slice(0, first)).filter((l) => !l.cells.every((c) => c.text.trim() === '' || isSideMarker(c.text)));
  const head = own.length === 0 ? inherited : own;
  const body = first < 0 ? [] : rows.slice(first).filter((l) => !isColumnNumbers(l));

  // column paths: a group header spans right over the blank cells above its children
  const paths: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    head.forEach((l, r) => {
      let t = cell(l, c);
      const below = head.slice(r + 1).some((h) => cell(h, c) !== '');
      if (t === '' && below) {
        for (let k = c - 1; k >= 0; k--) {
          const left = cell(l, k);
          if (left === '') continue;
          if (head.slice(r + 1).some((h) => cell(h, k) !== '')) t = left;
          break;
        }
      }
      if (t !== '') parts.push(joinCjk(t));
    });
    paths.push(parts.join('/'));
  }

  // sides (收入 | 支出) or panels (编码 名称 决算数, three times across): a label header repeated
  const kinds = [...Array(width).keys()].map((c) => {
    const h = head.map((l) => squash(cell(l, c))).find((t) => LABEL_HEADER.test(t));
    return h ?? null;
  });
  const repeated = kinds.find((k, c) => k !== null && kinds.indexOf(k, c + 1) > c) ?? null;
  const cuts = repeated === null ? [0] : kinds.flatMap((k, c) => (k === repeated ? [c] : []));
  if (cuts[0] !== 0) cuts[0] = 0;
  const bounds = cuts.map((a, i): [number, number] => [a, cuts[i + 1] ?? width]);

  const sides = bounds.map(([a, b]) => {
    const cols = [...Array(b - a).keys()].map((k) => a + k);
    const codeCols = cols.filter((c) => isCodeHeader(paths[c]!) || /^(?:类|款|项)$/.test(squash(paths[c]!.split('/').pop() ?? '')));
    const valueCols = cols.filter((c) => !codeCols.includes(c) && !/行次|栏次/.test(squash(paths[c]!))
      && body.some((l) => isAmount(cell(l, c)))
      && body.every((l) => cell(l, c) === '' || parseNumber(cell(l, c)) !== undefined));
    const textCols = cols.filter((c) => !codeCols.includes(c) && !valueCols.includes(c));
    const out: BudgetRowX[] = [];
    let lastLabel: string | null = null;
    let lastCode: string[] = [];
    for (const l of body) {
      if (isRepeatedHeader(l, head)) continue;
      const parts = codeCols.map((c) => squash(cell(l, c)));
      const code = codeOf(parts, lastCode);
      if (code !== null) lastCode = code.parts;
      let labelCell = textCols.map((c) => cell(l, c)).find((t) => t !== '') ?? null;
      const embedded = code === null && labelCell !== null ? /^(\d{3}(?:\d{2}){0,4})\s*([^\d\s.、．].*)$/.exec(labelCell) : null;
      if (embedded) labelCell = embedded[2]!;
      const values = valueCols.map((c) => {
        const v = parseNumber(cell(l, c));
        return typeof v === 'number' ? v : null;
      });
      if (labelCell === null && code === null && values.every((v) => v === null)) continue;
      const label: string = labelCell !== null ? clean(labelCell) : (code === null ? lastLabel : null) ?? '';
      if (labelCell !== null) lastLabel = label;
      out.push({ code: code?.code ?? embedded?.[1] ?? null, label, values, prov: provOf(l) });
    }
    return { out, columns: valueCols.map((c) => paths[c]!) };
  });
  const main = sides.reduce((a, s) => (s.columns.length >= a.columns.length ? s : a), sides[sides.length - 1]!);
  const n = main.columns.length;
  return {
    head,
    columns: main.columns,
    sides: sides.map((s) => s.out.map((r) => ({ ...r, values: fit(r.values, n) }))),
  };
}
