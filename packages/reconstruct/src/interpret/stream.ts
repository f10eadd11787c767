// An indicator block whose cells a reader met in reading order but could not put in rows
// (plain pdftotext: LayoutParagraph.interleaved). Each column keeps its top-to-bottom order
// even where the columns interleave, so the block is read as a stream of cells: every row
// ends in a 分值 / 得分 pair of bare numbers, the value cells the header names stand right
// before that pair, and the names, which may come before or after their values, are paired
// with the rows in order. Only where that pairing is exact is the block read; otherwise the
// caller reports the form as unreadable. Text of a column the form does not keep (备注) is told
// from the names by where it stands (`namesByRow`); a block whose next page is printed column by
// column is read on where that page checks out (`readColumnRest`), else marked read in part.
import type { LayoutCell } from '@ziping/core';
import { isBareNumber, parseNumber } from '../text.ts';
import { readColumnRest } from './column-groups.ts';
import { freshCells, type Row } from './rows.ts';
import { readTail } from './tail.ts';
import { joinLabelPieces, joinWrappedDates, num, tokenOf, type Tok } from './stream-tokens.ts';
import {
  attachmentOf, indicatorField, isGrade, isGradeLabel, isPlaceholder, isTotalLabel, levelOf, metaField, sectionKind, titleKind, type IndicatorField,
} from './vocabulary.ts';

export interface StreamHeader {
  values: IndicatorField[]; height: number; labels: ReadonlySet<string>;
  /** A column the form does not keep (备注, 评分标准): its text cells stand among the names. */
  extra?: boolean;
}

export const NOT_VALUES: ReadonlySet<IndicatorField> = new Set(['level1', 'level2', 'name', 'deviation', 'ignore']);
/**
 * A row's cells in reading order: a paragraph's as far as its spacing tells, a table row's as
 * the reader placed them (a reader may have taken part of the block for a table).
 */
export function lineCells(row: Row): LayoutCell[] {
  if (!row.paragraph) return freshCells(row);
  const cell = row.slots[0]!;
  return (row.parts ?? cell.text.split(' ')).filter((t) => t !== '').map((text) => ({ ...cell, text }));
}

/** Lines of header labels only, one or a few per line, naming a name column and 分值 / 得分. */
export function streamHeader(rows: Row[], i: number): StreamHeader | null {
  if (!rows[i]?.interleaved) return null;
  const fields: IndicatorField[] = [];
  const texts = new Set<string>();
  let h = 0;
  for (; i + h < rows.length; h++) {
    // a unit wrapped out of its label (`权重` / `（%）`) says nothing of the columns
    const labels = lineCells(rows[i + h]!).filter((c) => !/^[(（][^)）]*[)）]$/.test(c.text)).map((c) => indicatorField(c.text));
    if (labels.length === 0 || labels.some((f) => f == null)) break;
    fields.push(...(labels as IndicatorField[]));
    lineCells(rows[i + h]!).forEach((c) => texts.add(c.text));
  }
  if (!fields.includes('name') || !fields.includes('weight') || !fields.includes('score')) return null;
  // 年度指标值 over 指标方向 / 指标值 / 计量单位 names no cell of its own
  const split = fields.includes('target_value');
  const values = fields.filter((f) => !NOT_VALUES.has(f) && f !== 'weight' && f !== 'score' && !(split && f === 'target'));
  return values.length > 0 ? { values, height: h, labels: texts, extra: fields.includes('ignore') } : null;
}


/** Which token kinds a value field takes. */
const FITS: Partial<Record<IndicatorField, Tok['kind'][]>> = {
  target_direction: ['dir'], target_op: ['dir', 'figure'], target_value: ['num', 'figure', 'text'], target_unit: ['text'],
};
const fits = (f: IndicatorField, t: Tok) => (FITS[f] ?? ['num', 'figure', 'text']).includes(t.kind);
// a qualitative target (定性 持续提升) prints no unit, a split target may print no direction
const OPTIONAL: ReadonlySet<IndicatorField> = new Set(['target_unit', 'target_direction', 'target_op']);

