// Two more slips of `pdftotext -layout` in table regions, mended on the positioned lines before
// columns are placed: row labels printed a line off their figures, and two figures printed
// with no space between them where one column's text runs into the next.
import { isFigure, isValue, type PLine, type Seg } from './layout-lines.ts';

/**
 * Where a cell's text sits on a different baseline from the figures of its row, pdftotext may
 * print a block's row labels one line above their figures (or below): a line of labels only,
 * then lines whose labels belong to the figures of the line below, then a line of figures only.
 * Each label is moved to the figures it belongs to.
 */
export function realignLabels(lines: PLine[]): PLine[] {
  const figures = lines.flatMap((l) => l.segs.filter((g) => isValue(g.text)));
  if (figures.length === 0) return lines;
  const x0 = Math.min(...figures.map((g) => g.s));
  const isLabel = (g: Seg) => g.e <= x0 && !isValue(g.text);
  const labels = (l: PLine) => l.segs.filter(isLabel);
  const values = (l: PLine) => l.segs.filter((g) => !isLabel(g));
  const kind = (l: PLine) => {
    const nl = labels(l).length;
    const nv = values(l).filter((g) => isValue(g.text)).length;
    if (nl > 0 && values(l).length === 0) return 'labels';
    if (nl === 0 && nv >= 2 && nv === values(l).length) return 'figures';
    return nl > 0 && nv >= 2 ? 'both' : 'other';
  };
  const kinds = lines.map(kind);
  const out = lines.map((l) => ({ ...l, segs: [...l.segs] }));
  const drop = new Set<number>();
  for (let a = 0; a < lines.length; a++) {
    const start = kinds[a];
    if (start !== 'labels' && start !== 'figures') continue;
    let b = a + 1;
    while (b < lines.length && kinds[b] === 'both') b++;
    const end = kinds[b];
    if (b >= lines.length || end === start || (end !== 'labels' && end !== 'figures')) continue;
    // the labels stand in one column: the moved ones start where the others do
    const first = labels(lines[start === 'labels' ? a : b]!)[0]!;
    const column = lines.slice(a, b + 1).flatMap(labels).filter((g) => g !== first);
    if (column.length > 0 && !column.some((g) => Math.abs(g.s - first.s) <= 2)) continue;
    const down = start === 'labels';
    for (let t = a; t <= b; t++) {
      const from = down ? t - 1 : t + 1;
      const moved = from >= a && from <= b ? labels(lines[from]!) : [];
      out[t]!.segs = [...moved, ...values(lines[t]!)];
    }
    drop.add(down ? a : b);
    a = b;
  }
  return out.filter((l, i) => !drop.has(i) && l.segs.length > 0);
}

/**
 * An amount whose first part ends where a column of amounts with as many decimals ends on nearby
 * lines, and whose rest ends where the next column's figures end (`1493.2810` over `1493.28 —`):
 * two figures printed without a space. Split in two.
 */
export function splitGlued(lines: PLine[]): void {
  const near = (i: number) => lines.slice(Math.max(0, i - 3), i + 4).filter((_, k) => k !== Math.min(3, i)).flatMap((l) => l.segs);
  const decimals = (t: string) => /\.(\d+)$/.exec(t)?.[1]!.length ?? -1;
  lines.forEach((l, i) => {
    l.segs = l.segs.flatMap((g) => {
      if (g.toks.length !== 1 || !isFigure(g.text) || g.e - g.s !== g.text.length) return [g];
      const others = near(i);
      for (let p = g.s + 1; p < g.e; p++) {
        const left = g.text.slice(0, p - g.s);
        const right = g.text.slice(p - g.s);
        if (decimals(left) < 1 || !/^\d/.test(right)) continue;
        const column = others.some((h) => h.e === p && h.s >= g.s - 1 && decimals(h.text) === decimals(left));
        const next = others.some((h) => h.e === g.e && h.s >= p && isValue(h.text));
        if (!column || !next) continue;
        const a = { text: left, s: g.s, e: p };
        const b = { text: right, s: p, e: g.e };
        return [{ ...a, line: g.line, toks: [a] }, { ...b, line: g.line, toks: [b] }];
      }
      return [g];
    });
  });
}
