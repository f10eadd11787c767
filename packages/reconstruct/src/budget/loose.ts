// Budget tables whose rows are loose (a layout table's cells guessed from single spaces:
// pdftotext and text copied from a PDF viewer), so blank cells left no trace. The header gives
// the column names and, on its 栏次 line, how many amount columns each side has; rows are
// cut into segments (code, label, 行次, amounts) and the amounts placed by arithmetic.
import type { BudgetRowX, TextLine } from '@ziping/core';
import { provOf } from '../form.ts';
import { squash } from '../text.ts';
import { isPageNumber } from './blocks.ts';
import { buildColumns, headerTokens, normaliseHeader } from './columns.ts';
import { fit, joinCjk, type Part } from './part.ts';
import { place, type Hint } from './place.ts';
import { decimalsOf, segments, tokenize, type Segment } from './tokens.ts';

export interface LooseOptions {
  /** Decimals the document's amounts print (tables whose amounts all run into codes cannot tell). */
  decimals?: number;
  /** Hints from the tables before this one, for the given columns. */
  hints?: (columns: string[]) => Hint;
  /** The header of the table's first page, for a page that starts with rows. */
  inherited?: TextLine[];
}

/** `栏次 1 栏次 2 3 4 5`, `1 2 … 12`: the column numbers, 1, 2, 3… in order. */
const isColumnNumbers = (t: string): boolean => {
  if (!/^(?:栏次|\d+|\s)+$/.test(t)) return false;
  const ns = t.match(/\d+/g)?.map(Number) ?? [];
  return ns.length >= 1 && ns.every((n, i) => n === i + 1) && (/栏次/.test(t) || ns.length >= 2);
};
const CODE_LED = /^\d{3}(?:\d{2}){0,4}\s+[^\d\s]/;
const MARKER = /^(?:项目|行次|栏次)$/;
const TOTAL = /^(?:合计|总计|小计)$|合计$|总计$/;
/** A row of the income side (收入, 拨款, 上年结转…), when a line holds only one side. */
const isIncomeLabel = (label: string): boolean => /收入|拨款|上年结|年初结|结余/.test(label) && !/支出/.test(label);
/** In a code table every item row has a code: a bare label below a coded row is its wrapped tail. */
const isWrappedTail = (seg: Segment, prev: Segment): boolean =>
  seg.code === null && seg.rowNo === null && seg.label !== '' && !TOTAL.test(seg.label) && !/^[一二三四五六七八九十]+、|^\d+[.、]/.test(seg.label)
  && prev.code !== null && (prev.values.length === 0 || seg.values.length === 0);

interface Side { names: string[]; count: number | null }
interface Header { bodyAt: number; sides: Side[]; twoSided: boolean; codes: boolean; codeParts: boolean; rowNumbers: boolean; panels: number }
interface Entry { seg: Segment; line: TextLine; lineEnd?: TextLine }

/** Where the body starts, and what the header says about the columns. */
function readHeader(texts: string[], d: number): Header {
  // a row: led by a code, or holding amounts (whole amounts: text, then numbers to the end)
  const isRow = (t: string) => {
    if (CODE_LED.test(t)) return true;
    const ks = tokenize(t, d);
    if (ks.some((k) => k.kind === 'amt')) return true;
    return d === 0 && ks.length > 1 && ks[ks.length - 1]!.kind !== 'text' && ks.filter((k) => k.kind === 'int').length >= 2;
  };
  // the header ends at the 栏次 line, else at the first row (a 合计 printed blank counts when a row follows)
  const firstRow = texts.findIndex((t, i) => (isRow(t) || (/^(?:合计|总计)$/.test(t) && (i + 1 === texts.length || isRow(texts[i + 1]!)))));
  let numbersAt = texts.findIndex(isColumnNumbers);
  if (numbersAt > firstRow && firstRow >= 0) numbersAt = -1;
  const bodyAt = numbersAt >= 0 ? numbersAt + 1 : firstRow >= 0 ? firstRow : texts.length;
  const head = texts.slice(0, numbersAt >= 0 ? numbersAt : bodyAt).filter((t) => !/^收入\s+支出$/.test(t));
  const joined = squash(head.join(''));
  // a code column: named in the header, or most rows start with a 3/5/7-digit code and a label
  const codeLed = texts.slice(bodyAt).filter((t) => CODE_LED.test(t)).length;
  const codes = /编码/.test(joined) || codeLed >= Math.max(2, (texts.length - bodyAt) * 0.3);
  const panels = codes ? Math.max(1, (joined.match(/科目名称/g) ?? []).length) : 1;

  // names per side (项目 opens each side); counts from the 栏次 line
  const toks = headerTokens(head).filter((t) => !/^(?:类|款|项|类款项)$/.test(t));
  const marks = toks.map((t, i) => (t === '项目' ? i : -1)).filter((i) => i >= 0);
  const counts = numbersAt >= 0
    ? texts[numbersAt]!.split('栏次').map((g) => g.trim().split(/\s+/).filter((w) => /^\d+$/.test(w)).length).filter((k) => k > 0)
    : [];
  const namesIn = (from: number, to?: number) => toks.slice(from, to).filter((t) => !MARKER.test(t));
  const twoSided = marks.length >= 2;
  const names = namesIn(0);
  const sides: Side[] = twoSided
    ? [
      { names: namesIn(marks[0]! + 1, marks[1]), count: counts.length >= 2 ? counts[0]! : null },
      { names: namesIn(marks[1]! + 1), count: counts.length >= 2 ? counts[1]! : counts[0] ?? null },
    ]
    : [{ names: panels > 1 ? names.slice(0, Math.ceil(names.length / panels)) : names, count: counts.length === 1 ? counts[0]! : null }];
  return { bodyAt, sides, twoSided, codes, codeParts: /类款项/.test(joined), rowNumbers: /行次/.test(joined), panels };
}

