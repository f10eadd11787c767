// Which form a piece of the report's prose talks about. A form owns the text between the
// previous form's end and its own end (its window). When that window also names another
// form's project (a report that summarises several projects in one section), or the text lies
// outside every window, only the form's own span, or text after a mention of one project and
// before the next numbered heading, is attributed: a figure is never checked against a form
// it may not describe. In a report of one form, the text after it is that form's too.
import type { SourceDocument, TextLine } from '@ziping/core';
import type { Ctx } from './context.ts';
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

const lastAtOrBefore = (starts: number[], offset: number): number => {
  let k = 0;
  while (k + 1 < starts.length && starts[k + 1]! <= offset) k++;
  return k;
};

const HEADING = /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．](?!\d)|附件)/;

const nameRegex = (name: string): RegExp =>
  new RegExp([...name.replace(/\s+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?'), 'g');

interface Event { pos: number; owners: Set<number> }

/** Mentions of projects and numbered headings (which end a mention's reach), per unit. */
function events(u: Unit, names: [RegExp, number][]): Event[] {
  const ev: Event[] = [];
  u.starts.forEach((s, k) => {
    if (HEADING.test(u.text.slice(s, u.starts[k + 1] ?? u.text.length))) ev.push({ pos: s, owners: new Set() });
  });
  // A mention sits half a character after its offset, so a heading opening the same line
  // resets first and the line's own project then takes over.
  for (const [re, form] of names) {
    for (const m of u.text.matchAll(re)) {
      const at = ev.find((e) => e.pos === m.index! + 0.5);
      if (at) at.owners.add(form);
      else ev.push({ pos: m.index! + 0.5, owners: new Set([form]) });
    }
  }
  return ev.sort((a, b) => a.pos - b.pos);
}

export function passages(ctx: Ctx): Passage[] {
  const spans = formSpans(ctx.x.forms, ctx.doc);
  // Names shorter than four characters (其他) occur in ordinary sentences.
  const names: [RegExp, number][] = ctx.x.forms.flatMap((f, i) =>
    f.project && f.project.replace(/\s+/g, '').length >= 4 ? [[nameRegex(f.project), i] as [RegExp, number]] : []);
  const windows = spans.map((s, i) => {
    const prev = spans.slice(0, i).reverse().find((p) => p != null);
    return s && { from: prev ? prev.end + 1 : 1, to: s.end };
  });
  const us = units(ctx.doc);
  const evs = us.map((u) => events(u, names));
  // A window that names another form's project summarises several; its text needs a mention.
  const shared = windows.map((w, i) => w != null && us.some((u, j) =>
    evs[j]!.some((e) => [...e.owners].some((o) => o !== i) && inWindow(u.lines[lastAtOrBefore(u.starts, e.pos)]!.line, w))));

  let owners = new Set<number>();
  return us.map((u, j) => {
    const changes = evs[j]!;
    const before = owners;
    // Mentions carry across units until a heading resets them.
    for (const c of changes) owners = c.owners;
    const lineAt = (o: number): TextLine => u.lines[lastAtOrBefore(u.starts, o)]!;
    return {
      text: u.text,
      lineAt,
      formAt(o: number): number | null {
        const line = lineAt(o).line;
        const i = windows.findIndex((w) => w != null && inWindow(line, w));
        if (i >= 0 && (!shared[i] || inSpan(line, spans[i]!))) return i;
        const now = [...changes].reverse().find((c) => c.pos <= o)?.owners ?? before;
        if (now.size === 1) return [...now][0]!;
        // a report of one form: what it says after the form (存在的问题, 改进措施) is about that form
        return ctx.x.forms.length === 1 && windows[0] != null && line > windows[0].to ? 0 : null;
      },
    };
  });
}

const inWindow = (line: number, w: { from: number; to: number }): boolean => line >= w.from && line <= w.to;
const inSpan = (line: number, s: Span): boolean => line >= s.start && line <= s.end;