/** The value cells right before a row's 分值: the header's value fields matched from the right. */
function matchValues(fields: IndicatorField[], toks: Tok[]): Map<IndicatorField, Tok> | null {
  const go = (f: number, t: number, got: Map<IndicatorField, Tok>): Map<IndicatorField, Tok> | null => {
    if (f < 0) return got;
    const field = fields[f]!;
    const tok = toks[t];
    // a unit stands right after its figure
    if (tok && fits(field, tok) && (field !== 'target_unit' || ['num', 'figure'].includes(toks[t - 1]?.kind ?? ''))) {
      const r = go(f - 1, t - 1, new Map(got).set(field, tok));
      if (r) return r;
    }
    return OPTIONAL.has(field) ? go(f - 1, t, got) : null;
  };
  return go(fields.length - 1, toks.length - 1, new Map());
}

export interface StreamRow { name: Tok; values: Map<IndicatorField, Tok>; weight: Tok; score: Tok; deviation: Tok[]; at: number }
export interface StreamRead {
  rows: StreamRow[]; levels: { tok: Tok; at: number }[]; total: LayoutCell | null; grade: LayoutCell | null; end: number;
  /** Where the block goes on past what was read (it stopped short of its total): see `unreadRest`. */
  unread?: LayoutCell | null;
  /** Rows whose levels are settled apart from the labels' sharing (a column-by-column group). */
  fixed?: FixedLevels[];
}
/** A row's levels, each null where it cannot be told; `family` the 一级 its 二级 belongs to. */
export interface FixedLevels { at: number; one: Tok | null; two: Tok | null; family: string | null }

/**
 * The stream from row `i` to the total (总分 / 合计) and grade, or null when its rows and names
 * do not pair up.
 */
