// The form interpreter: walks the document's rows once, classifying each as a title, a
// key/value metadata row, a funding header or row, a goals or tasks block, an indicator
// header or row, a total / grade row, or what follows a form (conclusion, signatures).
// It knows the vocabulary (vocabulary.json), never the source format.
import type { AnomalyX, FormX, LayoutBlock, LayoutCell } from '@ziping/core';
import {
  fillBackUp, finish, isEmpty, lastLineOf, misspeltFindings, newForm, readMeta, readTotalOrGrade, tornFinding, unknownFinding, unreadableFinding, type Building,
} from './form-state.ts';
import { driftFundingHeader, fundingHeader, fundingRow, marginRow, refineFundingHeader, transposedHeader, transposedRow } from './funding.ts';
import { indicatorHeader, type IndicatorHeader } from './indicator-header.ts';
import { bestWrapped, continueRow, indicatorRow, setLevel } from './indicators.ts';
import { readColumnGroups } from './column-groups.ts';
import { readStream, streamHeader, type StreamRead } from './stream.ts';
import { readSplitStream } from './stream-split.ts';
import { markPartial, partialFinding, streamLevels, toIndicator } from './stream-levels.ts';
import { joinCells } from './align.ts';
import { attachedTitle, headerEcho, indicatorLike, namesAnother, startsForm } from './row-kinds.ts';
import { pairKeyColumns } from './key-column.ts';
import { readAllFundingColumns } from './stream-funding.ts';
import { captionAt, takeCaption, trailingCaption } from './captions.ts';
import { continueAbove, deviationHead, figuresBelow, shiftPiece, splitUnit, startsDeviation } from './wrapped.ts';
import { carryOn, continueDeviation, headerTail, isPieceRow, looseRow, splitPieces } from './pieces.ts';
import { parseNumber, yearIn } from '../text.ts';
import { freshCells, provOf, rowsOf, type Row } from './rows.ts';
import { attachmentOf, isPlaceholder, labelKey, levelOf, metaField, sectionKind, titleKind, unitOf, yearLine, type FormKind } from './vocabulary.ts';

export interface Interpreted {
  forms: FormX[];
  findings: AnomalyX[];
}

