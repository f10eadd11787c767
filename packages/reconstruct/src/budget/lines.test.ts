import { describe, expect, it } from 'vitest';
import type { LayoutBlock, SourceDocument } from '@ziping/core';
import { readText } from '@ziping/ingest';
import { reconstruct } from '../reconstruct.ts';
import { linesOfBlocks } from './lines.ts';

const cell = (row: number, col: number, text: string, span: [number, number] = [1, 1]) =>
  ({ row, col, rowSpan: span[0], colSpan: span[1], text, raw: text, prov: { page: 1, line: 10 + row } });

describe('linesOfBlocks', () => {
  it('gives a table row a cell per column, a merged cell in its first column, and a paragraph one cell', () => {
    const blocks: LayoutBlock[] = [
      { kind: 'paragraph', text: '单位：万元', raw: '单位：万元', prov: { page: 1, line: 9 } },
      { kind: 'table', rows: 2, cols: 3, prov: { page: 1, line: 10 }, cells: [
        cell(0, 0, '项目', [2, 1]), cell(0, 1, '预算数', [1, 2]), cell(1, 1, '合计'), cell(1, 2, '基本支出'),
      ] },
    ];
    expect(linesOfBlocks(blocks).map((l) => [l.line, l.cells.map((c) => c.text), l.loose ?? false])).toEqual([
      [9, ['单位：万元'], false],
      [10, ['项目', '预算数', ''], false],
      [11, ['', '合计', '基本支出'], false],
    ]);
  });

  it('gives a row of a loose table (cells guessed from spaces) its printed cells in order, marked loose', () => {
    const blocks: LayoutBlock[] = [{ kind: 'table', rows: 1, cols: 5, prov: { page: 1, line: 10 }, looseCells: true, cells: [
      cell(0, 0, '205'), cell(0, 1, '教育支出'), cell(0, 4, '20.00'),
    ] }];
    expect(linesOfBlocks(blocks)).toEqual([{
      page: 1, line: 10, text: '205 教育支出 20.00', loose: true,
      cells: [{ text: '205', col: 0 }, { text: '教育支出', col: 1 }, { text: '20.00', col: 2 }],
    }]);
  });
});

// A budget table published as a web page: read from the page's table, not its markup lines.
const PAGE = `<html><head><meta charset="utf-8"></head><body>
<p>表1</p><p>收支总表</p><p>单位名称：某市某局</p><p>单位：万元</p>
<table>
<tr><td colspan="2">收入</td><td colspan="2">支出</td></tr>
<tr><td>项 目</td><td>2021年预算数</td><td>项 目</td><td>2021年预算数</td></tr>
<tr><td>一、政府预算拨款</td><td>300</td><td>一、教育支出</td><td>100</td></tr>
<tr><td>1. 一般公共预算拨款</td><td>300</td><td>二、卫生健康支出</td><td>200</td></tr>
<tr><td></td><td></td><td>行政运行</td><td>200</td></tr>
</table></body></html>`;

describe('budget tables of a structured source', () => {
  it('are read from its layout tables, one line per row with a cell per column', () => {
    const doc: SourceDocument = { name: 'b.html', path: 'b.html', mediaType: 'text/plain', sha256: 'x', bytes: 0, pageCount: 1, ...readText(PAGE) };
    const { forms, tables } = reconstruct(doc);
    expect(forms).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ title: '收支总表', code: '表1', entity: '某市某局', amount_unit: '万元', columns: ['2021年预算数'] });
    expect(tables[0]!.rows.map((r) => [r.label, ...r.values])).toEqual([
      ['一、政府预算拨款', 300], ['1. 一般公共预算拨款', 300],
      ['一、教育支出', 100], ['二、卫生健康支出', 200], ['行政运行', 200],
    ]);
  });
});

describe('a seed report as a web page', () => {
  it('gives the same budget tables and target declarations as its tab dump', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const text = readFileSync(fileURLToPath(new URL('../../../../fixtures/seeds/003_69315ee9fbc7324a.txt', import.meta.url)), 'utf8');
    // every tab row a table row, every other line a paragraph: how a site would publish it
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const parts: string[] = [];
    let rows: string[] = [];
    const flush = () => { if (rows.length) parts.push(`<table>${rows.join('')}</table>`); rows = []; };
    for (const l of text.split('\n')) {
      if (l.includes('\t')) { rows.push(`<tr>${l.split('\t').map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`); continue; }
      flush();
      if (l.trim()) parts.push(`<p>${esc(l.replace(/^[#\- ]+/, '').trim())}</p>`);
    }
    flush();
    const page = `<html><head><meta charset="utf-8"></head><body>${parts.join('\n')}</body></html>`;
    const read = (t: string) => reconstruct({ name: 'x', path: 'x', mediaType: 'text/plain', sha256: 'x', bytes: 0, pageCount: 1, ...readText(t) });
    const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'prov' ? undefined : v)));
    const dump = read(text);
    const web = read(page);
    expect(web.tables.length).toBe(9);
    expect(strip(web.tables)).toEqual(strip(dump.tables));
    expect(web.forms.filter((f) => f.kind === 'target').length).toBe(10);
    expect(strip(web.forms)).toEqual(strip(dump.forms));
  });
});
