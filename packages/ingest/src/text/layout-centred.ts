// Cells printed vertically centred on their row. A row's one-line cells stand on one line (its
// anchor, the line with its figures) in the middle of the row, so a cell wrapped over n lines
// prints as many lines above that line as below it: `部分网络销售…个别批` above, `…计` on the
// anchor line, `划。` below; or a two-line name with the anchor line between its lines. The
// lines above belong to the row below them, which the nearest-row rules cannot tell.
import { isValue } from './layout-lines.ts';
import type { Placed } from './layout-columns.ts';

/**
 * How wide a text is printed, in CJK characters: pdftotext gives every character one column,
 * but a digit or a Latin letter is about half as wide as an ideograph.
 */
const width = (p: Placed): number => [...p.seg.text].reduce((w, ch) => w + (ch.charCodeAt(0) >= 0x2e80 ? 1 : 0.55), 0);
/** Text that starts where another starts (±2, pdftotext rounds positions): one left-aligned cell. */
const level = (p: Placed, q: Placed) => Math.abs(p.seg.s - q.seg.s) <= 2;


/**
 * Lines of one wrapped cell: every line but the last about as long as the longest (`full`, the
 * widest text of their column, where known), and all starting where the first starts
 * (left-aligned), or, unless `left`, centred on one axis.
 */
const wrapped = (ps: Placed[], left: boolean, full = Math.max(...ps.map(width))): boolean => {
  const axis = (p: Placed) => (p.seg.s + p.seg.e) / 2;
  const centred = !left && ps.every((p) => Math.abs(axis(p) - axis(ps[0]!)) <= 1);
  return ps.slice(0, -1).every((p) => width(p) >= 0.85 * full) && (ps.every((p) => level(p, ps[0]!)) || centred);
};

/**
 * Give the lines of a centred cell to the row of the anchor line they surround: for each anchor
 * (top to bottom) and column, the text lines right above it and right below it in that column,
 * paired up from the anchor outwards. Lines left over below must be the upper half of the next
 * anchor's cell (right above it, with as many lines below it to pair with), else the cell is
 * not centred on this anchor. `row[li][i]` is set for the cells so given.
 */
export function claimCentred(placed: Placed[][], anchor: boolean[], row: number[][]): void {
  const cell = (li: number, k: number) => {
    const i = placed[li]?.findIndex((p) => p.k === k) ?? -1;
    return i >= 0 && row[li]![i]! < 0 && !isValue(placed[li]![i]!.seg.text) ? i : -1;
  };
  // the text lines next to an anchor in column k, outwards; `pass`: a line with text in other
  // columns only may stand between (a label of another column printed on a baseline of its own)
  const walk = (a: number, k: number, dir: -1 | 1, pass = false): number[] => {
    const out: number[] = [];
    let passed = false;
    for (let li = a + dir; li >= 0 && li < placed.length && !anchor[li]; li += dir) {
      if (cell(li, k) >= 0) out.push(li);
      else if (pass && !passed && out.length === 0 && !placed[li]!.some((p) => p.k === k)) passed = true;
      else break;
    }
    return out;
  };
  const cols = Math.max(0, ...placed.flat().map((p) => p.k + 1));
  // a line wrapped in a cell about fills its column: as wide as the column's widest text
  const widest = Array.from({ length: cols }, (_, k) => Math.max(0, ...placed.flat().filter((p) => p.k === k && p.span === 1).map(width)));
  const texts = (a: number) => placed[a]!.filter((p) => !isValue(p.seg.text));
  const empty = (li: number, k: number) => !placed[li]?.some((p) => p.k === k);
  // a producer that prints a row's one-line cells on a line between the lines of a two-line
  // cell wraps no cell from its anchor line to one side only: where a table has such a cell
  // (its other side clear for two lines), a text line above and one below an anchor are no pair
  const oneSided = anchor.some((isAnchor, a) => isAnchor && texts(a).some((own) => {
    const { k } = own;
    const [up] = walk(a, k, -1);
    const [down] = walk(a, k, 1);
    if ((up === undefined) === (down === undefined)) return false;
    const clear = up !== undefined ? empty(a + 1, k) && empty(a + 2, k) : empty(a - 1, k) && empty(a - 2, k);
    const pair = up !== undefined ? [placed[up]!.find((p) => p.k === k)!, own] : [own, placed[down!]!.find((p) => p.k === k)!];
    return clear && wrapped(pair, true);
  }));
  anchor.forEach((isAnchor, a) => {
    if (!isAnchor) return;
    const r = row[a]![0]!;
    for (let k = 0; k < cols; k++) {
      let own = placed[a]!.find((p) => p.k === k);
      if (own && isValue(own.seg.text)) continue;
      let up = walk(a, k, -1, !!own);
      let down = walk(a, k, 1, !!own);
      // the anchor line's part of the cell, put in another column (a piece split off at a single
      // space takes the column after the piece before it): it starts where the lines around do
      const at = (li: number | undefined) => (li === undefined ? undefined : placed[li]![cell(li, k)]);
      const stray = own || !up.length || !down.length ? undefined
        : placed[a]!.find((p) => !isValue(p.seg.text) && level(p, at(up[0])!) && level(p, at(down[0])!));
      if (stray) {
        own = stray;
        up = walk(a, k, -1, true);
        down = walk(a, k, 1, true);
      }
      if (!own && oneSided) continue;
      const n = Math.min(up.length, down.length);
      if (n === 0) continue;
      if (down.length > n) {
        const next = down.at(-1)! + 1;
        if (!anchor[next] || walk(next, k, 1).length < down.length - n) continue;
      }
      const lines = [...up.slice(0, n).reverse(), ...down.slice(0, n)];
      const seq = lines.map((li) => placed[li]![cell(li, k)]!);
      if (own) seq.splice(n, 0, own);
      // the upper lines may as well carry on a cell of the anchor line above (text as long,
      // starting at the same place); then only a left-aligned cell around this anchor tells
      const above = placed[up[n - 1]! - 1]?.find((p) => level(p, seq[0]!));
      const carries = !!above && anchor[up[n - 1]! - 1] === true && width(above) >= width(seq[0]!);
      if (!wrapped(seq, carries, widest[k])) continue;
      for (const li of lines) row[li]![cell(li, k)] = r;
      if (stray) stray.k = k;
    }
  });
}
