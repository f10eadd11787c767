// Tables without ruling lines (stream mode): text outside ruled tables whose lines split into
// pieces at gaps, and whose pieces line up in columns, is laid out as table rows like a
// lattice table, each cell carrying its grid column, box and spans. Only geometry decides:
// gaps, alignment, figures (numbers set right-aligned or centred in their columns) and the
// header rows standing over them (stream-columns.ts); cells, rows and spans: stream-table.ts.
//
// Regions: within a run of close lines, the lines with two or more pieces and the single-piece
// lines among and around them that sit in one of their columns (a cell wrapped over several
// lines); a paragraph between tables (a single piece that starts where no column starts, or
// spreads over most of the width) cuts the run, and so does a header over figures below a
// table that already has figures (the next table).
import { joinRuns, type Box, type Element, type Run } from './layout.ts';
import { headerStacks, isFigure, lineBottom, lineSize, lineTop, piecesOf, type Piece } from './stream-columns.ts';
import { tableOf } from './stream-table.ts';

/** Lines of one table are at most this many font sizes apart; a single-piece line joins at most this far. */
const ROW_GAP = 1.5;
const WRAP_GAP = 1.0;

const lineBox = (l: Run[]): Box => [Math.min(...l.map((r) => r.x0)), lineTop(l), Math.max(...l.map((r) => r.x1)), lineBottom(l)];

/**
 * A key/value line (`项目名称   测试项目`): two or more pieces of words set at least a font size
 * apart — Chinese sets no spaces between words, so such a gap parts cells — none holding a
 * figure or a date, a sentence, or a label with its own colon (`编制单位：…   金额单位：…` is
 * a line of fields written out, as is a signature line). It is a table row even alone.
 */
const NOT_A_KEY_OR_VALUE = /[\d。，；！？、《》：:]/;
export const fieldRow = (line: Piece[]) => line.length >= 2 && line.every((p, i) =>
  !NOT_A_KEY_OR_VALUE.test(p.text) && (i === 0 || p.x0 - line[i - 1]!.x1 >= 0.95 * Math.min(p.size, line[i - 1]!.size)));

interface Region { lines: number[]; fields: boolean }

export function streamElements(lines: Run[][]): Element[] {
  const pieces = lines.map(piecesOf);
  const out: Element[] = [];
  const regions = new Map(regionsOf(lines, pieces).map((r) => [r.lines[0]!, r]));
  let i = 0;
  while (i < lines.length) {
    const region = regions.get(i);
    const table = region ? tableOf(region.lines.map((k) => pieces[k]!), region.fields) : null;
    if (region && table) {
      out.push(table);
      i = region.lines[region.lines.length - 1]! + 1;
      continue;
    }
    const line = lines[i]!;
    out.push({ kind: 'line', top: lineTop(line), bottom: lineBottom(line), text: joinRuns(line), box: lineBox(line), size: lineSize(line) });
    i++;
  }
  return out;
}

/** Consecutive key/value lines, each group a table of its own. */
function fieldGroups(ks: number[], pieces: Piece[][]): Region[] {
  const out: Region[] = [];
  ks.forEach((k, i) => {
    if (!fieldRow(pieces[k]!)) return;
    const last = out[out.length - 1];
    if (last && ks[i - 1] === last.lines[last.lines.length - 1]) last.lines.push(k);
    else out.push({ lines: [k], fields: true });
  });
  return out;
}

/**
 * Candidate tables: within a run of close lines, from the first line with several pieces (or
 * of a header) to the last line with several pieces, cut at paragraphs and before the header
 * of a next table, widened by the single-piece lines just above and below that start where a
 * piece of the table starts (the wrapped lines of a cell). At least three lines with several
 * pieces, or key/value lines.
 */