export function readStream(rows: Row[], i: number, h: StreamHeader): StreamRead | null {
  const toks: Tok[] = [];
  let end = i;
  let total: LayoutCell | null = null;
  let grade: LayoutCell | null = null;
  let stopped = false;
  const afterTotal: Tok[] = [];
  const late: Tok[] = [];
  const cells: LayoutCell[] = [];
  for (; end < rows.length; end++) {
    const here = lineCells(rows[end]!);
    if (here.length === 0) continue;
    if (isTotalLabel(here[0]!.text)) {
      const end0 = end;
      // the total's figures follow on the lines after it, the grade after its label
      let k = end + 1;
      scan: for (; k < rows.length && k < end + 6; k++) {
        for (const c of lineCells(rows[k]!)) {
          if (typeof parseNumber(c.text) === 'number') total = c;
          else if (isGradeLabel(c.text)) continue;
          else if (isGrade(c.text)) { grade = c; k++; break scan; }
          // the last line of a deviation, centred lower than the total's figures, before the grade
          else if (total && /。$/.test(c.text)) { late.push(tokenOf(c.text, c)); continue; }
          else break scan;
        }
      }
      end = k;
      // 分值 / 得分 of the last rows printed as blocks below the total's label (each block ends
      // in its total): every bare number up to the grade or the next form
      for (let q = end; q < rows.length && q < end0 + 30; q++) {
        const line = lineCells(rows[q]!);
        const t = line[0]?.text ?? '';
        if (line.length === 0) continue;
        if (titleKind(t) || attachmentOf(t) || line.some((c) => metaField(c.text) === 'project')) break;
        if (line.some((c) => isGrade(c.text))) {
          if (afterTotal.length > 0) { grade ??= line.find((c) => isGrade(c.text))!; end = q + 1; }
          break;
        }
        if (line.every((c) => isBareNumber(c.text))) { afterTotal.push(...line.map((c) => tokenOf(c.text, c))); end = q + 1; }
      }
      break;
    }
    if (sectionKind(here[0]!.text) === 'end') break;
    // the next form's title, or its key lines printed before its title
    if (titleKind(here[0]!.text) || metaField(here[0]!.text) === 'project') { stopped = true; break; }
    // the header printed again on a new page (a name may read as a column the form lacks: `…完成率`)
    if (isHeaderLine(here, h)) {
      // only its name columns (一级 / 二级 / 三级指标): the page goes on column by column, which
      // the stream cannot read; the block ends here, read in part
      if (!repeatsWhole(rows, end, h)) { stopped = true; break; }
      continue;
    }
    cells.push(...here);
  }
  // in reading order, whichever block the reader put a cell in
  cells.sort((a, b) => a.prov.line - b.prov.line);
  for (const c of cells) {
    // a level label wrapped over lines (`服务对象满意度` / `指标`) is one label
    const last = toks.at(-1);
    if (last?.kind === 'level' && levelOf(last.text + c.text)) { last.text += c.text; last.end = c; continue; }
    // a bare `指标` may end a wrapped level label (joined below, else dropped as a placeholder)
    if (sectionKind(c.text) !== 'indicators' || isPlaceholder(c.text)) toks.push(tokenOf(c.text, c));
  }
  const pieces = new Set(toks);
  joinLabelPieces(toks);
  // lines that print a level label (a name on such a line stands right of it)
  const onLevel = new Set([...toks.filter((t) => t.kind === 'level'), ...[...pieces].filter((t) => !toks.includes(t))].map((t) => lineKey(t.cell)));
  for (let k = toks.length - 1; k >= 0; k--) if (isPlaceholder(toks[k]!.text)) toks.splice(k, 1);
  joinWrappedDates(toks);
  /** Where the rows that paired up end, the last pairing having gone wrong at a figure for a name. */
  let badEnd: number | null = null;
  const pairUp = (toks: Tok[]): { out: StreamRow[]; levels: { tok: Tok; at: number }[] } | null => {
    badEnd = null;
    const out: StreamRow[] = [];
    const names: { tok: Tok; at: number }[] = [];
    const levels: { tok: Tok; at: number }[] = [];
    const spare: { tok: Tok; at: number }[] = [];
    const said: { tok: Tok; at: number }[] = [];
    /** Where each row's 分值 / 得分 pair ends in the stream. */
    const ends: number[] = [];
    let from = 0;
    for (let a = 0; a + 1 < toks.length; a++) {
      if (toks[a]!.kind !== 'num' || toks[a + 1]!.kind !== 'num') continue;
      // the values right before the pair, past what the previous row took
      const before = (end: number) => toks.slice(from, end).filter((t) => t.kind !== 'level' && t.kind !== 'sentence');
      const matched = matchValues(h.values, before(a));
      if (!matched) continue;
      const vals = [...matched.values()];
      // a run of three numbers (`实际值 分值 得分`): the pair is the last two where they read as one
      const next = toks[a + 2];
      if (next?.kind === 'num' && num(next) <= num(toks[a + 1]!) && matchValues(h.values, before(a + 1))) continue;
      const rowAt = out.length;
      for (const t of toks.slice(from, a)) {
        if (vals.includes(t)) continue;
        if (t.kind === 'level') levels.push({ tok: t, at: rowAt - 0.5 });
        else if (t.kind === 'sentence') said.push({ tok: t, at: rowAt });
        else spare.push({ tok: t, at: rowAt });
      }
      out.push({ name: null as unknown as Tok, values: matched, weight: toks[a]!, score: toks[a + 1]!, deviation: [], at: rowAt });
      from = a + 2;
      ends.push(from);
      a++;
    }
    // after the last row: names printed below their values, then deviation text
    const tail: { tok: Tok; at: number }[] = [];
    for (const t of toks.slice(from)) {
      if (t.kind === 'level') levels.push({ tok: t, at: out.length - 0.5 });
      else if (t.kind === 'text') tail.push({ tok: t, at: out.length });
      else if (t.kind === 'sentence') said.push({ tok: t, at: out.length });
    }
    // the last row's name read as a level label (`服务对象满意度` under `服务对象满意度指标`): a
    // label met again after the last row, with no other name there
    if (out.length > 0 && tail.length === 0 && (h.extra || spare.length < out.length)) {
      const k = lastIndex(levels, (l) => l.at === out.length - 0.5 && levels.some((o) => o !== l && o.at < l.at && bareLabel(o.tok.text) === bareLabel(l.tok.text)));
      if (k >= 0) tail.push({ tok: { ...levels[k]!.tok, kind: 'text' }, at: out.length }), levels.splice(k, 1);
    }
    // a parenthesised share (`（80%）`) is the rest of a merged 一级 label (`绩效指标（80%）`), never a name
    const notShare = (n: { tok: Tok }) => !SHARE.test(n.tok.text);
    const byRow = h.extra ? namesByRow(out.length, [...spare, ...tail].filter(notShare), toks, ends, onLevel) : null;
    names.push(...(byRow ?? [...spare, ...tail].filter(notShare)));
    // a row that lost points may print its deviation's first line above its name (centred)
    while (names.length > out.length) {
      const r = out.find((x) => num(x.score) < num(x.weight) && names.filter((n) => n.at === x.at).length > 1);
      if (r) {
        const q = names.findIndex((n) => n.at === r.at);
        r.deviation.unshift(names[q]!.tok);
        names.splice(q, 1);
        continue;
      }
      // the end of a long name wrapped onto a line of its own (`…开展传习活` / `动`)
      const q = names.findIndex((n, k) => k > 0 && [...n.tok.text].length <= 3 && n.at - names[k - 1]!.at <= 1 && [...names[k - 1]!.tok.text].length >= 8);
      if (q < 0) {
        // what the rows' names leave after the last row is deviation text
        if (!tail.includes(names.at(-1)!)) break;
        said.push(names.pop()!);
        continue;
      }
      const prev = names[q - 1]!.tok;
      names[q - 1] = { ...names[q - 1]!, tok: { ...prev, text: prev.text + names[q]!.tok.text } };
      names.splice(q, 1);
    }

    if (out.length === 0 || names.length !== out.length) return null;
    // a figure (`246人`) is a value, never a name: the pairing went wrong from that row on
    const bad = names.findIndex((n) => n.tok.kind === 'figure' || n.tok.kind === 'num');
    if (bad >= 0) { badEnd = bad > 0 ? ends[bad - 1]! : null; return null; }
    shareDeviations(out, said);
    out.forEach((r, q) => { r.name = names[q]!.tok; });
    return { out, levels };
  };
  let got = pairUp(toks);
  let fixed: FixedLevels[] | undefined;
  // rows whose last part prints its cells column by column, or its 分值 / 得分 as blocks at the
  // end: read where the printed totals check out (see tail.ts)
  const sums = (rs: StreamRow[]) => [rs.reduce((x, r) => x + num(r.weight), 0), rs.reduce((x, r) => x + num(r.score), 0)];
  const checks = got && total && afterTotal.length === 0 && Math.abs(sums(got.out)[0]! - (parseNumber(total.text) as number)) < 0.005;
  if (!checks && !stopped) {
    const alt = readTail(toks, afterTotal, h.values, pairUp);
    if (alt) {
      got = alt;
      fixed = alt.fixed.length > 0 ? alt.fixed : undefined;
      total = alt.total.cell;
    }
  }
  // the rows before a pairing that went wrong, read where they pair up on their own; the rest
  // is left unread (the form keeps its PARSE warning)
  let cutAt: Tok | null = null;
  if (!got && !fixed) {
    got = pairUp(toks);
    const cut = badEnd as number | null;
    if (!got && cut != null) {
      got = pairUp(toks.slice(0, cut));
      if (got) { cutAt = toks[cut] ?? null; total = null; grade = null; }
    }
  }
  if (!got) return null;
  const { out, levels } = got;
  // that last line goes on with the last row's deviation where it is still open
  const last = out.at(-1);
  if (last && late.length > 0 && num(last.score) < num(last.weight) && last.deviation.length > 0 && !/。$/.test(last.deviation.at(-1)!.text)) last.deviation.push(...late);
  // a level label printed on a name's line stands at that row; one wrapped onto a second line
  // (`服务对象满意` / `度指标`) at the row whose name its last line prints (a one-row cell's
  // two lines straddle the row's middle), or, that line printed alone (`标`), at the row whose
  // 分值 / 得分 it follows
  const onLine = (c: LayoutCell | undefined) => c ? out.findIndex((r) => lineKey(r.name.cell) === lineKey(c)) : -1;
  const before = (a: LayoutCell, b: LayoutCell) => a.prov.page < b.prov.page || (a.prov.page === b.prov.page && a.prov.line < b.prov.line);
  for (const l of levels) {
    const end = l.tok.end;
    let q = onLine(end);
    if (q < 0 && end) q = lastIndex(out, (r) => before(r.score.cell, end));
    if (q < 0) q = onLine(l.tok.cell);
    if (q >= 0) l.at = q;
  }
  // the rest printed column by column after a page break
  let j = end;
  while (stopped && j < rows.length && titleKind(lineCells(rows[j]!)[0]?.text ?? '')) j++;
  const rest = stopped ? readColumnRest(rows, j, out) : null;
  if (rest) {
    out.push(...rest.rows);
    levels.push(...rest.levels);
    return { rows: out, levels, total: rest.total.cell, grade, end: rest.end, unread: null, fixed };
  }
  if (cutAt) return { rows: out, levels, total: null, grade: null, end, unread: cutAt.cell, fixed };
  return { rows: out, levels, total, grade, end, unread: stopped ? unreadRest(rows, end) : null, fixed };
}

