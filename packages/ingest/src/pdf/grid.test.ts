import { describe, expect, it } from 'vitest';
import { rulingsOf, type Matrix, type PaintedPath } from './geometry.ts';
import { gridsOf } from './grid.ts';
import { joinWrapped, pageElements, splitRun, streamElements, type Run } from './layout.ts';

const rect = (x: number, y: number, w: number, h: number): [number, number][] => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
const paint = (how: 'stroke' | 'fill', ...polys: [number, number][][]): PaintedPath => ({ polys, stroked: how === 'stroke', filled: how === 'fill' });
const FLIP: Matrix = [1, 0, 0, -1, 0, 200]; // a 200 pt high page: user space → top-left origin

describe('ruling lines from painted paths', () => {
  it('reads stroked rectangles and lines, thin filled rectangles, and skips shadings', () => {
    const r = rulingsOf([
      paint('stroke', rect(10, 10, 100, 50)),
      paint('fill', rect(10, 100, 100, 0.8)), // a rule drawn as a thin filled box
      paint('fill', rect(10, 120, 100, 40)), // a cell shading: not a line
      paint('stroke', [[10, 10], [10, 80]]), // a vertical line
    ], 1, FLIP);
    expect([r.images, r.paths]).toEqual([1, 4]);
    const r1 = (x: number) => Math.round(x * 10) / 10;
    expect(r.h.map((s) => [r1(s.at), r1(s.from), r1(s.to)])).toEqual([[99.6, 10, 110], [140, 10, 110], [190, 10, 110]]);
    expect(r.v.map((s) => [r1(s.at), r1(s.from), r1(s.to)])).toEqual([[10, 120, 190], [110, 140, 190]]); // the line joins the box edge it overlaps
  });
});

describe('lattice grids', () => {
  const seg = (at: number, from: number, to: number) => ({ at, from, to });

  it('finds merged cells where a ruling is missing', () => {
    // 3 columns (0-50-100-150) × 3 rows (0-20-40-60); no line at x=50 in row 0, none at y=40 in column 0
    const h = [seg(0, 0, 150), seg(20, 0, 150), seg(40, 50, 150), seg(60, 0, 150)];
    const v = [seg(0, 0, 60), seg(50, 20, 60), seg(100, 0, 60), seg(150, 0, 60)];
    const [g] = gridsOf({ h, v, images: 0, paths: 0 });
    expect(g!.xs).toEqual([0, 50, 100, 150]);
    expect(g!.ys).toEqual([0, 20, 40, 60]);
    const spans = g!.cells.map((c) => [c.row, c.col, c.rowEnd, c.colEnd]);
    expect(spans).toContainEqual([0, 0, 0, 1]); // colspan 2
    expect(spans).toContainEqual([1, 0, 2, 0]); // rowspan 2
    expect(g!.cells).toHaveLength(7);
  });

  it('closes a table printed without outer side borders at the ends of its rules', () => {
    const h = [seg(0, 0, 150), seg(20, 0, 150), seg(40, 0, 150)];
    const v = [seg(60, 0, 40)];
    const [g] = gridsOf({ h, v, images: 0, paths: 0 });
    expect(g!.xs).toEqual([0, 60, 150]);
    expect(g!.cells).toHaveLength(4);
  });

  it('keeps separate tables apart and ignores a lone frame', () => {
    const table = [seg(0, 0, 100), seg(20, 0, 100), seg(40, 0, 100)];
    const frame = [seg(300, 0, 100), seg(340, 0, 100)];
    const g = gridsOf({ h: [...table, ...frame], v: [seg(0, 0, 40), seg(50, 0, 40), seg(100, 0, 40), seg(0, 300, 340), seg(100, 300, 340)], images: 0, paths: 0 });
    expect(g).toHaveLength(1);
    expect(g[0]!.box).toEqual([0, 0, 100, 40]);
  });

  it('makes no table of a lone rule (the separator under a banner, an underlined link), so it holds no text', () => {
    // a web page printed by a browser: a rule under the site banner, a short underline, then a ruled table
    const h = [seg(10, 40, 590), seg(30, 400, 424), seg(100, 0, 100), seg(120, 0, 100)];
    const v = [seg(0, 100, 120), seg(50, 100, 120), seg(100, 100, 120)];
    const grids = gridsOf({ h, v, images: 0, paths: 0 });
    expect(grids.map((g) => g.box)).toEqual([[0, 100, 100, 120]]);
    const els = pageElements([run('站点横幅', 40, 0), run('打印本页', 400, 20), run('甲', 5, 105), run('乙', 55, 105)], grids);
    expect(els.map((e) => e.kind)).toEqual(['line', 'line', 'table']);
  });
});

const run = (str: string, x0: number, top: number, size = 10): Run => ({ str, x0, x1: x0 + size * [...str].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0), top, bottom: top + size, size });

