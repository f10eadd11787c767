// Layout blocks of PDFs: merged cells kept as one cell with their spans, provenance in the
// document's lines, paragraphs between tables, normalised text with the printed text kept.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayoutCell, LayoutTable, SourceDocument } from '@ziping/core';
import { ingestFile } from '../ingest.ts';
import { toDocument } from './blocks.ts';
import type { Element, RowCell } from './layout.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/${name}`, import.meta.url));
const tables = (doc: { blocks: SourceDocument['blocks'] }) => doc.blocks.filter((b): b is LayoutTable => b.kind === 'table');
const cell = (doc: SourceDocument, text: string): LayoutCell => tables(doc).flatMap((t) => t.cells).find((c) => c.text === text)!;

describe('blocks of a ruled form (seed 000, Chromium)', () => {
  let doc: SourceDocument;
  beforeAll(async () => { doc = await ingestFile(fixture('pdf/000_ca0dcd0154b0e201.pdf')); });

  it('keeps a merged cell as one cell with the spans of its ruling grid', () => {
    // 项目资金（元） covers the funding header and its four rows; 数量指标 its six indicators
    expect(cell(doc, '项目资金（元）')).toMatchObject({ rowSpan: 5, colSpan: 1, col: 0 });
    expect(cell(doc, '数量指标')).toMatchObject({ rowSpan: 6, colSpan: 1 });
    expect(cell(doc, '质量指标')).toMatchObject({ rowSpan: 5 });
    expect(cell(doc, '医疗保障综合管理')).toMatchObject({ rowSpan: 1, colSpan: 3, col: 1 });
    const funding = tables(doc).find((t) => t.cells.includes(cell(doc, '项目资金（元）')))!;
    expect(funding.cells.filter((c) => c.col === 0 && c.row > 2 && c.row < 7)).toEqual([]); // no copies under the merged cell
  });

  it('names the line a cell was read into, the last line it spans and its box', () => {
    const c = cell(doc, '数量指标');
    const line = doc.lines[c.prov.line - 1]!;
    expect(line.cells[c.col]!.text).toBe('数量指标');
    expect(c.prov.lineEnd).toBe(c.prov.line + 5);
    expect(doc.lines[c.prov.lineEnd! - 1]!.cells.some((x) => x.text === '法律意见')).toBe(true);
    const [, y0, , y1] = c.prov.bbox!;
    expect(y1 - y0).toBeGreaterThan(5 * (line.cells[3]!.bbox![3] - line.cells[3]!.bbox![1]) - 1);
    for (const t of tables(doc)) {
      expect(t.rows).toBe(t.prov.lineEnd! - t.prov.line + 1); // a table row is a line
      for (const x of t.cells) expect(doc.lines[x.prov.line - 1]!.cells[x.col]!.text).toBe(x.text);
    }
  });

  it('puts the text around the tables in paragraphs, in reading order, and no page furniture anywhere', () => {
    const paragraphs = doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
    expect(paragraphs.filter((t) => /^附件/.test(t))).toEqual(['附件 1-1', '附件 1-2', '附件 1-3', '附件 1-4']);
    const texts = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.cells.map((c) => c.text)));
    expect(texts.some((t) => /绩效自评材料|^—\s*\d+\s*—$/.test(t))).toBe(false);
    const starts = doc.blocks.map((b) => b.prov.line);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('elements → lines and blocks', () => {
  const row = (top: number, cells: RowCell[]) => ({ top, cells });
  const c = (col: number, text: string, more: Partial<RowCell> = {}): RowCell => ({ col, text, bbox: [col * 100, 0, col * 100 + 100, 20], ...more });
  const table = (rows: ReturnType<typeof row>[], more: Partial<Extract<Element, { kind: 'table' }>> = {}): Element => ({ kind: 'table', top: 0, bottom: 100, xs: [0, 100, 200, 300], rows, ...more });
  const line = (text: string, top: number): Element => ({ kind: 'line', top, bottom: top + 10, text, box: [0, top, 100, top + 10], size: 10 });

  it('normalises lines and cells (Kangxi radicals, full-width forms) and keeps the printed text in raw', () => {
    const { lines, blocks } = toDocument([[line('⼩型⽔库　项⽬', 0), table([row(20, [c(0, '⾦额（万元）'), c(1, '１２３．５'), c(2, '>=90%')])])]]);
    expect(lines.map((l) => l.text)).toEqual(['小型水库 项目', '金额（万元）\t123.5\t≥90%']);
    expect(blocks[0]).toMatchObject({ kind: 'paragraph', text: '小型水库 项目', raw: '⼩型⽔库　项⽬', prov: { page: 1, line: 1 } });
    expect((blocks[1] as LayoutTable).cells.map((x) => [x.text, x.raw])).toEqual([['金额（万元）', '⾦额（万元）'], ['123.5', '１２３．５'], ['≥90%', '>=90%']]);
  });

  it('keeps spans, clips them to the table, and drops a header repeated on a continuation page from lines and block alike', () => {
    const header = row(0, [c(0, '一级指标'), c(1, '指标'), c(2, '分值')]);
    const page1 = table([header, row(20, [c(0, '产出指标', { rowSpan: 3 }), c(1, '甲'), c(2, '5')]), row(40, [c(0, ''), c(1, '乙'), c(2, '3')])]);
    const page2 = table([header, row(0, [c(0, ''), c(1, '丙丙', { colSpan: 2 }), c(2, '')])]);
    const { lines, blocks } = toDocument([[page1], [page2]]);
    expect(lines.map((l) => `${l.page}:${l.line} ${l.text}`)).toEqual(['1:1 一级指标\t指标\t分值', '1:2 产出指标\t甲\t5', '1:3 \t乙\t3', '2:4 \t丙丙\t']);
    const [t1, t2] = blocks as LayoutTable[];
    expect(t1!.cells.find((x) => x.text === '产出指标')).toMatchObject({ row: 1, rowSpan: 2, prov: { line: 2, lineEnd: 3 } });
    expect(t2).toMatchObject({ rows: 1, cols: 3, prov: { page: 2, line: 4, lineEnd: 4 } });
    expect(t2!.cells).toEqual([expect.objectContaining({ row: 0, col: 1, colSpan: 2, text: '丙丙', prov: expect.objectContaining({ page: 2, line: 4 }) })]);
  });

  it('continues a table on the next page in its columns when the rows there split fewer of them', () => {
    const page1 = table([row(0, [c(0, '甲'), c(1, '乙'), c(2, '丙')])]);
    // page 2 has no rule at x=100: its cells start at the rules it has and span to the next
    const page2: Element = { kind: 'table', top: 0, bottom: 20, xs: [0, 200, 300], rows: [row(0, [c(0, '丁'), c(1, '5')])] };
    const { lines, blocks } = toDocument([[page1], [page2]]);
    expect(lines.map((l) => l.text)).toEqual(['甲\t乙\t丙', '丁\t\t5']);
    expect((blocks[1] as LayoutTable).cells.map((x) => [x.col, x.colSpan, x.text])).toEqual([[0, 2, '丁'], [2, 1, '5']]);
  });

  it('joins the rest of a cell a page break went through (open below, open above) to the cell it continues', () => {
    const cells1 = [row(0, [c(0, '满意度指标'), c(1, '服务对象满意'), c(2, '8')])];
    const page1 = table(cells1, { openBelow: [true, true, false] });
    // page 2: the rest of the broken cell in column 1 opens it, then a row of its own
    const page2 = () => table([row(0, [c(0, ''), c(1, '度指标'), c(2, '')]), row(20, [c(0, ''), c(1, '乙'), c(2, '6')])], { openAbove: [true, true, true] });
    const { lines, blocks } = toDocument([[page1], [page2()]]);
    expect(lines.map((l) => l.text)).toEqual(['满意度指标\t服务对象满意度指标\t8', '\t乙\t6']);
    expect((blocks[0] as LayoutTable).cells.find((x) => x.col === 1)).toMatchObject({ text: '服务对象满意度指标', raw: '服务对象满意度指标' });
    expect((blocks[1] as LayoutTable).rows).toBe(1);
    // closed by a rule, a first row with a figure of its own stays a row
    const closed = table(cells1, { openBelow: [false, false, false] });
    const own = table([row(0, [c(0, ''), c(1, '度指标'), c(2, '2')])]);
    expect(toDocument([[closed], [own]]).lines.map((l) => l.text)).toEqual(['满意度指标\t服务对象满意\t8', '\t度指标\t2']);
  });

  it('joins a first row that only finishes the texts of the row closing the page before, though a rule was drawn between them', () => {
    const page1 = table([row(0, [c(0, '应急物资采购'), c(1, '不高于市'), c(2, '6')])], { openBelow: [false, false, false] });
    const rest = () => table([row(0, [c(0, '价格'), c(1, '场均价'), c(2, '')]), row(20, [c(0, '乙'), c(1, '100%'), c(2, '8')])], { openAbove: [false, false, false] });
    expect(toDocument([[page1], [rest()]]).lines.map((l) => l.text)).toEqual(['应急物资采购价格\t不高于市场均价\t6', '乙\t100%\t8']);
    // a first row with a figure of its own is a row of its own
    const own = table([row(0, [c(0, '丙'), c(1, '场均价'), c(2, '5')])]);
    expect(toDocument([[page1], [own]]).lines).toHaveLength(2);
    // so is one with text where the row above had none
    const wider = table([row(0, [c(0, '价格'), c(1, ''), c(2, '另起')])]);
    expect(toDocument([[page1], [wider]]).lines.map((l) => l.text)).toEqual(['应急物资采购\t不高于市\t6', '价格\t\t另起']);
  });

  it('joins a unit left under its figure, and the end of a row of texts with only a few cells left', () => {
    const four = { xs: [0, 100, 200, 300, 400] };
    const closed = { ...four, openBelow: [false, false, false, false] };
    const scored = table([row(0, [c(0, '满'), c(1, '参训退役'), c(2, '≥90'), c(3, '8')])], closed);
    const unit = table([row(0, [c(0, '意度指标'), c(1, '军人满意度'), c(2, '%'), c(3, '')]), row(20, [c(0, ''), c(1, '乙'), c(2, '≥90%'), c(3, '7')])], four);
    expect(toDocument([[scored], [unit]]).lines.map((l) => l.text)).toEqual(['满意度指标\t参训退役军人满意度\t≥90%\t8', '\t乙\t≥90%\t7']);
    const keys = table([row(0, [c(0, '主管部门'), c(1, '某局'), c(2, '实施单位'), c(3, '某服务')])], closed);
    const end = table([row(0, [c(0, ''), c(1, ''), c(2, ''), c(3, '中心')])], four);
    expect(toDocument([[keys], [end]]).lines.map((l) => l.text)).toEqual(['主管部门\t某局\t实施单位\t某服务中心']);
    // three texts under a row of four are a row of its own
    const most = table([row(0, [c(0, ''), c(1, '某处'), c(2, '项目负责人'), c(3, '某人')])], four);
    expect(toDocument([[keys], [most]]).lines).toHaveLength(2);
  });

  it('continues a table in the rows that keep to its rules, and starts a table of its own where rows split other columns', () => {
    const page1 = table([row(0, [c(0, '资金来源'), c(1, '年初预算数'), c(2, '执行率')])]);
    // page 2: two funding rows on page 1's rules (0, 100, 200, 300), then an indicator part with a rule at 50 and 250
    const xs = [0, 50, 100, 200, 250, 300];
    const at = (col: number, text: string, colSpan?: number): RowCell => ({ col, text, ...(colSpan ? { colSpan } : {}) });
    const page2: Element = {
      kind: 'table', top: 0, bottom: 80, xs, rows: [
        row(0, [at(0, '财政拨款', 2), at(2, '10'), at(3, '90%', 2)]),
        row(20, [at(0, '其他资金', 2), at(2, '0'), at(3, '—', 2)]),
        row(40, [at(0, '一级'), at(1, '二级'), at(2, '三级'), at(3, '分值'), at(4, '得分')]),
      ],
    };
    const { lines, blocks } = toDocument([[page1], [page2]]);
    expect(lines.map((l) => l.text)).toEqual(['资金来源\t年初预算数\t执行率', '财政拨款\t10\t90%', '其他资金\t0\t—', '一级\t二级\t三级\t分值\t得分']);
    const [, head, rest] = blocks as LayoutTable[];
    expect(head).toMatchObject({ rows: 2, cols: 3 });
    expect(head!.cells.map((x) => [x.row, x.col, x.text])).toEqual([[0, 0, '财政拨款'], [0, 1, '10'], [0, 2, '90%'], [1, 0, '其他资金'], [1, 1, '0'], [1, 2, '—']]);
    expect(rest).toMatchObject({ rows: 1, cols: 5, prov: { page: 2, line: 4 } });
  });
});
