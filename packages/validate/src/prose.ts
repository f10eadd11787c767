// Which form a piece of the report's prose talks about. A form owns the text between the
// previous form's end and its own end (its window). When that window also names another
// form's project (a report that summarises several projects in one section), or the text lies
// outside every window, only the form's own span, or text after a mention of one project and
// before the next numbered heading, is attributed: a figure is never checked against a form
// it may not describe. In a report of one form, the text after it is that form's too.
import type { SourceDocument, TextLine } from '@ziping/core';
import { countWhile, matchesOf, type Ctx } from './context.ts';
import { candidates, nameIndex, type Name } from './names.ts';
import { formSpans, type Span } from './span.ts';

/** One run of text: a paragraph of untabbed lines joined, or one table cell. */
export interface Passage {
  text: string;
  /** The document line a character offset was printed on. */
  lineAt(offset: number): TextLine;
  /** The form a character offset is attributed to, or null. */
  formAt(offset: number): number | null;
}

interface Unit { text: string; starts: number[]; lines: TextLine[] }

const cellsOf = (l: TextLine): string[] => l.cells.map((c) => c.text.trim()).filter((t) => t !== '');
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Paragraphs (line breaks inside a sentence are undone) and table cells, in document order. */
function units(doc: SourceDocument): Unit[] {
  const out: Unit[] = [];
  let para: Unit | null = null;
  for (const l of doc.lines) {
    const cells = cellsOf(l);
    if (cells.length === 0) continue;
    if (cells.length > 1) {
      para = null;
      for (const c of cells) out.push({ text: norm(c), starts: [0], lines: [l] });
      continue;
    }
    if (!para) out.push((para = { text: '', starts: [], lines: [] }));
    para.starts.push(para.text.length);
    para.lines.push(l);
    para.text += norm(cells[0]!);
  }
  return out;
}

/** The last k whose start is at or before `offset` (0 when none is): starts ascend. */
const lastAtOrBefore = <T>(xs: T[], at: (x: T) => number, offset: number): number =>
  Math.max(0, countWhile(xs, (x) => at(x) <= offset) - 1);
const startAt = (s: number): number => s;

const HEADING = /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．](?!\d)|附件)/;

/** A heading (no owners) or a mention of the projects of `owners` (names of distinct forms). */
interface Event { pos: number; owners: Name[] }

const ownerCount = (e: Event): number => e.owners.reduce((n, o) => n + o.forms.length, 0);
const ownedByOther = (e: Event, i: number): boolean => e.owners.some((o) => o.forms.some((f) => f !== i));

/** Mentions of projects and numbered headings (which end a mention's reach), per unit. */
function events(u: Unit, index: Map<number, Name[]>): Event[] {
  const ev = new Map<number, Event>();
  u.starts.forEach((s, k) => {
    if (HEADING.test(u.text.slice(s, u.starts[k + 1] ?? u.text.length))) ev.set(s, { pos: s, owners: [] });
  });
  // A mention sits half a character after its offset, so a heading opening the same line
  // resets first and the line's own project then takes over.
  for (const name of candidates(u.text, index)) {
    for (const m of matchesOf(name.re, u.text)) {
      const pos = m.index! + 0.5;
      const at = ev.get(pos);
      if (at) at.owners.push(name);
      else ev.set(pos, { pos, owners: [name] });
    }
  }
  return [...ev.values()].sort((a, b) => a.pos - b.pos);
}

interface Window { from: number; to: number }

/** For each line number, the first form whose window holds it (-1: none), painted once. */
function windowOfLine(windows: (Window | null)[], lines: number): Int32Array {
  const at = new Int32Array(lines + 2).fill(-1);
  for (let i = windows.length - 1; i >= 0; i--) {
    const w = windows[i];
    if (w) for (let n = Math.max(0, w.from); n <= Math.min(lines + 1, w.to); n++) at[n] = i;
  }
  return at;
}

export function passages(ctx: Ctx): Passage[] {
  const spans = formSpans(ctx.x.forms, ctx.doc);
  const index = nameIndex(ctx.x.forms);
  let prev: Span | null = null;
  const windows = spans.map((s) => {
    const w = s && { from: prev ? prev.end + 1 : 1, to: s.end };
    prev = s ?? prev;
    return w;
  });
  const us = units(ctx.doc);
  const evs = us.map((u) => events(u, index));
  const lastLine = ctx.doc.lines.reduce((n, l) => Math.max(n, l.line), 0);
  const windowAt = windowOfLine(windows, lastLine);
  const windowOf = (line: number): number => (line >= 0 && line < windowAt.length ? windowAt[line]! : -1);
  const lineOf = (u: Unit, pos: number): TextLine => u.lines[lastAtOrBefore(u.starts, startAt, pos)]!;
  // A window that names another form's project summarises several; its text needs a mention.
  const mentions = us.flatMap((u, j) => evs[j]!.filter((e) => e.owners.length > 0).map((e) => ({ line: lineOf(u, e.pos).line, e })))
    .sort((a, b) => a.line - b.line);
  const shared = windows.map((w, i) => {
    if (w == null) return false;
    for (let k = countWhile(mentions, (m) => m.line < w.from); k < mentions.length && mentions[k]!.line <= w.to; k++) {
      if (ownedByOther(mentions[k]!.e, i)) return true;
    }
    return false;
  });

  let owners: Name[] = [];
  return us.map((u, j) => {
    const changes = evs[j]!;
    const before = owners;
    // Mentions carry across units until a heading resets them.
    if (changes.length > 0) owners = changes.at(-1)!.owners;
    const lineAt = (o: number): TextLine => lineOf(u, o);
    return {
      text: u.text,
      lineAt,
      formAt(o: number): number | null {
        const line = lineAt(o).line;
        const i = windowOf(line);
        if (i >= 0 && (!shared[i] || inSpan(line, spans[i]!))) return i;
        const k = lastAtOrBefore(changes, (c) => c.pos, o);
        const now = changes.length > 0 && changes[k]!.pos <= o ? changes[k]! : { pos: -1, owners: before };
        if (ownerCount(now) === 1) return now.owners[0]!.forms[0]!;
        // a report of one form: what it says after the form (存在的问题, 改进措施) is about that form
        return ctx.x.forms.length === 1 && windows[0] != null && line > windows[0].to ? 0 : null;
      },
    };
  });
}

const inSpan = (line: number, s: Span): boolean => line >= s.start && line <= s.end;
