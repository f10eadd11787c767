import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { htmlCharset, readHtml } from './html.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const paras = (b: LayoutBlock[]) => b.flatMap((x) => (x.kind === 'paragraph' ? [x.text] : []));
const at = (t: LayoutTable, text: string) => t.cells.find((c) => c.text === text);

describe('readHtml tables', () => {
  it('places rowspans and colspans in slots (two-row header under a merged cell)', () => {
    const [t] = tables(readHtml(`<table>
<tr><td rowspan="3">绩效指标</td><td rowspan="2">一级指标</td><td colspan="3">年度指标值</td><td rowspan="2">实际值</td></tr>
<tr><td>指标方向</td><td>指标值</td><td>计量单位</td></tr>
<tr><td>产出指标</td><td>正向</td><td>6</td><td>个</td><td>6</td></tr>
</table>`));
    expect(t).toMatchObject({ rows: 3, cols: 6 });
    expect(at(t!, '年度指标值')).toMatchObject({ row: 0, col: 2, rowSpan: 1, colSpan: 3 });
    expect(['指标方向', '指标值', '计量单位'].map((s) => at(t!, s)?.col)).toEqual([2, 3, 4]);
    expect(at(t!, '实际值')).toMatchObject({ row: 0, col: 5, rowSpan: 2 });
    expect(at(t!, '产出指标')).toMatchObject({ row: 2, col: 1 });
    expect(tableGrid(t!)[2]!.map((c) => c?.text)).toEqual(['绩效指标', '产出指标', '正向', '6', '个', '6']);
  });

  it('cites the line of each cell and a 1-based table/row/column ref', () => {
    const [t] = tables(readHtml('<p>x</p>\n<table>\n<tr><td>a</td>\n<td>b</td></tr>\n</table>\n<table><tr><td>c</td><td>d</td></tr></table>').slice(1));
    expect(at(t!, 'b')!.prov).toEqual({ page: 1, line: 4, ref: 't1 r1 c2' });
    expect(t!.prov).toEqual({ page: 1, line: 2, lineEnd: 4 });
    expect(at(tables(readHtml('<table><tr><td>a</td><td>b</td></tr></table>\n<table><tr><td>c</td><td>d</td></tr></table>'))[1]!, 'd')!.prov.ref).toBe('t2 r1 c2');
  });

  it('joins <br> and <p> breaks and source wraps with joinWrapped; raw keeps the lines', () => {
    const [t] = tables(readHtml('<table><tr><td><p>部分设施交接；<br/>已落实运维。</p></td><td><p>Target</p><p>met</p></td><td>项目\n名称</td></tr></table>'));
    expect(t!.cells.map((c) => c.text)).toEqual(['部分设施交接；已落实运维。', 'Target met', '项目名称']);
    expect(t!.cells[0]!.raw).toBe('部分设施交接；\n已落实运维。');
  });

  it('decodes entities and omits cells that print nothing', () => {
    const [t] = tables(readHtml('<table><tr><td><p>&nbsp;</p></td><td>&gt;=90&#37;</td><td>A&amp;B&nbsp;C</td><td> </td></tr></table>'));
    expect(t!.cells.map((c) => [c.col, c.text])).toEqual([[1, '≥90%'], [2, 'A&B C']]);
    expect(t!.cols).toBe(4);
  });

  it('closes cells and rows that the page leaves open', () => {
    const [t] = tables(readHtml('<TABLE><TR><TD>a<TD colspan=2>b<TR><th>c</th><td>d<td>e</TABLE><p>after'));
    expect(t!.cells.map((c) => `${c.row}${c.col}${c.text}`)).toEqual(['00a', '01b', '10c', '11d', '12e']);
    // rows behind a <form> wrapper, a caption read as a paragraph before the table
    const b = readHtml('<table><caption>表1</caption><form><tr><td>a</td><td>b</td></tr></form></table>');
    expect(b.map((x) => (x.kind === 'table' ? `${x.rows}x${x.cols}` : x.text))).toEqual(['表1', '1x2']);
  });

  it('reads a table of tables as page layout: inner tables come out as tables', () => {
    const b = readHtml('<table><tr><td><p>标题</p><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>');
    expect(b.map((x) => x.kind)).toEqual(['paragraph', 'table']);
    expect(tables(b)[0]!.cells.map((c) => c.text)).toEqual(['a', 'b']);
  });
});