const lastIndex = <T>(xs: T[], p: (x: T) => boolean): number => { for (let k = xs.length - 1; k >= 0; k--) if (p(xs[k]!)) return k; return -1; };
const lineKey = (c: LayoutCell) => `${c.prov.page}:${c.prov.line}`;
const bareLabel = (t: string) => t.replace(/指标$/, '');
const SHARE = /^[(（]\s*\d+(?:\.\d+)?\s*%\s*[)）]$/;

/**
 * The rows' names where a column the form does not keep (备注) prints text among them. Between
 * two rows' 分值 / 得分 pairs stand first what follows the row above (its remark, its name where
 * a level label printed on its line put it after its values), then what leads the row below (the
 * first line of a remark of two lines, then its name, right before its values). So each row's
 * name is the last text of its stretch that follows every name on a level label's line, else
 * the stretch's last such name; a row whose name is not before its values takes the first name
 * on a level label's line after them (after the last row: the first text). A short text right
 * after a pair, where the stretch before it held two texts (a remark and a name), is the end of
 * the longer, wrapped. Everything else is the kept-out column's. Null where a row finds no name.
 */
export function namesByRow(n: number, cands: { tok: Tok; at: number }[], toks: Tok[], ends: number[], onLevel: ReadonlySet<string>): { tok: Tok; at: number }[] | null {
  const list = cands.map((c) => ({ ...c }));
  const L = (c: { tok: Tok }) => onLevel.has(lineKey(c.tok.cell));
  // wrapped ends joined first
  for (let q = list.length - 1; q >= 0; q--) {
    const c = list[q]!;
    if (c.at === 0 || [...c.tok.text].length > 5 || toks.indexOf(c.tok) !== ends[c.at - 1]) continue;
    const prev = list.filter((o) => o.at === c.at - 1);
    if (prev.length !== 2) continue;
    const head = [...prev].sort((a, b) => [...b.tok.text].length - [...a.tok.text].length)[0]!;
    head.tok = { ...head.tok, text: head.tok.text + c.tok.text };
    list.splice(q, 1);
  }
  const names: ({ tok: Tok; at: number } | undefined)[] = new Array(n).fill(undefined);
  for (let r = 0; r <= n; r++) {
    const here = list.filter((c) => c.at === r);
    let after = 0;
    if (r > 0 && !names[r - 1]) {
      const k = r === n ? 0 : here.findIndex(L);
      if (k < 0 || !here[k]) return null;
      names[r - 1] = here[k];
      after = k + 1;
    }
    if (r === n) break;
    const rest = here.slice(after);
    const lastL = lastIndex(rest, L);
    const pick = rest.slice(lastL + 1).at(-1) ?? (lastL >= 0 ? rest[lastL] : undefined);
    names[r] = pick;
  }
  return names.every((x) => x) ? (names as { tok: Tok; at: number }[]) : null;
}

