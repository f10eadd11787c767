// The form interpreter: walks the document's rows once, classifying each as a title, a
// key/value metadata row, a funding header or row, a goals or tasks block, an indicator
// header or row, a total / grade row, or what follows a form (conclusion, signatures).
// It knows the vocabulary (vocabulary.json), never the source format.
import type { AnomalyX, FormX, IndicatorX, LayoutBlock, LayoutCell } from '@ziping/core';
import { parseFinding } from '../form.ts';
import { parseNumber } from '../text.ts';
import { fundingHeader, fundingRow, refineFundingHeader, transposedHeader, transposedRow, type FundingHeader, type TransposedHeader } from './funding.ts';
import { indicatorHeader, indicatorRow, type IndicatorHeader, type Levels } from './indicators.ts';
import { cellsOf, freshCells, provOf, rightOf, rowsOf, type Row } from './rows.ts';
import {
  attachmentOf, isGrade, isGradeLabel, isTotalLabel, metaField, sectionKind, titleKind, unitOf, yearLine, type FormKind,
} from './vocabulary.ts';

type Mode = 'meta' | 'funding' | 'transposed' | 'skip' | 'indicators' | 'after';

interface Building {
  form: FormX;
  mode: Mode;
  funding: FundingHeader | null;
  transposed: TransposedHeader | null;
  header: IndicatorHeader | null;
  levels: Levels;
  unknown: LayoutCell[];
  lastLine: number;
  /** Per indicator: its row printed its own 一级 label. */
  printed1: boolean[];
  /** Table cells the reader could not place in rows, met inside the form (see LayoutParagraph.interleaved). */
  interleaved: number;
}

export interface Interpreted {
  forms: FormX[];
  findings: AnomalyX[];
  /** Line ranges of target declarations, left to the declaration reader. */
  targets: { start: number; end: number }[];
}