function regionsOf(lines: Run[][], pieces: Piece[][]): Region[] {
  const multi = (k: number) => pieces[k]!.length >= 2;
  const size = (k: number) => lineSize(lines[k]!);
  const box = (k: number) => lineBox(lines[k]!);
  const out: Region[] = [];
  // runs of close lines
  const runs: number[][] = [];
  lines.forEach((l, k) => {
    const last = runs[runs.length - 1];
    if (last && lineTop(l) - lineBottom(lines[last[last.length - 1]!]!) <= ROW_GAP * size(k)) last.push(k);
    else runs.push([k]);
  });
  for (const run of runs) {
    const ms = run.filter(multi);
    if (ms.length < 3) { out.push(...fieldGroups(ms, pieces)); continue; }
    const stacks = headerStacks(run.map((k) => pieces[k]!)).map((s) => s.map((i) => run[i]!));
    const inStack = new Set(stacks.flat());
    const stackStart = new Set(stacks.map((s) => s[0]!));
    const data = (k: number) => pieces[k]!.filter(isFigure).length >= 2;
    const span = [Math.min(...ms.map((k) => box(k)[0])), Math.max(...ms.map((k) => box(k)[2]))] as const;
    // a single piece among the table's lines is a wrapped cell line when it starts where pieces
    // of the table start, or is centred or ends on a piece close by; else it is a
    // paragraph between tables (or one spreading over most of their width)
    const colStarts = ms.flatMap((k) => pieces[k]!.map((p) => p.x0));
    const near = (a: number, b: number) => Math.abs(a - b) <= 1.5;
    const fits = (k: number) => {
      const p = pieces[k]![0]!;
      if (colStarts.some((x) => near(x, p.x0))) return true;
      // centred or right-aligned on a piece of a line close by (a label wrapped beside the rows of a merged cell)
      const close = run.filter((j) => j !== k && Math.abs(lineTop(lines[j]!) - lineTop(lines[k]!)) <= 3 * size(k));
      if (close.some((j) => pieces[j]!.some((q) => near(q.x1, p.x1) || near(q.x0 + q.x1, p.x0 + p.x1)))) return true;
      // the lines of a wrapped cell beside a row centred on them: the same start above and below a line with several pieces
      return run.some((j) => j !== k && !multi(j) && near(pieces[j]![0]!.x0, p.x0) && Math.abs(lineTop(lines[j]!) - lineTop(lines[k]!)) <= 3 * size(k)
        && run.some((m) => multi(m) && m > Math.min(j, k) && m < Math.max(j, k)));
    };
    const paragraph = (k: number) => !multi(k) && !inStack.has(k) && (box(k)[2] - box(k)[0] > 0.6 * (span[1] - span[0]) || !fits(k));
    // cut at paragraphs, and before a header when the part above already has figures
    const parts: number[][] = [[]];
    for (const k of run) {
      if (paragraph(k)) { parts.push([]); continue; }
      if (stackStart.has(k) && parts[parts.length - 1]!.some(data)) parts.push([]);
      parts[parts.length - 1]!.push(k);
    }
    for (const part of parts) {
      const a = part.findIndex((k) => multi(k) || inStack.has(k));
      if (a < 0) continue;
      let b = part.length - 1;
      while (!multi(part[b]!)) b--;
      const core = part.slice(a, b + 1);
      if (core.filter(multi).length < 3) { out.push(...fieldGroups(core.filter(multi), pieces)); continue; }
      const starts = core.flatMap((k) => pieces[k]!.map((p) => p.x0));
      const stacks1 = (k: number) => pieces[k]!.length === 1 && starts.some((x) => Math.abs(x - pieces[k]![0]!.x0) <= 1.5);
      let lo = a;
      while (lo > 0 && stacks1(part[lo - 1]!) && lineTop(lines[part[lo]!]!) - lineBottom(lines[part[lo - 1]!]!) <= WRAP_GAP * size(part[lo]!)) lo--;
      let hi = b;
      while (hi + 1 < part.length && stacks1(part[hi + 1]!) && lineTop(lines[part[hi + 1]!]!) - lineBottom(lines[part[hi]!]!) <= WRAP_GAP * size(part[hi]!)) hi++;
      out.push({ lines: part.slice(lo, hi + 1), fields: false });
    }
  }
  return out;
}