describe('readHtml paragraphs and site chrome', () => {
  const page = `<html><head><title>T_site</title><style>p{}</style><script>var a = "<p>no</p>";</script></head><body>
<div class="top">Site name</div><nav><a>Home</a></nav><div class="main-nav"><a>News</a></div>
<div id="breadcrumb">Home &gt; News</div><header>Banner</header>
<div class="article"><h1>Report 2023</h1>
<div class="content">Lead text<p>First para</p><p>&nbsp;</p><ul><li>item one</li><li>item two</li></ul>
<p>line a<br>line b</p><div style="display:none">hidden</div></div></div>
<div class="siteFooter">Copyright</div><footer>Footer</footer></body></html>`;

  it('keeps block text in order and drops chrome, scripts, styles and hidden text', () => {
    expect(paras(readHtml(page))).toEqual(['Report 2023', 'Lead text', 'First para', 'item one', 'item two', 'line a', 'line b']);
  });

  it('keeps a table even inside an element whose class looks like chrome', () => {
    expect(tables(readHtml('<div class="header-box"><table><tr><td>a</td><td>b</td></tr></table></div>'))).toHaveLength(1);
  });

  it('keeps an article’s own header, and uses <title> only when there is no <h1>', () => {
    expect(paras(readHtml('<article><header><h2>Title</h2></header><p>x</p></article>'))).toEqual(['Title', 'x']);
    expect(paras(readHtml('<head><title>Page title</title></head><body><p>x</p></body>'))).toEqual(['Page title', 'x']);
  });

  it('cites the line where the paragraph text starts', () => {
    const [p] = readHtml('<html>\n<body>\n<p>\nhello\nworld</p>');
    expect(p).toMatchObject({ kind: 'paragraph', text: 'hello world', prov: { page: 1, line: 4, lineEnd: 5 } });
  });
});

describe('htmlCharset', () => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  it('reads <meta charset> and http-equiv Content-Type; GB2312/GBK read as GB18030', () => {
    expect(htmlCharset(b('<html><head><meta charset="utf-8">'))).toBe('utf-8');
    expect(htmlCharset(b('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))).toBe('gb18030');
    expect(htmlCharset(b("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=GBK'>"))).toBe('gb18030');
    expect(htmlCharset(b('<?xml version="1.0" encoding="GB18030"?><html>'))).toBe('gb18030');
    expect(htmlCharset(b('<meta charset="big5">'))).toBe('big5');
  });
  it('returns null without a declaration in the first 4 KB, or for an unknown label', () => {
    expect(htmlCharset(b('<html><p>x</p>'))).toBeNull();
    expect(htmlCharset(b(`<html>${' '.repeat(5000)}<meta charset="gbk">`))).toBeNull();
    expect(htmlCharset(b('<meta charset="no-such-charset">'))).toBeNull();
  });
});

const corpus = resolve(import.meta.dirname, '../../../../fixtures/corpus/html');
describe('corpus pages', () => {
  it('d04: 年度指标值 is one cell spanning the three cells below it', () => {
    const t = tables(readHtml(readFileSync(`${corpus}/d04_yanhu_sthjj_2020.html`, 'utf8')))[1]!;
    const head = at(t, '年度指标值')!;
    expect(head.colSpan).toBe(3);
    expect(t.cells.filter((c) => c.row === head.row + 1 && c.col >= head.col && c.col < head.col + 3).map((c) => c.text)).toEqual(['指标方向', '指标值', '计量单位']);
  });
  it('d06: the gb2312 meta decodes the page', () => {
    const buf = readFileSync(`${corpus}/d06_wugang_mzj_2019.html`);
    expect(htmlCharset(buf)).toBe('gb18030');
    expect(tables(readHtml(new TextDecoder('gb18030').decode(buf)))[0]!.cells[0]!.text).toBe('项目名称');
  });
});