export function interpretForms(blocks: LayoutBlock[]): Interpreted {
  const rows = rowsOf(blocks);
  const done: Building[] = [];
  const targets: { start: number; end: number }[] = [];
  const st: { cur: Building | null } = { cur: null };
  let inTarget: { start: number; end: number } | null = null;
  let attachment: string | null = null;
  // A title opens its form once something of the form follows: a running head that repeats
  // the title above a repeated indicator header continues the form instead.
  let pending: { kind: Exclude<FormKind, 'target'>; title: string; at: LayoutCell; year: number | null } | null = null;
  // key/value lines printed above the title (plain text dumps put them first): the next form takes them
  let orphan: Building | null = null;

  const close = () => {
    if (st.cur) done.push(st.cur);
    st.cur = null;
  };
  const open = (kind: Exclude<FormKind, 'target'>, title: string | null, at: LayoutCell, fragment: boolean) => {
    close();
    inTarget = null;
    const b = newForm(kind, title, at, fragment);
    if (!fragment) {
      b.form.attachment = attachment;
      attachment = null;
      for (const f of ['project', 'department', 'implementer'] as const) {
        if (orphan?.form[f] == null) continue;
        b.form[f] = orphan.form[f];
        b.form.prov[f] = orphan.form.prov[f]!;
      }
    }
    orphan = null;
    st.cur = b;
    return b;
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const cells = freshCells(row);
    if (cells.length === 0) continue;
    const line = cells[0]!.prov.line;
    const lone = cells.length === 1 ? cells[0]! : null;

    if (lone) {
      const kind = titleKind(lone.text);
      if (kind === 'target') {
        close();
        inTarget = { start: line, end: line };
        targets.push(inTarget);
        continue;
      }
      if (kind) { pending = { kind, title: lone.text, at: lone, year: null }; inTarget = null; continue; }
      const att = attachmentOf(lone.text);
      if (att) { attachment = att; continue; }
      const y = pending ? yearLine(lone.text) : null;
      if (pending && y != null) { pending.year = y; continue; }
    }
    if (inTarget) { inTarget.end = Math.max(inTarget.end, lastLineOf(row)); continue; }

    const header = indicatorHeader(rows, i);
    if (pending) {
      const c = st.cur;
      const repeated = header && c && c.header && c.form.total_score == null;
      if (!repeated) {
        const b = open(pending.kind, pending.title, pending.at, false);
        b.form.year ??= pending.year;
      }
      pending = null;
    }
    if (header) {
      // a header repeated on a new page continues the form; after a finished form it starts a fragment
      const c = st.cur;
      const goesOn = c && (c.form.indicators.length === 0 || c.form.total_score == null);
      const b: Building = c && goesOn ? c : open('project', null, cells[0]!, true);
      if (b.header?.signature !== header.signature) {
        b.header = header;
        b.unknown.push(...header.unknown);
      }
      b.mode = 'indicators';
      b.lastLine = lastLineOf(rows[i + header.height - 1]!);
      i += header.height - 1;
      continue;
    }
    if (!st.cur || (st.cur.mode === 'after' && st.cur.form.total_score != null && row.paragraph)) {
      orphan ??= newForm('project', null, cells[0]!, false);
      readMeta(orphan, row);
      if (!st.cur) continue;
    }
    const b: Building = st.cur;
    if (row.interleaved) b.interleaved++;
    // prose after a finished form ends it: later tables belong to the report, not the form
    if (b.mode === 'after' && row.paragraph && b.form.total_score != null) { close(); continue; }
    if (lone && b.mode !== 'indicators') {
      const y = yearLine(lone.text);
      if (y != null) { b.form.year ??= y; continue; }
      const u = unitOf(lone.text);
      if (u && !b.form.amount_unit && /单位/.test(lone.text)) b.form.amount_unit = u;
    }
    if (readTotalOrGrade(b, row)) continue;
    if (b.mode === 'indicators' && b.header) {
      if (row.paragraph) continue;
      const first = cells[0]!;
      if (sectionKind(first.text) === 'end' || (lone && /[。；]$/.test(lone.text) && cells[0]!.colSpan > 2)) { b.mode = 'after'; continue; }
      const ind = indicatorRow(row, b.header, b.levels);
      if (ind) {
        if (row.approximate && b.levels.printed1) fillBackUp(b, ind);
        b.form.indicators.push(ind);
        b.printed1.push(b.levels.printed1 === true);
        b.lastLine = lastLineOf(row);
      }
      continue;
    }
    if (b.mode === 'after') continue;

    const fh = fundingHeader(row);
    if (fh) {
      b.funding = fh;
      b.mode = 'funding';
      b.form.amount_unit ??= fh.unit;
      b.unknown.push(...fh.unknown);
      b.lastLine = lastLineOf(row);
      if (rows[i + 1] && refineFundingHeader(fh, rows[i + 1]!)) i++;
      continue;
    }
    const th = transposedHeader(row);
    if (th) { b.transposed = th; b.mode = 'transposed'; continue; }
    if (b.mode === 'funding' && b.funding) {
      const f = fundingRow(row, b.funding);
      b.form.amount_unit ??= unitOf(b.funding.margin.join(''));
      if (f) { b.form.funding.push(f); b.lastLine = lastLineOf(row); continue; }
      b.mode = 'meta';
    }
    if (b.mode === 'transposed' && b.transposed) {
      if (transposedRow(row, b.transposed, b.form.funding)) { b.lastLine = lastLineOf(row); continue; }
      b.mode = 'meta';
    }
    const section = sectionKind(cells[0]!.text);
    if (section === 'goals' || section === 'tasks') { b.mode = 'skip'; continue; }
    if (section === 'funding') {
      const u = unitOf(cells[0]!.text);
      if (u) b.form.amount_unit ??= u;
    }
    if (readMeta(b, row)) b.mode = 'meta';
  }
  close();

  const forms: FormX[] = [];
  const findings: AnomalyX[] = [];
  for (const b of done) {
    const unreadable = b.interleaved >= 3 && b.form.indicators.length === 0;
    if (isEmpty(b.form) && !unreadable) continue;
    finish(b);
    const index = forms.length;
    forms.push(b.form);
    if (b.unknown.length > 0) findings.push(unknownFinding(b, index));
    if (unreadable) findings.push(unreadableFinding(b, index));
  }
  return { forms, findings, targets };
}

function newForm(kind: 'project' | 'department', title: string | null, at: LayoutCell, fragment: boolean): Building {
  const y = title ? /(\d{4})\s*年/.exec(title) : null;
  const form: FormX = {
    kind, attachment: null, title, year: y ? Number(y[1]) : null, project: null, department: null, implementer: null,
    amount_unit: null, funding: [], indicators: [], budget_score: null, total_score: null, grade: null, fragment,
    prov: { form: provOf(at.prov) },
  };
  const b: Building = { form, mode: 'meta', funding: null, transposed: null, header: null, levels: { level1: null, level2: null, cell1: null, cell2: null }, unknown: [], lastLine: at.prov.line, printed1: [], interleaved: 0 };
  return b;
}

/**
 * A flattened source prints a merged 一级 label on the middle row of its block: the rows
 * above it in the same 二级 block that only inherited a label take this one.
 */
function fillBackUp(b: Building, ind: IndicatorX): void {
  const list = b.form.indicators;
  for (let k = list.length - 1; k >= 0; k--) {
    const prev = list[k]!;
    if (b.printed1[k] || prev.level2 !== ind.level2 || prev.level1 === ind.level1) break;
    prev.level1 = ind.level1;
    if (ind.prov.level1) prev.prov.level1 = ind.prov.level1;
  }
}

const lastLineOf = (row: Row): number => Math.max(...cellsOf(row).map((c) => c.prov.lineEnd ?? c.prov.line));

/**
 * Key/value cells: a label the vocabulary knows, its value the next cell to the right. In a
 * row that starts with a known label, the cells in label places (every other one) that the
 * vocabulary does not know are reported, their values left unread.
 */
