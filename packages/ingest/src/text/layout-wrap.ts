// Text that a narrow column of a `pdftotext -layout` dump wrapped onto the next line. A
// producer breaks a figure too long for its cell wherever the width runs out (`95.0` over
// `7%`, `4,860,000.0` over `0`); pdftotext prints the end on the next line under its start, and
// the rest of the row, centred on the cell's two lines, on one of them. Read as it is, the end
// is a cell of its own and the figure loses its last digits. General geometry only.
import { isValue, segOf, type PLine, type Tok } from './layout-lines.ts';

/** A figure cut short: digits with a decimal point and at least one decimal, no sign of its end (`%`). */
const OPEN_FIGURE = /^[≥≤<>=±+-]?\d[\d,]*\.\d+$/;
/** What a narrow cell leaves of a figure for its next line: a digit or two, perhaps the `%`. */
const TAIL = /^(?:\d{1,2}%?|%)$/;

export const overlaps = (a: Tok, b: Tok) => a.s < b.e && a.e > b.s;
export const decimals = (t: string) => /\.(\d+)%?$/.exec(t)?.[1]!.length ?? -1;

/**
 * A short tail of digits (or `%`) on the line right below a figure cut short, standing under it
 * alone and within its width, finishes it. A `%` tail tells on its own (no rate ends in a
 * bare decimal where the figure left its `%` off); a tail of digits only where the figure it
 * makes has as many decimals as another figure of the column nearby, and more than the cut one
 * (a figure of the row below standing under a finished one never does both), or where its
 * line holds nothing but such tails. Only tails with no other figure before them are taken.
 */
export function joinWrappedFigures(lines: PLine[]): PLine[] {
  const toks = (l: PLine) => l.segs.flatMap((g) => g.toks);
  const taken = new Set<Tok>();
  lines.forEach((down, i) => {
    const up = lines[i - 1];
    if (!up || down.line !== up.line + 1) return;
    const above = toks(up);
    const below = toks(down);
    // tails standing alone under a figure cut short, and those whose join has the column's shape
    const under = new Map<Tok, Tok>();
    const shaped = new Set<Tok>();
    for (const t of below) {
      if (!TAIL.test(t.text)) continue;
      const over = above.filter((f) => overlaps(f, t));
      const f = over[0];
      if (over.length !== 1 || !OPEN_FIGURE.test(f!.text) || t.s < f!.s - 1 || t.e > f!.e + 1) continue;
      if (below.filter((u) => overlaps(u, f!)).length !== 1) continue;
      under.set(t, f!);
      const joined = f!.text + t.text;
      if (t.text.includes('%')) { shaped.add(t); continue; }
      const column = lines.slice(Math.max(0, i - 8), i + 8).flatMap(toks)
        .filter((u) => u !== f && u !== t && overlaps(u, f!) && /^[\d,.]+%?$/.test(u.text));
      if (decimals(joined) > decimals(f!.text) && column.some((u) => decimals(u.text) === decimals(joined))) shaped.add(t);
    }
    // a line of nothing but such tails is a wrapped row's lower line: all are tails (a lone digit
    // on a line of its own is no row: rows have a name or a label)
    const all = under.size >= 1 && under.size === below.length;
    // else the lower line of a wrapped row holds no figure left of its tails (its first cells
    // stand on the upper line; a wrapped label's end may): figures before them are the next row's
    for (const t of below) {
      const f = under.get(t);
      if (!f && isValue(t.text)) break;
      if (!f || (!all && !shaped.has(t))) continue;
      f.text += t.text;
      taken.add(t);
    }
    if (taken.size > 0) up.segs = up.segs.map((g) => ({ ...segOf(g.toks, g.line), ...(g.cont ? { cont: true } : {}), ...(g.loose ? { loose: true } : {}) }));
  });
  // a cell wrapped on a row with no other wrapped cell may keep both its lines on the row's
  // line: the tail then follows one space after the figure, and the rates of the column nearby
  // (finished as above, or printed whole) show the joined figure's shape
  lines.forEach((l, i) => {
    const ts = toks(l);
    for (let j = 0; j + 1 < ts.length; j++) {
      const [f, t] = [ts[j]!, ts[j + 1]!];
      if (taken.has(f) || taken.has(t) || !OPEN_FIGURE.test(f.text) || !/^\d{1,2}%$/.test(t.text) || t.s - f.e !== 1) continue;
      const joined = f.text + t.text;
      const column = lines.slice(Math.max(0, i - 8), i + 8).filter((m) => m !== l).flatMap(toks)
        .filter((u) => overlaps(u, f) && /%$/.test(u.text) && decimals(u.text) === decimals(joined));
      if (column.length === 0) continue;
      f.text = joined;
      taken.add(t);
      j++;
    }
    if (ts.some((t) => taken.has(t))) l.segs = l.segs.map((g) => ({ ...segOf(g.toks, g.line), ...(g.cont ? { cont: true } : {}), ...(g.loose ? { loose: true } : {}) }));
  });
  if (taken.size === 0) return lines;
  // a segment that lost its first or last token keeps the rest; one that lost a middle one is split there
  for (const l of lines) {
    l.segs = l.segs.flatMap((g) => {
      if (!g.toks.some((t) => taken.has(t))) return [g];
      const parts: Tok[][] = [[]];
      for (const t of g.toks) {
        if (taken.has(t)) parts.push([]);
        else parts.at(-1)!.push(t);
      }
      return parts.filter((p) => p.length > 0).map((p) => segOf(p, g.line));
    });
  }
  return lines.filter((l) => l.segs.length > 0);
}

