import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isInputError, tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { ingestBytes } from '../ingest.ts';
import { sniffMediaType } from '../detect.ts';
import { displayNumber } from './numbers.ts';
import { readXlsx } from './xlsx.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const at = (t: LayoutTable, text: string) => t.cells.find((c) => c.text === text);

/** A workbook as Excel would write it (shared strings, styles, print settings), via exceljs. */
async function formWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附件1-2');
  ws.mergeCells('A1:D1');
  ws.getCell('A1').value = '项目支出绩效自评表';
  ws.addRow([]);
  ws.getRow(2).values = ['资金', '全年预算数', '执行率', '单价'];
  ws.getRow(3).values = ['年度资金总额', 1426.5, 0.9565, 399.15151];
  ws.getRow(4).values = [null, 1800.36, 0.1 + 0.2, '部分设施交接；\n已落实运维。'];
  ws.mergeCells('A3:A4');
  ws.getCell('B3').numFmt = '#,##0.00';
  ws.getCell('C3').numFmt = '0.00%';
  ws.getCell('D3').numFmt = '0.0000';
  ws.getCell('A6').value = '填报日期：2023年3月28日';
  ws.pageSetup.printTitlesRow = '2:2'; // repeated on every printed page: still read once
  ws.headerFooter.oddHeader = '&C页眉不是内容';
  wb.addWorksheet('附件1-3').addRows([['a', 'b'], ['c', 'd']]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A minimal package from XML strings, for what exceljs will not write. */
function pkg(sheets: string[], extra: Record<string, string> = {}, sheetAttrs: string[] = []): Buffer {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<workbook xmlns:r="r"><sheets>${sheets.map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}" ${sheetAttrs[i] ?? ''}/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<Relationships>${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://x/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rS" Type="http://x/styles" Target="styles.xml"/><Relationship Id="rT" Type="http://x/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`),
  };
  sheets.forEach((s, i) => { files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<worksheet><sheetData>${s}</sheetData></worksheet>`); });
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v);
  return Buffer.from(zipSync(files));
}
const str = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;

describe('readXlsx', () => {
  it('shows each cell as displayed, merged ranges as spans, titles and notes as paragraphs', async () => {
    const read = readXlsx(await formWorkbook());
    expect(read.pageCount).toBe(2);
    expect(read.blocks.map((b) => (b.kind === 'table' ? `T${b.rows}x${b.cols}` : b.text))).toEqual(['项目支出绩效自评表', 'T3x4', '填报日期：2023年3月28日', 'T2x2']);
    const [t] = tables(read.blocks);
    expect(tableGrid(t!).map((r) => r.map((c) => c?.text))).toEqual([
      ['资金', '全年预算数', '执行率', '单价'],
      ['年度资金总额', '1,426.50', '95.65%', '399.1515'],
      ['年度资金总额', '1800.36', '0.3', '部分设施交接；已落实运维。'],
    ]);
    expect(at(t!, '年度资金总额')).toMatchObject({ row: 1, col: 0, rowSpan: 2, colSpan: 1, prov: { page: 1, ref: '附件1-2!A3' } });
    expect(at(t!, '部分设施交接；已落实运维。')!.raw).toBe('部分设施交接；\n已落实运维。');
    expect(read.lines.map((l) => l.text).join('\n')).not.toContain('页眉');
    expect(read.lines.filter((l) => l.text.startsWith('资金'))).toHaveLength(1);
    expect(tables(read.blocks)[1]!.cells[3]!.prov).toEqual({ page: 2, line: 7, ref: '附件1-3!B2' });
  });

  it('cites lines that exist: one per printed row, numbered through the workbook', async () => {
    const read = readXlsx(await formWorkbook());
    expect(read.lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const b of read.blocks) {
      const provs = b.kind === 'table' ? b.cells.map((c) => c.prov) : [b.prov];
      for (const p of provs) expect(read.lines[p.line - 1]!.page).toBe(p.page);
    }
    expect(read.lines[2]!.cells.map((c) => c.col)).toEqual([0, 1, 2, 3]);
  });

  it('formats numbers with the format code, General to 15 significant digits', () => {
    expect(displayNumber('1426.5', '#,##0.00')).toBe('1,426.50');
    expect(displayNumber('0.9565', '0.00%')).toBe('95.65%');
    expect(displayNumber('1800.3600000000001', 'General')).toBe('1800.36');
    expect(displayNumber('12', '@')).toBe('12');
    expect(displayNumber('45013', 'yyyy/m/d')).toBe('2023/3/28');
    expect(displayNumber('43551', 'yyyy/m/d', true)).toBe('2023/3/28');
  });

  it('reads shared strings without phonetic guides, built-in formats, escapes and prefixed XML', () => {
    const buf = pkg(
      ['<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="1"><x:v>45013</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c><x:c r="D1" t="b"><x:v>1</x:v></x:c></x:row>'],
      {
        'xl/sharedStrings.xml': '<sst><si><r><t>项目</t></r><r><t>名称</t></r><rPh><t>xiangmu</t></rPh></si><si><t>a_x000D_b &amp; c</t></si></sst>',
        'xl/styles.xml': '<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
      },
    );
    expect(readXlsx(buf).lines[0]!.cells.map((c) => c.text)).toEqual(['项目名称', '2023/3/28', 'a b & c', 'TRUE']);
  });

  // 2 s: a hang guard, not a benchmark (reading this takes some tens of milliseconds).
  it('reads 10,000 empty styled rows as nothing, and clips merges to the printed cells', { timeout: 2000 }, () => {
    // What Excel and WPS write for a formatted, empty form area: rows with only style attributes,
    // cells with a style and no value, an empty value, a shared string that is empty.
    const empty = Array.from({ length: 10_000 }, (_, i) => {
      const r = i + 4;
      return i % 2 === 0
        ? `<row r="${r}" spans="1:8" s="3" customFormat="1" ht="20.1" customHeight="1"/>`
        : `<row r="${r}" s="3" customFormat="1"><c r="A${r}" s="1"/><c r="B${r}" s="1" t="n"></c><c r="C${r}" s="2"><v></v></c><c r="D${r}" s="1" t="s"><v>1</v></c></row>`;
    }).join('');
    const rows = `<row r="1">${str('A1', '标题')}</row><row r="2">${str('A2', 'x')}${str('B2', 'y')}</row><row r="3">${str('B3', 'z')}</row>${empty}`;
    const merges = '<mergeCell ref="A1:XFD1"/><mergeCell ref="A2:A1048576"/>';
    const read = readXlsx(pkg([`${rows}</sheetData><mergeCells>${merges}</mergeCells><sheetData>`], { 'xl/sharedStrings.xml': '<sst><si><t>a</t></si><si><t></t></si></sst>' }));
    expect(read.lines).toHaveLength(3);
    expect(read.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table']);
    const [t] = tables(read.blocks);
    expect(t).toMatchObject({ rows: 2, cols: 2, prov: { ref: 'S1!A2:B3' } });
    expect(at(t!, 'x')).toMatchObject({ rowSpan: 2, colSpan: 1 });
  });

  it('skips hidden sheets (drop-down lists) but keeps page = sheet position', () => {
    const read = readXlsx(pkg([`<row r="1">${str('A1', 'list')}</row>`, `<row r="1">${str('C7', 'a')}${str('D7', 'b')}</row>`], {}, ['state="hidden"']));
    expect(read.lines.map((l) => [l.page, l.text])).toEqual([[2, 'a\tb']]);
    expect(tables(read.blocks)[0]!.cells[0]!.prov.ref).toBe('S2!C7');
  });
});

describe('Office files through ingestBytes', () => {
  it('sniffs an .xlsx and a macro-enabled .xlsm by their parts, whatever their name', async () => {
    const xlsm = pkg([`<row r="1">${str('A1', 'a')}${str('B1', 'b')}</row>`], { 'xl/vbaProject.bin': 'macro' });
    expect(sniffMediaType(xlsm)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const doc = ingestBytes(await formWorkbook(), 'upload.bin');
    expect(doc).toMatchObject({ mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pageCount: 2 });
    expect(ingestBytes(xlsm, 'm.xlsm').lines[0]!.text).toBe('a\tb');
  });

  it('reads a macro-enabled .xlsm normally, never touching its macros', () => {
    const types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>';
    const xlsm = pkg([`<row r="1">${str('A1', '项目名称')}${str('B1', '绩效')}</row>`], { '[Content_Types].xml': types });
    // vbaProject.bin as a damaged entry: were it unpacked, the read would fail on its CRC
    const files = unzipSync(xlsm);
    files['xl/vbaProject.bin'] = new Uint8Array(4096).fill(7);
    const withMacros = Buffer.from(zipSync(files, { level: 0 }));
    const at = withMacros.indexOf(Buffer.alloc(64, 7));
    withMacros[at] = 8;
    expect(sniffMediaType(withMacros)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(ingestBytes(withMacros, 'm.xlsm').lines.map((l) => l.text)).toEqual(['项目名称\t绩效']);
  });

  const fails = (buf: Buffer) => { try { ingestBytes(buf, 'f'); } catch (e) { if (isInputError(e)) return [e.code, e.message]; throw e; } return null; };
  it('types bad input: corrupt ZIP, foreign ZIP, empty workbook (OLE files: legacy.test.ts, ZIP damage: zip.test.ts)', async () => {
    const good = await formWorkbook();
    expect(fails(good.subarray(0, good.length >> 1))).toEqual(['UNREADABLE', expect.stringContaining('corrupt or truncated')]);
    expect(fails(Buffer.from(zipSync({ 'a.txt': strToU8('hi') })))).toEqual(['UNSUPPORTED_TYPE', expect.stringContaining('not an .xlsx or .docx')]);
    expect(fails(pkg(['<row r="1"><c r="A1" s="1"/></row>']))?.[0]).toBe('EMPTY_FILE');
  });
});

const corpus = resolve(import.meta.dirname, '../../../../fixtures/corpus/xlsx');
describe('corpus workbooks', () => {
  it('d01: a sheet per page, displayed percentages, the table under its titles', () => {
    const read = readXlsx(readFileSync(`${corpus}/d01_fenglin_slj_2022.xlsx`));
    expect(read.pageCount).toBe(3);
    const [t] = tables(read.blocks);
    expect(t!.prov.ref).toBe('附件2-1!A4:J25');
    expect(at(t!, '97.32%')!.prov.ref).toBe('附件2-1!I7');
    expect(at(t!, '绩效指标')).toMatchObject({ rowSpan: 13, colSpan: 1 });
  });
});