/** Each line's segments → rows by side (two-sided), by panel (codes side by side), or in order. */
function distribute(lines: { line: TextLine; segs: Segment[] }[], h: Header): Entry[][] {
  const out: Entry[][] = Array.from({ length: h.twoSided ? 2 : h.panels > 1 ? h.panels + 1 : 1 }, () => []);
  const lastCode: (string | null)[] = new Array(h.panels).fill(null);
  for (const { line, segs } of lines) {
    if (h.twoSided) {
      if (segs.length >= 2) { out[0]!.push({ seg: segs[0]!, line }); out[1]!.push({ seg: segs[1]!, line }); }
      else if (segs.length === 1) out[isIncomeLabel(segs[0]!.label) ? 0 : 1]!.push({ seg: segs[0]!, line });
      continue;
    }
    if (h.panels === 1) {
      for (const seg of segs) {
        const prev = out[0]![out[0]!.length - 1];
        if (h.codes && prev && prev.line !== line && isWrappedTail(seg, prev.seg)) {
          prev.seg.label += seg.label;
          if (prev.seg.values.length === 0) prev.seg.values = seg.values;
          prev.lineEnd = line;
          continue;
        }
        // a row that prints only figures belongs to the unit above (年度 rows of a 三公 table)
        if (seg.label === '' && seg.code === null && prev && prev.line !== line && prev.seg.label !== '' && !h.codes) seg.label = prev.seg.label;
        out[0]!.push({ seg, line });
      }
      continue;
    }
    // panels: a code continues the panel whose last code it follows; rows without a code close the table
    const free = new Set([...Array(h.panels).keys()]);
    const coded = segs.filter((x) => x.code).length;
    for (const seg of segs) {
      if (!seg.code) { out[h.panels]!.push({ seg, line }); continue; }
      const fits = [...free].filter((p) => lastCode[p] === null || (seg.code!.slice(0, 3) === lastCode[p]!.slice(0, 3) && seg.code! > lastCode[p]!));
      const p = coded === h.panels || fits.length === 0 ? Math.min(...free) : Math.min(...fits);
      free.delete(p);
      lastCode[p] = seg.code;
      out[p]!.push({ seg, line });
    }
  }
  return out;
}

export function readLoose(all: TextLine[], opt: LooseOptions = {}): Part {
  let lines = all.filter((l) => l.text.trim() !== '' && !isPageNumber(l.text));
  let texts = lines.map((l) => normaliseHeader(l.text.trim()));
  const d = opt.decimals ?? decimalsOf(texts);
  let h = readHeader(texts, d);
  if (h.bodyAt === 0 && opt.inherited?.length) {
    // a later page that starts with rows: read it under the first page's header
    lines = [...opt.inherited, ...lines];
    texts = lines.map((l) => normaliseHeader(l.text.trim()));
    h = readHeader(texts, d);
  }
  const head = lines.slice(0, h.bodyAt);
  // a header printed again after a page break, the 栏次 line, a bare page number: not rows
  const headSet = new Set(texts.slice(0, h.bodyAt).map(squash));
  const codeParts = h.codeParts ? { last: null } : undefined;
  const body = lines.slice(h.bodyAt).flatMap((line, k) => {
    const t = texts[h.bodyAt + k]!;
    if (headSet.has(squash(t)) || isColumnNumbers(t) || (d > 0 && /^\d{1,3}$/.test(t))) return [];
    return [{ line, segs: segments(tokenize(t, d), { codes: h.codes || h.codeParts, rowNumbers: h.rowNumbers, codeParts }) }];
  });
  const bySide = distribute(body, h);

  const layouts = (h.twoSided ? h.sides : [h.sides[0]!]).map((s, k) => {
    // without a 栏次 line: the names less their group headers (one per 合计/小计 run), or the widest row
    const widest = Math.max(1, ...(h.twoSided ? bySide[k]! : bySide.flat()).map((e) => e.seg.values.length));
    const leaves = s.names.length - s.names.filter((x, i) => i > 0 && /^(?:合计|小计)$/.test(x)).length;
    return buildColumns(s.names.map(joinCjk), s.count ?? Math.max(leaves, widest));
  });
  const main = layouts[layouts.length - 1]!;
  const sides = bySide.map((entries, k) => {
    const lay = h.twoSided ? layouts[k]! : layouts[0]!;
    const kept = entries.filter(({ seg }) => seg.label !== '' || seg.code !== null || seg.values.some((v) => v !== null));
    const placed = place(kept.map(({ seg }) => ({ code: seg.code, label: seg.label, printed: seg.values })), {
      columns: lay.columns,
      relations: lay.relations,
      decimals: d,
      hint: opt.hints?.(lay.columns),
      unlikely: (c) => /结转|结余/.test(lay.columns[c] ?? ''),
    });
    return kept.map(({ seg, line, lineEnd }, i): BudgetRowX => ({
      code: seg.code, label: seg.label, values: fit(placed[i]!, main.columns.length), prov: provOf(line, lineEnd),
    }));
  });
  return { head, columns: main.columns, sides };
}