function readMeta(b: Building, row: Row): boolean {
  const cells = freshCells(row);
  if (row.paragraph) return readMetaLine(b, cells[0]!);
  let read = false;
  const pairs = cells.length % 2 === 0 && metaField(cells[0]!.text) != null;
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k]!;
    const field = metaField(cell.text);
    if (!field) {
      if (pairs && k % 2 === 0 && parseNumber(cell.text) === undefined) { b.unknown.push(cell); k++; }
      continue;
    }
    read = true;
    const value = rightOf(row, cell);
    if (!value || metaField(value.text)) continue;
    k++;
    if (field === 'ignore') continue;
    if (b.form[field] != null) continue;
    b.form[field] = field === 'project' ? value.text : dropCode(value.text);
    b.form.prov[field] = provOf(value.prov);
  }
  if (read) b.lastLine = Math.max(b.lastLine, lastLineOf(row));
  return read;
}

/** A line `项目名称：某项目` or `项目名称 某项目` (text dumps print key and value on one line). */
function readMetaLine(b: Building, cell: LayoutCell): boolean {
  const m = /^(\S{2,12}?)(?:[:：]\s*|\s+)(\S.*)$/.exec(cell.text);
  const field = m ? metaField(m[1]!) : null;
  if (!m || !field) return false;
  if (field !== 'ignore' && b.form[field] == null) {
    b.form[field] = field === 'project' ? m[2]! : dropCode(m[2]!);
    b.form.prov[field] = provOf(cell.prov);
  }
  return true;
}

/** `412-深圳市医疗保障局` → the name; a bare organisation code is dropped from the front. */
const dropCode = (s: string): string => s.replace(/^\[?\d{3,}\]?\s*[-－—]?\s*(?=\D)/, '');

/** A total row (总分 / 合计 … the last number) or a grade row (自评等级 优); true when read. */
function readTotalOrGrade(b: Building, row: Row): boolean {
  if (b.mode !== 'indicators' && b.mode !== 'after') return false;
  const cells = freshCells(row);
  let hit = false;
  // a total row whose 总分 label was lost: only figures and a grade (`92.28 优`)
  const unlabelled = b.mode === 'indicators' && cells.some((c) => isGrade(c.text)) && cells.every((c) => isGrade(c.text) || typeof parseNumber(c.text) === 'number');
  if (b.form.total_score == null && (isTotalLabel(cells[0]!.text) || unlabelled)) {
    const nums = cells.slice(unlabelled ? 0 : 1).filter((c) => typeof parseNumber(c.text) === 'number' && !/%$/.test(c.text));
    const total = nums.at(-1);
    if (total) {
      b.form.total_score = parseNumber(total.text) as number;
      b.form.prov.total_score = provOf(total.prov);
      hit = true;
    }
  }
  for (const c of cells) {
    if (!isGradeLabel(c.text)) continue;
    const v = rightOf(row, c);
    if (v && isGrade(v.text)) {
      b.form.grade = v.text;
      b.form.prov.grade = provOf(v.prov);
      hit = true;
    }
  }
  if (hit) {
    const g = cells.find((c) => isGrade(c.text));
    if (b.form.grade == null && g) { b.form.grade = g.text; b.form.prov.grade = provOf(g.prov); }
    b.mode = 'after';
    b.lastLine = Math.max(b.lastLine, lastLineOf(row));
  }
  return hit;
}

/**
 * A title with nothing under it (a report heading that reads like one), or a headless
 * indicator table that never reaches a total: a table quoted in a report, not a form.
 */
const isEmpty = (f: FormX): boolean =>
  (f.project == null && f.department == null && f.funding.length === 0 && f.total_score == null && (f.fragment || f.indicators.length === 0))
  || (f.fragment && !f.indicators.some((i) => i.weight != null || i.score != null));

function finish(b: Building): void {
  const f = b.form;
  const scored = f.funding.find((r) => r.score != null) ?? null;
  if (scored) {
    f.budget_score = scored.score;
    if (scored.prov.score) f.prov.budget_score = scored.prov.score;
  }
  f.prov.form = { ...f.prov.form!, lineEnd: Math.max(b.lastLine, f.prov.form!.line) };
}

function unreadableFinding(b: Building, form: number): AnomalyX {
  const at = b.form.prov.form!;
  return {
    ...parseFinding(`第${at.page}页第${at.line}行起的表格在此来源中单元格按阅读顺序交错（如不保留版面的 pdftotext 文本），无法可靠地还原行列，指标与资金未读取；请改用PDF原件或保留版面的文本。`,
      [{ field: 'form', value: b.form.title, prov: at }]),
    form,
  };
}

function unknownFinding(b: Building, form: number): AnomalyX {
  const names = b.unknown.map((c) => `“${c.text}”（第${c.prov.page}页第${c.prov.line}行）`);
  return {
    ...parseFinding(`表中有未识别的标签：${names.join('、')}，其所在列的值未读取；请在词表 vocabulary.json 中补充。`,
      b.unknown.map((c) => ({ field: 'label', value: c.text, prov: provOf(c.prov) }))),
    form,
  };
}
