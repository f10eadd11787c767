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
    // with no line of both between, a label next to figures is a wrapped cell around its row's
    // line (centred, layout-centred.ts), not a column printed a line off
    if (b >= lines.length || b === a + 1 || end === start || (end !== 'labels' && end !== 'figures')) continue;
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
 * lines, and whose rest ends where the next column's figures end (`1493.2810` over `1493.28 —`),
 * or an amount and a dash (`1493.28—`): two cells printed without a space. Split in two.
 */
export function splitGlued(lines: PLine[]): void {
  // an amount run into a placeholder (`1,254,083.48—`): no amount ends in a dash
  for (const l of lines) {
    l.segs = l.segs.flatMap((g) => {
      const m = /^([≥≤<>=±+-]?\d[\d,]*\.\d+)([—–]+)$/.exec(g.text);
      if (g.toks.length !== 1 || !m || g.e - g.s !== g.text.length) return [g];
      const a = { text: m[1]!, s: g.s, e: g.s + m[1]!.length };
      const b = { text: m[2]!, s: a.e, e: g.e };
      return [{ ...a, line: g.line, toks: [a] }, { ...b, line: g.line, toks: [b] }];
    });
  }
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
        const next = others.some((h) => Math.abs(h.e - g.e) <= 1 && h.s >= p && isValue(h.text));
        if (!column || !next) continue;
        const a = { text: left, s: g.s, e: p };
        const b = { text: right, s: p, e: g.e };
        return [{ ...a, line: g.line, toks: [a] }, { ...b, line: g.line, toks: [b] }];
      }
      return [g];
    });
  });
}

/**
 * A row whose figures run on a line lower at the right (`年度资金总额 … 7,249,918.30` over
 * `10 97.31% 9.73`): the producer put the later cells on a lower baseline. A line of figures
 * only, starting no further left than the last figure of the line above it starts and reaching
 * further right, carries that line on: the two are one line.
 */
export function joinRunOn(lines: PLine[]): PLine[] {
  const out: PLine[] = [];
  for (const l of lines) {
    const up = out.at(-1);
    const last = up?.segs.at(-1);
    const runsOn = !!up && !!last && up.line === l.line - 1 && isValue(last.text) && l.segs.length > 0 &&
      l.segs.every((g) => isValue(g.text)) && l.segs[0]!.s >= last.s && l.segs.at(-1)!.e > last.e + 2;
    if (runsOn) out[out.length - 1] = { ...up, segs: [...up.segs, ...l.segs] };
    else out.push(l);
  }
  return out;
}

/**
 * A row printed on two baselines where the later cells stand lower: the line right below
 * (no blank line between) holds only cells right of all but the last cell of the line above,
 * reaching further right, and nothing where the row labels stand (left of the region's first
 * figure). pdftotext packs each line on its own, so the lower cells may start left of where
 * the upper line's last cell starts: the order tells, not the position. A header printed so
 * (`年初预算数 全年预算数 全年执行数` over `分值 执行率 得分`) is one line when the two together
 * have as many labels as the figures of the data row right below (itself perhaps printed on two
 * baselines the same way) show cells; a row of figures so split is joined in the rows
 * (layout-rows.ts), which it is built on.
 */
export function joinSplitHeader(lines: PLine[]): PLine[] {
  const figure = (l: PLine) => l.segs.some((g) => isValue(g.text));
  const figures = lines.flatMap((l) => l.segs.filter((g) => isValue(g.text)));
  if (figures.length === 0) return lines;
  const x0 = Math.min(...figures.map((g) => g.s));
  // the lower line carries on the upper one, right of all but its last cell
  const carries = (up: PLine, down: PLine) => up.segs.length >= 2 && down.segs.length >= 1 && down.line === up.line + 1 &&
    down.segs[0]!.s > up.segs.at(-2)!.e && down.segs[0]!.s >= x0 && down.segs.at(-1)!.e > up.segs.at(-1)!.e;
  const onlyFigures = (l: PLine) => l.segs.every((g) => isValue(g.text));
  // the cells of the data row right below line i (a header printed over more lines, wrapped
  // labels below, tells no count): its figures, and the line carrying them on
  const dataCells = (i: number): number[] => {
    const row = lines[i + 1];
    if (!row || row.line !== lines[i]!.line + 1 || !figure(row)) return [];
    const next = lines[i + 2];
    const more = next && onlyFigures(next) && carries(row, next) ? next.segs.length : 0;
    const nf = row.segs.filter((g) => isValue(g.text)).length + more;
    return [nf, row.segs.length + more];
  };
  const out: PLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const up = lines[i]!;
    const down = lines[i + 1];
    if (down && !figure(up) && !figure(down) && carries(up, down) && dataCells(i + 1).includes(up.segs.length + down.segs.length)) {
      out.push({ ...up, segs: [...up.segs, ...down.segs] });
      i++;
    } else out.push(up);
  }
  return out;
}