export function interpretForms(blocks: LayoutBlock[]): Interpreted {
  const rows = pairKeyColumns(rowsOf(blocks));
  const done: Building[] = [];
  const st: { cur: Building | null } = { cur: null };
  // a target declaration (目标申报表) is left to the declaration reader (target/): skipped here
  let inTarget = false;
  let attachment: string | null = null;
  // A title opens its form once something of the form follows: a running head that repeats
  // the title above a repeated indicator header continues the form instead.
  let pending: { kind: Exclude<FormKind, 'target'>; title: string; at: LayoutCell; year: number | null; seen: boolean } | null = null;
  const titles = new Set<string>();
  // key/value lines printed above the title (plain text dumps put them first): the next form takes them
  let orphan: Building | null = null;

  const close = () => {
    if (st.cur) {
      continueDeviation(st.cur.form.indicators.at(-1), st.cur.pieces);
      done.push(st.cur);
    }
    st.cur = null;
  };
  const open = (kind: Exclude<FormKind, 'target'>, title: string | null, at: LayoutCell, fragment: boolean) => {
    close();
    inTarget = false;
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

  const passed = new Set<Row>();
  for (let i = 0; i < rows.length; i++) {
    // a caption pushed into the last row of the table above (a flattened source): a row of its own
    const tc = st.cur?.mode === 'indicators' ? trailingCaption(rows, i) : null;
    if (tc) rows.splice(i, 1, tc.row, { ...tc.row, slots: [tc.caption] });
    const row = rows[i]!;
    if (passed.has(row)) continue;
    const cells = freshCells(row);
    if (cells.length === 0) continue;
    const lone = cells.length === 1 ? cells[0]! : null;
    // a loose source splits a heading at its spaces too (`附件 2-1`)
    let line = lone ?? (row.loose && cells.length <= 3 ? joinCells(cells) : null);
    // an attachment label printed on its title's line (`附件 3-1　项目支出绩效自评表`): titles end
    // in their kind's words, so only a line that reads as a title as a whole is split
    const attached = line && titleKind(line.text) ? attachedTitle(line.text) : null;
    if (line && attached) {
      attachment = attached.attachment;
      line = { ...line, text: attached.title };
    }

    if (line) {
      const kind = titleKind(line.text);
      if (kind === 'target') {
        close();
        inTarget = true;
        continue;
      }
      if (kind) {
        // a title printed over two lines (`2021年某局预算项目（政策）` / `绩效目标自评表`): its first line names the year
        const head = yearIn(line.text) == null && i > 0 && rows[i - 1]!.paragraph ? freshCells(rows[i - 1]!)[0] : undefined;
        const year = head && head.text.length <= 40 && !/[。；，]/.test(head.text) ? yearIn(head.text) : null;
        pending = { kind, title: line.text, at: line, year, seen: titles.has(line.text) };
        titles.add(line.text);
        inTarget = false;
        continue;
      }
      const att = attachmentOf(line.text);
      if (att) { attachment = att; continue; }
      const y = pending ? yearLine(line.text) : null;
      if (pending && y != null) { pending.year = y; continue; }
    }
    if (inTarget) continue;

    const header = indicatorHeader(rows, i);
    if (pending) {
      const c = st.cur;
      const repeated = header && pending.seen && c && c.header && c.form.total_score == null;
      if (c && isUntitledStart(c)) {
        entitle(c, pending, attachment);
        attachment = null;
      } else if (!repeated) open(pending.kind, pending.title, pending.at, false).form.year ??= pending.year;
      pending = null;
    }
    // plain pdftotext: an indicator block whose cells come one after another, read as a stream
    const reading = st.cur != null && st.cur.mode !== 'after';
    const sh = row.paragraph && reading ? streamHeader(rows, i) : null;
    // or drawn column group by column group: the second part's rows are passed over later
    const groups = !sh && row.interleaved && reading ? readColumnGroups(rows, i) : null;
    // or with its header come apart, its names and values in flows of their own
    const split = !sh && !groups && row.interleaved && reading ? readSplitStream(rows, i) : null;
    const read = sh ? readStream(rows, i + sh.height, sh) : groups ?? split;
    if (read) {
      readStreamInto(st.cur!, read);
      if (groups) { groups.skip.forEach((r) => passed.add(r)); st.cur!.mode = 'meta'; }
      i = read.end - 1;
      continue;
    }
    if (header) {
      // a header repeated on a new page continues the form; after a finished form it starts a fragment
      const c = st.cur;
      const goesOn = c && (c.form.indicators.length === 0 || c.form.total_score == null);
      const b: Building = c && goesOn ? c : open('project', null, cells[0]!, true);
      if (b.header?.signature !== header.signature) {
        b.header = header;
        b.unknown.push(...header.unknown);
      } else if (!sameColumns(b.header, header)) b.header = header; // the same header over other columns (a table of its own)
      b.mode = 'indicators';
      b.lastLine = lastLineOf(rows[i + header.height - 1]!);
      i += header.height - 1;
      b.loose = row.loose === true;
      if (b.loose) i += headerTail(rows, i + 1, b.header!);
      continue;
    }
    // the caption of a stacked indicator table: the 一级 label of its rows
    const caption = reading ? captionAt(rows, i) : null;
    if (caption) { takeCaption(st.cur!.levels, caption); continue; }
    // a form without a title starts at its first key/value row
    const finished = st.cur && (st.cur.mode === 'after' || (st.cur.form.project != null && st.cur.form.indicators.length > 0));
    if ((!st.cur || finished) && (startsForm(row) || namesAnother(row, st.cur))) open('project', null, cells[0]!, false);
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
      // `单位：万元`, or the unit of a block label wrapped onto a line of its own (`项目资金` / `（元）`)
      const u = unitOf(lone.text);
      if (u && !b.form.amount_unit && (/单位/.test(lone.text) || /^\(万?元\)$/.test(labelKey(lone.text)))) b.form.amount_unit = u;
    }
    if (readTotalOrGrade(b, row)) continue;
    if (b.mode === 'indicators' && b.header) {
      if (row.paragraph) {
        // a cell's line a page break cut off: the end of the row above, or the start of the next row's deviation
        const label = b.levels.last && levelOf(b.levels.last.text + lone!.text);
        if (!b.loose && !label && continueAbove(b.form.indicators.at(-1), lone!, b.lastLine)) continue;
        if (!b.loose && !label && startsDeviation(lone!) && rows[i + 1] && !rows[i + 1]!.paragraph) { b.devHead.push(lone!); continue; }
        // a flattened source may print a merged level label on a line of its own; a loose one
        // prints a wrapped cell's lines on their own too
        if (b.loose && !levelOf(lone!.text) && !isPlaceholder(lone!.text)) b.pieces.push(lone!);
        else setLevel(b.levels, lone!);
        continue;
      }
      b.loose = row.loose === true;
      if (b.loose && isPieceRow(cells)) { b.pieces.push(joinCells(cells)); continue; }
      // the header's lower rows printed apart from it by a dump (`绩效 | 运算符号 | 内容 | 度量单位 | 经费保障`)
      if (headerEcho(cells)) continue;
      const first = cells[0]!;
      if (sectionKind(first.text) === 'end' || (lone && /[。；]$/.test(lone.text) && cells[0]!.colSpan > 2)) { b.mode = 'after'; continue; }
      const prev = b.form.indicators.at(-1);
      if (prev) shiftPiece(row, b.header, prev);
      if (prev && (continueRow(row, b.header, prev) || figuresBelow(row, b.header, prev))) { b.lastLine = lastLineOf(row); continue; }
      let wrapped: LayoutCell[] = [];
      if (b.pieces.length > 0) {
        const split = splitPieces(b.pieces);
        wrapped = bestWrapped(row, b.header, split.readings);
        continueDeviation(prev, wrapped.length > 0 ? split.before : b.pieces);
        b.pieces = [];
      }
      const ind = indicatorRow(splitUnit(row, b.header), b.header, b.levels, wrapped);
      const head = b.devHead.splice(0);
      if (ind) {
        deviationHead(ind, head);
        if (row.approximate && b.levels.printed1) fillBackUp(b, ind);
        b.form.indicators.push(ind);
        b.printed1.push(b.levels.printed1 === true);
        b.lastLine = lastLineOf(row);
      }
      continue;
    }
    // a torn page after a finished form: indicator rows with no title or header of their own are
    // a fragment, read with the columns of the last indicator header
    if (b.mode === 'after' && b.header && b.form.total_score != null && indicatorLike(row)) {
      const f = open('project', null, cells[0]!, true);
      f.header = b.header;
      f.torn = true;
      f.mode = 'indicators';
      f.loose = row.loose === true;
      i--;
      continue;
    }
    if (b.mode === 'after') continue;

    // a tasks block (年度主要任务 | 工作名称 | 对应项目 | 年初预算数 …) is no funding block
    const fh = sectionKind(cells[0]!.text) === 'tasks' ? null : fundingHeader(row);
    if (fh) {
      b.funding = fh;
      b.mode = 'funding';
      b.form.amount_unit ??= fh.unit;
      b.unknown.push(...fh.unknown);
      b.lastLine = lastLineOf(row);
      // a header of up to three rows (labels wrapped over lines)
      for (let more = 0; more < 2 && rows[i + 1] && refineFundingHeader(fh, rows[i + 1]!); more++) i++;
      driftFundingHeader(fh, row, rows.slice(i + 1, i + 40));
      continue;
    }
    const th = transposedHeader(row);
    if (th) { b.transposed = th; b.mode = 'transposed'; continue; }
    if (b.mode === 'funding' && b.funding) {
      // the label of another block (预期目标) ends the funding block, never stands in its margin
      const other = sectionKind(cells[0]!.text);
      if ((other == null || other === 'funding') && marginRow(row, b.funding)) continue;
      const carried = b.carry && (row.paragraph || row.loose) ? carryOn(b.carry, cells) : null;
      const f = fundingRow(carried ? looseRow(row, carried) : row, b.funding);
      b.form.amount_unit ??= unitOf(b.funding.margin.join(''));
      if (f) {
        if (carried) b.form.funding[b.form.funding.length - 1] = f;
        else b.form.funding.push(f);
        b.carry = carried ?? (row.loose ? cells : null);
        b.lastLine = lastLineOf(row);
        continue;
      }
      // a line with a label and no figure inside the block (年度部门预算支出小计（一+二）) goes on to the next
      if (lone && !row.paragraph && !sectionKind(lone.text) && !metaField(lone.text) && parseNumber(lone.text) === undefined
        && rows[i + 1] && !rows[i + 1]!.paragraph && fundingRow(rows[i + 1]!, b.funding)) continue;
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
    if (readMeta(b, row, rows[i + 1])) b.mode = 'meta';
  }
  close();
  readAllFundingColumns(rows, done);

  const forms: FormX[] = [];
  const findings: AnomalyX[] = [];
  for (const b of done) {
    const unreadable = b.interleaved >= 3 && b.form.indicators.length === 0;
    if (isEmpty(b.form) && !unreadable) continue;
    finish(b);
    const index = forms.length;
    forms.push(b.form);
    if (b.unknown.length > 0) findings.push(unknownFinding(b, index));
    findings.push(...misspeltFindings(b, index));
    if (unreadable) findings.push(unreadableFinding(b, index));
    if (b.torn) findings.push(tornFinding(b, index));
    if (b.form.partial) findings.push(partialFinding(b.form, index));
  }
  return { forms, findings };
}

/** Two headers of the same fields over the same column spans. */
const sameColumns = (a: IndicatorHeader, b: IndicatorHeader): boolean =>
  a.columns.length === b.columns.length && a.columns.every((c, k) => c.from === b.columns[k]!.from && c.to === b.columns[k]!.to);

/** A form opened by its key/value rows, before anything else: a title printed after them names it. */
const isUntitledStart = (b: Building): boolean =>
  b.form.title == null && !b.form.fragment && b.form.funding.length === 0 && b.form.indicators.length === 0;

function entitle(b: Building, t: { kind: 'project' | 'department'; title: string; at: LayoutCell; year: number | null }, attachment: string | null): void {
  b.form.kind = t.kind;
  b.form.title = t.title;
  b.form.attachment ??= attachment;
  b.form.year ??= t.year ?? yearIn(t.title);
}

function readStreamInto(b: Building, read: StreamRead): void {
  const list = read.rows.map(toIndicator);
  streamLevels(read, list);
  b.form.indicators.push(...list);
  markPartial(b.form, read);
  b.printed1.push(...list.map(() => false));
  if (read.total && b.form.total_score == null) {
    b.form.total_score = parseNumber(read.total.text) as number;
    b.form.prov.total_score = provOf(read.total.prov);
  }
  if (read.grade && b.form.grade == null) {
    b.form.grade = read.grade.text;
    b.form.prov.grade = provOf(read.grade.prov);
  }
  b.mode = 'after';
}
