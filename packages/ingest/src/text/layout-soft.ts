// Single spaces in a `pdftotext -layout` line. pdftotext narrows a column gap to one space
// where text nearly touches, but a single space also stands inside a cell: between words, and
// in documents whose producer sets a space wherever CJK and Latin script meet (Word's
// autospace: `≥2.1 万人`, `2 型糖尿病`, `（2021 年度）`) at every such change of script. A
// segment is split where other lines show a gap; a split the document's spacing leaves in
// doubt is marked `loose`, for the interpreter to join again where the columns call for it.
import { isFigure, isValue, segOf, startsFigure, type PLine, type Seg, type Tok } from './layout-lines.ts';

// CJK ideographs and punctuation, full-width forms, curly quotes: one script; the rest another
const HAN = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’]/u;
const han = (ch: string) => HAN.test(ch);

/**
 * Whether the text sets a space at most changes between CJK and Latin script: more such
 * changes across a single space than with no space between.
 */
export function spacesScripts(lines: string[]): boolean {
  let close = 0;
  let spaced = 0;
  for (const l of lines) {
    const ch = [...l];
    for (let i = 1; i < ch.length; i++) {
      const a = ch[i - 1]!;
      if (a === ' ' || ch[i] === ' ' ? false : han(a) !== han(ch[i]!)) close++;
      const b = ch[i + 1];
      if (ch[i] === ' ' && a !== ' ' && b !== undefined && b !== ' ' && han(a) !== han(b)) spaced++;
    }
  }
  return spaced > close;
}

/**
 * Split segments at single spaces that other lines show to be column gaps. The token after the
 * space must start where a segment of another line starts (±1), or the token before it end where
 * one ends; two tokens that both begin with a figure (amounts, `≥95%`, dates), or a text ending in
 * a figure and a figure, are always split.
 * Where the document spaces its scripts (`spaced`), a split at a change of script needs a
 * figure lined up with figures of other lines, and is `loose`.
 */
export function splitSoft(lines: PLine[], spaced = false): void {
  type Edges = Map<number, Set<number>>;
  const [starts, ends, figStarts, figEnds]: Edges[] = [new Map(), new Map(), new Map(), new Map()];
  const note = (m: Edges, k: number, i: number) => { if (!m.has(k)) m.set(k, new Set()); m.get(k)!.add(i); };
  lines.forEach((l, i) => l.segs.forEach((g) => {
    note(starts, g.s, i);
    note(ends, g.e, i);
    // a figure that begins a segment holding a value (its unit perhaps spaced off, `5126 批次`):
    // one standing in a column of values, not a number inside a text (`2 型糖尿病…`, prose)
    const t = g.toks[0]!;
    if (isValue(t.text) && isValue(g.text.replace(/ /g, ''))) { note(figStarts, t.s, i); note(figEnds, t.e, i); }
  }));
  const seen = (m: Edges, k: number, i: number) => [k - 1, k, k + 1].some((x) => [...(m.get(x) ?? [])].some((j) => j !== i));
  lines.forEach((l, i) => {
    l.segs = l.segs.flatMap((g) => {
      const out: Seg[] = [];
      const loose: boolean[] = [];
      let run: Tok[] = [g.toks[0]!];
      g.toks.slice(1).forEach((t, j) => {
        const prev = run.at(-1)!;
        // two figures, or a text ending in one and a figure (`较上年下降18.2% 10`), never share a cell
        const figures = startsFigure(t.text) && (startsFigure(prev.text) || (/[\d%‰]$/.test(prev.text) && isFigure(t.text)));
        // a space at a change of script the document spaces anyway: only a value (with its
        // unit) lined up with values of other lines (`≥36000 批次 38450 批次`) shows a gap, not a
        // number inside a text (`次年 1 月完成`)
        const script = spaced && !figures && han([...prev.text].at(-1)!) !== han(t.text[0]!);
        const next = g.toks[j + 2];
        const before = run.at(-2);
        // a value standing alone: after the space, followed by its unit, a figure or nothing;
        // before it, after a figure or nothing
        const valueAfter = isValue(t.text) && (!next || startsFigure(next.text) || isValue(t.text + next.text));
        const valueBefore = isValue(prev.text) && (!before || startsFigure(before.text));
        const split = script
          ? (valueAfter && seen(figStarts, t.s, i)) || (valueBefore && seen(figEnds, prev.e, i))
          : figures || seen(starts, t.s, i) || seen(ends, prev.e, i);
        if (split) {
          out.push(segOf(run, g.line));
          loose.push(script);
          run = [];
        }
        run.push(t);
      });
      out.push(segOf(run, g.line));
      out.forEach((x, k) => {
        if (k === 0) return;
        x.cont = true;
        if (loose[k - 1]) x.loose = true;
      });
      return out;
    });
  });
}