const isHeaderLine = (here: LayoutCell[], h: StreamHeader): boolean =>
  here.every((c) => indicatorField(c.text)) && here.some((c) => indicatorField(c.text) !== 'ignore' || h.labels.has(c.text));

/** Whether the header lines repeated from row `i` name the 分值 / 得分 columns too, as the header does. */
function repeatsWhole(rows: Row[], i: number, h: StreamHeader): boolean {
  const fields = new Set<IndicatorField>();
  for (let k = i; k < rows.length; k++) {
    const here = lineCells(rows[k]!).filter((c) => !/^[(（][^)）]*[)）]$/.test(c.text));
    if (here.length === 0 || !isHeaderLine(here, h)) break;
    here.forEach((c) => fields.add(indicatorField(c.text)!));
  }
  return fields.has('weight') && fields.has('score');
}

/**
 * Where an indicator block that stopped short goes on: at a header printed in part, or at a title
 * that was a running head over the block's next page (its header, level labels, names or total
 * follow before anything of another form), printed in a way the stream could not read on. The
 * first such cell, else null.
 */
export function unreadRest(rows: Row[], from: number): LayoutCell | null {
  for (let k = from; k < rows.length; k++) {
    const cells = lineCells(rows[k]!);
    if (cells.length === 0) continue;
    const t = cells[0]!.text;
    // the next form: its attachment line, its key/value rows; or the form's closing sections
    if (attachmentOf(t) || sectionKind(t) === 'end' || cells.some((c) => ['project', 'department'].includes(metaField(c.text) ?? ''))) return null;
    const goesOn = (c: LayoutCell) =>
      isTotalLabel(c.text) || levelOf(c.text) != null || ['name', 'level1', 'level2'].includes(indicatorField(c.text) ?? '');
    const at = cells.find(goesOn);
    if (at) return at;
  }
  return null;
}