const CJK = /^[\u3400-\u9fff]$/;
/** A gap wider than pdftotext leaves between labels packed in a header (it packs them one to three spaces apart). */
const WIDE = 5;

/**
 * A header label wrapped in a narrow cell whose lines share a baseline with the row's other
 * labels: pdftotext prints its last character on the same line, pushed right past the first
 * piece, far from it and packed against the next label (`自评得      分 偏差原因…`). A lone
 * character opening a segment after a wide gap and one space from the label after it, on a
 * line of labels (no figure), is put back at the end of the label (of two or more characters:
 * a lone one is a wrapped piece itself) before the gap.
 */
export function joinHeaderTails(lines: PLine[]): void {
  for (const l of lines) {
    const toks = l.segs.flatMap((g) => g.toks);
    if (toks.length < 3 || toks.some((t) => isValue(t.text))) continue;
    const taken = new Set<Tok>();
    for (let j = 1; j + 1 < toks.length; j++) {
      const [before, t, after] = [toks[j - 1]!, toks[j]!, toks[j + 1]!];
      if (!CJK.test(t.text) || after.s - t.e !== 1 || t.s - before.e < WIDE || taken.has(before)) continue;
      if (before.text.length < 2 || !/[\u3400-\u9fff]$/.test(before.text)) continue;
      before.text += t.text;
      taken.add(t);
    }
    if (taken.size === 0) continue;
    l.segs = l.segs.flatMap((g) => {
      const rest = g.toks.filter((t) => !taken.has(t));
      if (rest.length === 0) return [];
      return [{ ...segOf(rest, g.line), ...(g.cont ? { cont: true } : {}), ...(g.loose ? { loose: true } : {}) }];
    });
  }
  lines.forEach((l, i) => {
    const next = lines[i + 1];
    if (next && next.line === l.line + 1) raiseTail(l, next);
  });
}

/**
 * Labels of a header wrapped on two lines around the one-line labels' baseline: pdftotext may
 * print a label's lower piece on the line of the one-line labels and its upper piece on the
 * line below (`… 指标分值 分` over `自评得 未完成原因…`). A lone character closing a line of
 * labels, standing over a label of the next line (also labels only) or touching its start, is
 * that label's end.
 */
function raiseTail(l: PLine, next: PLine): void {
  const toks = l.segs.flatMap((g) => g.toks);
  const below = next.segs.flatMap((g) => g.toks);
  const t = toks.at(-1);
  if (!t || toks.length < 3 || !CJK.test(t.text) || [...toks, ...below].some((x) => isValue(x.text))) return;
  const at = below.filter((x) => x.s <= t.e && t.s <= x.e);
  const u = at[0];
  if (at.length !== 1 || u!.text.length < 2 || !/[\u3400-\u9fff]$/.test(u!.text)) return;
  u!.text += t.text;
  const rebuild = (m: PLine, drop?: Tok) => {
    m.segs = m.segs.flatMap((g) => {
      const rest = g.toks.filter((x) => x !== drop);
      return rest.length === 0 ? [] : [{ ...segOf(rest, g.line), ...(g.cont ? { cont: true } : {}), ...(g.loose ? { loose: true } : {}) }];
    });
  };
  rebuild(l, t);
  rebuild(next);
}
