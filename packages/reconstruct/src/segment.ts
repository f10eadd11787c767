// Find the forms in a document: each starts at its title (…自评表) and ends at its total
// line; a table piece that ends in a total line but has no title is a headless fragment.
import { filledCells, type FormKind, type TextLine } from '@ziping/core';
import { clean, squash, yearIn } from './text.ts';
import { isTotalLabel } from './vocab.ts';
import { findTargetRegions } from './target/regions.ts';

/** `target`: a performance-target declaration (绩效目标申报表), see target/. */
export type Layout = 'tabbed' | 'spaced' | 'target';

export interface Region {
  /** Index into the document's lines: first line of the form (its title, or the fragment's first row). */
  start: number;
  /** Index one past the form's last line. */
  end: number;
  /** Index of the first line after the title block (where the table starts). */
  body: number;
  title: string | null;
  attachment: string | null;
  year: number | null;
  kind: FormKind;
  fragment: boolean;
  layout: Layout;
}

const ATTACHMENT = /^附件\s*(\d+(?:\s*[-－—]\s*\d+)*)$/;
const YEAR_LINE = /^[（(]\s*(\d{4})\s*年度?\s*[)）]$/;
const isTitle = (t: string) =>
  /自评表([（(]\d{4}年度?[)）])?$/.test(squash(t)) && !/[，。,；;]/.test(t) && squash(t).length <= 80;
export const isTabbed = (l: TextLine) => l.cells.length > 1;
/** At most one non-empty cell: a title may be a table's full-width first row in a PDF. */
const isOneCell = (l: TextLine) => filledCells(l) <= 1;
const firstCell = (l: TextLine) => l.cells.find((c) => c.text !== '')?.text ?? '';
export const isTotalLine = (l: TextLine) => isTotalLabel(isTabbed(l) ? firstCell(l) : l.text.trim());

/** A total row whose 总分 label was lost: only a score and a grade (`92.28 优`). */
export const isUnlabelledTotal = (l: TextLine) => {
  const cells = l.cells.map((c) => c.text).filter((t) => t !== '');
  return cells.length === 2 && /^\d+(\.\d+)?$/.test(cells[0]!) && /^[优良中差]$/.test(cells[1]!);
};

export function segment(lines: TextLine[]): Region[] {
  const regions: Region[] = [];
  const blank = (i: number) => lines[i]!.text.trim() === '';
  const prevNonBlank = (i: number, floor: number) => {
    for (let j = i - 1; j >= floor; j--) if (!blank(j)) return j;
    return -1;
  };

  let floor = 0; // nothing before this index belongs to a new form
  let i = 0;
  while (i < lines.length) {
    const text = lines[i]!.text.trim();
    if (isOneCell(lines[i]!) && isTitle(text)) {
      let title = clean(text);
      let start = i;
      // A title wrapped over two lines ("…预算项目（政策）" / "绩效目标自评表").
      const p = prevNonBlank(i, floor);
      if (p >= 0 && /^绩效/.test(squash(text)) && isOneCell(lines[p]!)) {
        const pt = lines[p]!.text.trim();
        if (!ATTACHMENT.test(squash(pt)) && pt.length < 40 && !/[。；]/.test(pt) && squash(pt).length > 2) {
          title = clean(pt) + title;
          start = p;
        }
      }
      let attachment: string | null = null;
      for (let j = start - 1; j >= floor; j--) {
        const m = ATTACHMENT.exec(squash(lines[j]!.text));
        if (m) { attachment = `附件 ${m[1]!.replace(/[－—]/g, '-')}`; break; }
      }
      let body = i + 1;
      let year = yearIn(title);
      const n = nextNonBlank(lines, i + 1);
      if (n >= 0) {
        const m = YEAR_LINE.exec(squash(lines[n]!.text));
        if (m) { year = Number(m[1]); body = n + 1; }
      }
      const end = findEnd(lines, body);
      regions.push({
        start, end, body, title, attachment, year,
        kind: /整体/.test(title) ? 'department' : 'project',
        fragment: false,
        layout: layoutOf(lines, body, end),
      });
      floor = end;
      i = end;
      continue;
    }
    if (isTabbed(lines[i]!)) {
      const frag = fragmentAt(lines, i);
      if (frag) {
        regions.push(frag);
        floor = frag.end;
        i = frag.end;
        continue;
      }
    }
    i++;
  }
  // target declarations are found outside the self-evaluation forms; all in document order
  return [...regions, ...findTargetRegions(lines, regions)].sort((a, b) => a.start - b.start);
}


function nextNonBlank(lines: TextLine[], from: number): number {
  for (let j = from; j < lines.length; j++) if (lines[j]!.text.trim() !== '') return j;
  return -1;
}

/** A form ends at its total line, or just before the next title if the total is missing. */
function findEnd(lines: TextLine[], from: number): number {
  for (let j = from; j < lines.length; j++) {
    const l = lines[j]!;
    if (isTotalLine(l) || isUnlabelledTotal(l)) return j + 1;
    if (isOneCell(l) && isTitle(l.text.trim())) return j;
    if (/^(项目绩效分析|备注)/.test(squash(firstCell(l)))) return j;
  }
  return lines.length;
}

/**
 * A run of table lines that reaches a total line without a title or a header row before it:
 * a page torn from a longer form. Prose (an untabbed non-blank line) breaks the run.
 */
function fragmentAt(lines: TextLine[], from: number): Region | null {
  for (let j = from; j < lines.length; j++) {
    const l = lines[j]!;
    const t = l.text.trim();
    if (t === '') continue;
    if (!isTabbed(l)) {
      // the (C)/(D) continuation lines of a subtotal are tabbed; anything else ends the run
      return null;
    }
    if (isHeaderRow(l)) return null;
    if (isTotalLine(l)) {
      return { start: from, end: j + 1, body: from, title: null, attachment: null, year: null, kind: 'project', fragment: true, layout: 'tabbed' };
    }
  }
  return null;
}

const isHeaderRow = (l: TextLine) => {
  const s = squash(l.text);
  return /一级指标|二级指标/.test(s) && /三级|指标名称|得分|分值|权重/.test(s);
};

function layoutOf(lines: TextLine[], from: number, to: number): Layout {
  let tabbed = 0;
  let nonBlank = 0;
  for (let j = from; j < to; j++) {
    if (lines[j]!.text.trim() === '') continue;
    nonBlank++;
    if (isTabbed(lines[j]!)) tabbed++;
  }
  return tabbed >= nonBlank * 0.3 && tabbed > 0 ? 'tabbed' : 'spaced';
}
