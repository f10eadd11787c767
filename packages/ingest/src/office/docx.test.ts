import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isInputError, tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { ingestBytes } from '../ingest.ts';
import { readDocx } from './docx.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const at = (t: LayoutTable, text: string) => t.cells.find((c) => c.text === text);

/** A .docx zipped from a document body, as the smallest package Word opens. */
const docx = (body: string) =>
  Buffer.from(zipSync({
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w"><w:body>${body}<w:sectPr/></w:body></w:document>`),
  }));
const p = (text: string, extra = '') => `<w:p>${extra}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (inner: string, pr = '') => `<w:tc><w:tcPr><w:tcW w:w="100"/>${pr}</w:tcPr>${inner}</w:tc>`;
const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;

describe('readDocx', () => {
  const form = docx([
    p('项目支出绩效自评表'),
    '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>',
    tr(tc(p('项目名称')), tc(p('食品安全抽检'), '<w:gridSpan w:val="2"/>')),
    tr(tc(p('产出指标'), '<w:vMerge w:val="restart"/>'), tc(p('部分设施交接；') + p('已落实运维。')), tc(p('Target') + p('met'))),
    tr(tc(p(''), '<w:vMerge/>'), tc(p('≥12座')), tc('<w:p/>')),
    '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>', tc(p('总分'), '<w:gridSpan w:val="2"/>'), '</w:tr>',
    '</w:tbl>',
    p('填报日期：2023年3月28日'),
  ].join(''));

  it('keeps body order, gridSpan as colSpan, a vMerge run as one cell with rowSpan', () => {
    const read = readDocx(form);
    expect(read.blocks.map((b) => (b.kind === 'table' ? `T${b.rows}x${b.cols}` : b.text))).toEqual(['项目支出绩效自评表', 'T4x3', '填报日期：2023年3月28日']);
    const [t] = tables(read.blocks);
    expect(tableGrid(t!).map((r) => r.map((c) => c?.text ?? null))).toEqual([
      ['项目名称', '食品安全抽检', '食品安全抽检'],
      ['产出指标', '部分设施交接；已落实运维。', 'Target met'],
      ['产出指标', '≥12座', null],
      [null, '总分', '总分'],
    ]);
    expect(t!.cells.filter((c) => c.text === '产出指标')).toHaveLength(1);
    expect(at(t!, '产出指标')).toMatchObject({ row: 1, col: 0, rowSpan: 2, colSpan: 1 });
    expect(at(t!, '部分设施交接；已落实运维。')!.raw).toBe('部分设施交接；\n已落实运维。');
  });

  it('cites t<k> r<row> c<col> for cells, p<k> for paragraphs, and lines that exist', () => {
    const read = readDocx(form);
    const [t] = tables(read.blocks);
    expect(at(t!, '≥12座')!.prov).toEqual({ page: 1, line: 4, ref: 't1 r3 c2' });
    expect(at(t!, '总分')!.prov.ref).toBe('t1 r4 c2');
    expect(t!.prov).toEqual({ page: 1, line: 2, lineEnd: 5 });
    expect(read.blocks.at(-1)!.prov).toEqual({ page: 1, line: 6, ref: 'p2' });
    expect(read.lines.map((l) => l.text)).toEqual(['项目支出绩效自评表', '项目名称\t食品安全抽检', '产出指标\t部分设施交接；已落实运维。\tTarget met', '≥12座', '总分', '填报日期：2023年3月28日']);
    expect(read.lines[3]!.cells).toEqual([{ text: '≥12座', col: 1 }]);
  });

  it('prints what Word prints: no tab stops, field codes, deleted text or fallback copies', () => {
    const read = readDocx(docx([
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>',
      '<w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>old</w:delText></w:r></w:del><w:ins><w:r><w:t>new</w:t></w:r></w:ins>',
      '<mc:AlternateContent><mc:Choice><w:r><w:t>box</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>box</w:t></w:r></mc:Fallback></mc:AlternateContent>',
      '<w:r><w:br/><w:t>x&amp;y</w:t></w:r></w:p>',
    ].join('')));
    expect(read.blocks).toEqual([{ kind: 'paragraph', text: 'a bnewbox x&y', raw: 'a\tbnewbox\nx&y', prov: { page: 1, line: 1, ref: 'p1' } }]);
  });

  it('counts explicit page breaks, or only the rendered ones when Word left them', () => {
    const explicit = readDocx(docx([
      p('one'), '<w:p><w:r><w:br w:type="page"/></w:r></w:p>', p('two'),
      '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:pPr></w:p>', p('three'),
      p('four', '<w:pPr><w:pageBreakBefore/></w:pPr>'),
    ].join('')));
    expect(explicit.lines.map((l) => `${l.page}${l.text}`)).toEqual(['1one', '2two', '3three', '4four']);
    expect(explicit.pageCount).toBe(4);
    const rendered = readDocx(docx([
      p('one'), '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
      '<w:p><w:r><w:lastRenderedPageBreak/><w:t>two</w:t></w:r></w:p>', p('same page'),
    ].join('')));
    expect(rendered.lines.map((l) => `${l.page}${l.text}`)).toEqual(['1one', '2two', '2same page']);
  });

  it('reads a macro-enabled .docm normally, never touching its macros', () => {
    const docm = Buffer.from(zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'),
      'word/document.xml': strToU8(`<w:document xmlns:w="w"><w:body>${p('项目支出绩效自评表')}</w:body></w:document>`),
      'word/vbaProject.bin': new Uint8Array(4096).fill(7),
    }, { level: 0 }));
    docm[docm.indexOf(Buffer.alloc(64, 7))] = 8; // damaged: were the macros unpacked, the CRC would fail the read
    expect(ingestBytes(docm, 'm.docm')).toMatchObject({ mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', lines: [{ text: '项目支出绩效自评表' }] });
  });

  it('reads through Office files in ingestBytes: media type, empty document', () => {
    expect(ingestBytes(form, 'x.bin')).toMatchObject({ mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pageCount: 1 });
    let code = '';
    try { ingestBytes(docx(p(' ')), 'e.docx'); } catch (e) { if (isInputError(e)) code = e.code; }
    expect(code).toBe('EMPTY_FILE');
  });
});

const corpus = resolve(import.meta.dirname, '../../../../fixtures/corpus/docx');
describe('corpus documents', () => {
  it('d02: merged cells as spans, the title and unit as paragraphs', () => {
    const read = readDocx(readFileSync(`${corpus}/d02_luzhou_scjg_2023.docx`));
    expect(read.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'table']);
    const [t] = tables(read.blocks);
    expect(at(t!, '项目资金（万元）')).toMatchObject({ row: 2, col: 0, rowSpan: 5, colSpan: 1, prov: { ref: 't1 r3 c1' } });
    expect(at(t!, '绩效指标')).toMatchObject({ rowSpan: 12 });
    expect(at(t!, '总分')).toMatchObject({ colSpan: 6 });
  });

  it('d03: one page per form, from the page breaks', () => {
    const read = readDocx(readFileSync(`${corpus}/d03_tongxi_wjj_2021.docx`));
    expect(tables(read.blocks).map((t) => t.prov.page)).toEqual([1, 2, 3]);
  });
});