describe('cell text', () => {
  it('joins wrapped Chinese with nothing, Latin words with a space, and a broken figure with nothing', () => {
    expect(joinWrapped([[run('本年度推动实质化解', 0, 0)], [run('行政争议纠纷。', 0, 12)]])).toBe('本年度推动实质化解行政争议纠纷。');
    expect(joinWrapped([[run('DRG payment', 0, 0), run('reform', 70, 0)], [run('pilot', 0, 12)]])).toBe('DRG payment reform pilot');
    expect(joinWrapped([[run('18685200', 0, 0)], [run('00.00', 0, 12)]])).toBe('1868520000.00');
  });

  it('lays a grid out as rows: merged text on its first row, a cell per column, plain lines around', () => {
    const h = [{ at: 100, from: 0, to: 300 }, { at: 120, from: 0, to: 300 }, { at: 140, from: 100, to: 300 }, { at: 160, from: 0, to: 300 }];
    const v = [0, 100, 200, 300].map((at) => ({ at, from: 100, to: 160 }));
    const grids = gridsOf({ h, v, images: 0, paths: 0 });
    const runs = [
      run('标题', 120, 50),
      run('一级指标', 5, 105), run('名称', 105, 105), run('分值', 205, 105),
      run('产出指标', 5, 135), // centred in the merged cell of rows 1-2
      run('甲', 105, 124), run('5', 205, 124),
      run('乙乙乙乙乙乙乙乙', 105, 141), run('丙丙', 105, 150), run('3', 205, 145),
    ];
    const els = pageElements(runs, grids);
    expect(els.map((e) => e.kind)).toEqual(['line', 'table']);
    const table = els[1]!;
    if (table.kind !== 'table') throw new Error('not a table');
    expect(table.rows.map((r) => r.cells.map((c) => `${c.col}:${c.text}`))).toEqual([
      ['0:一级指标', '1:名称', '2:分值'],
      ['0:产出指标', '1:甲', '2:5'],
      ['0:', '1:乙乙乙乙乙乙乙乙丙丙', '2:3'],
    ]);
    expect(table.rows[1]!.cells[0]!.bbox).toEqual([0, 120, 100, 160]);
  });
});

describe('a table cut through by the end of its page', () => {
  // two columns (0-100-200), rows 700-720-740; the last rule closes column 1 only: column 0's cell goes on over the page break
  const grids = () => gridsOf({ h: [{ at: 700, from: 0, to: 200 }, { at: 720, from: 0, to: 200 }, { at: 740, from: 100, to: 200 }], v: [0, 100, 200].map((at) => ({ at, from: 700, to: 740 })), images: 0, paths: 0 });
  const texts = (els: ReturnType<typeof pageElements>) => els.map((e) => (e.kind === 'table' ? e.rows.map((r) => r.cells.map((c) => c.text).join('|')).join('/') : e.text));

  it('gives the text printed beneath an open cell back to that cell, and leaves a footer alone', () => {
    const runs = [run('名称', 5, 705), run('值', 105, 705), run('服务对象满意', 5, 725), run('9', 105, 725), run('度指标', 5, 741), run('第 3 页', 90, 780)];
    const els = pageElements(runs, grids(), 800);
    expect(texts(els)).toEqual(['名称|值/服务对象满意度指标|9', '第 3 页']);
    const t = els[0]!;
    if (t.kind !== 'table') throw new Error('not a table');
    expect(t.openBelow).toEqual([true, false]);
  });

  it('leaves text of its own under the table: text under a closed cell, or across the columns', () => {
    expect(texts(pageElements([run('名称', 5, 705), run('服务对象满意', 5, 725), run('注', 105, 741)], grids(), 2000))).toEqual(['名称|/服务对象满意|', '注']);
    expect(texts(pageElements([run('名称', 5, 705), run('服务对象满意', 5, 725), run('以上数据来自决算报表。', 5, 741)], grids(), 2000))).toEqual(['名称|/服务对象满意|', '以上数据来自决算报表。']);
  });
});

describe('a text item written across several cells', () => {
  it('is cut at the rules between its words, or between characters when it has no spaces', () => {
    const merged: Run = { str: '95.5 4.25 abc', x0: 72, x1: 132, top: 0, bottom: 10, size: 10 };
    expect(splitRun(merged, [100, 122]).map((r) => r.str)).toEqual(['95.5', '4.25', 'abc']);
    const cjk: Run = { str: '分值得分', x0: 0, x1: 40, top: 0, bottom: 10, size: 10 };
    expect(splitRun(cjk, [20]).map((r) => [r.str, r.x0, r.x1])).toEqual([['分值', 0, 20], ['得分', 20, 40]]);
  });

  it('lands in the cells it crosses, but stays whole in a merged cell', () => {
    // row 0: three cells; row 1: one cell spanning all three columns
    const h = [0, 20, 40].map((at) => ({ at, from: 0, to: 150 }));
    const v = [{ at: 0, from: 0, to: 40 }, { at: 50, from: 0, to: 20 }, { at: 100, from: 0, to: 20 }, { at: 150, from: 0, to: 40 }];
    const els = pageElements([
      { str: '5 3 4.25', x0: 20, x1: 130, top: 5, bottom: 15, size: 10 },
      { str: 'one cell text', x0: 20, x1: 130, top: 25, bottom: 35, size: 10 },
    ], gridsOf({ h, v, images: 0, paths: 0 }));
    const t = els[0]!;
    if (t.kind !== 'table') throw new Error('not a table');
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['5', '3', '4.25'], ['one cell text', '', '']]);
  });
});

describe('tables without rulings (stream)', () => {
  it('splits aligned lines at wide gaps into columns and leaves prose alone', () => {
    const lines = [
      [run('支出功能分类科目', 0, 0), run('本年支出', 200, 0)],
      [run('社会保障和就业支出', 0, 14), run('1,234.00', 200, 14)],
      [run('医疗卫生支出', 0, 28), run('567.00', 200, 28)],
      [run('以上数据来自决算报表。', 0, 50)],
    ];
    const els = streamElements(lines);
    expect(els.map((e) => e.kind)).toEqual(['table', 'line']);
    const t = els[0]!;
    if (t.kind !== 'table') throw new Error('not a table');
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['支出功能分类科目', '本年支出'], ['社会保障和就业支出', '1,234.00'], ['医疗卫生支出', '567.00'],
    ]);
  });
});