/**
 * Deviation text between two rows' values: the lower lines of the row above and the upper lines
 * of the row below (a cell's text is centred on its row). Only a row that lost points has any;
 * where both did, the row above's text ends with its sentence.
 */
function shareDeviations(rows: StreamRow[], said: { tok: Tok; at: number }[]): void {
  const lost = (r: StreamRow | undefined) => !!r && num(r.score) < num(r.weight);
  for (let k = 0; k <= rows.length; k++) {
    // in reading order: a name's leftover taken for text comes back to its place among them
    const here = said.filter((p) => p.at === k).map((p) => p.tok).sort((a, b) => a.cell.prov.page - b.cell.prov.page || a.cell.prov.line - b.cell.prov.line);
    if (here.length === 0) continue;
    const above = rows[k - 1];
    const below = rows[k];
    let cut = lost(above) && !lost(below) ? here.length : !lost(above) && lost(below) ? 0 : here.length;
    if (lost(above) && lost(below)) {
      cut = 0;
      here.forEach((t, q) => { if (/[。；;]$/.test(t.text)) cut = q + 1; });
    }
    if (above) above.deviation.push(...here.slice(0, cut));
    if (below) below.deviation.push(...here.slice(cut));
    else if (above) above.deviation.push(...here.slice(cut));
  }
}

