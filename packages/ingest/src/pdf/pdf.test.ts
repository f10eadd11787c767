import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, type SourceDocument, type TextLine } from '@ziping/core';
import { ingestFile } from '../ingest.ts';
import { unusableChars } from './page.ts';
import { colOf, expectFirstIndicatorRow } from './testing.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/${name}`, import.meta.url));
const squash = (s: string) => s.replace(/\s+/g, '');
const texts = (l: TextLine) => l.cells.map((c) => c.text);
/** A row's cells without the empty ones at its end, white space removed. */
const rowKey = (cells: string[]) => {
  const out = cells.map(squash);
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('|');
};

describe('a Chromium-printed form PDF (seed 000)', () => {
  let doc: SourceDocument;
  beforeAll(async () => { doc = await ingestFile(fixture('pdf/000_ca0dcd0154b0e201.pdf')); });
  const row = (first: string) => doc.lines.find((l) => l.cells.length > 1 && l.cells.some((c) => c.text === first))!;

  it('is read as a PDF with its pages and no unreadable page', () => {
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.pageCount).toBe(8);
    expect(doc.unreadablePages).toEqual([]);
    // every page's /MediaBox is [0 0 594.95996 841.91998]
    expect(doc.pageSizes).toEqual(Array.from({ length: 8 }, (_, i) => ({ page: i + 1, width: 594.96, height: 841.92 })));
  });

  it('gives every table row of the tab-separated seed, in order, with the same columns', () => {
    const seed = readFileSync(fixture('seeds/000_ca0dcd0154b0e201.txt'), 'utf8').split('\n')
      .filter((l) => l.includes('\t')).map((l) => rowKey(l.split('\t'))).filter((k) => k.replace(/\|/g, '') !== '');
    const pdf = doc.lines.filter((l) => l.cells.length > 1).map((l) => rowKey(texts(l)));
    expect(pdf).toEqual(seed);
  });

  it('puts row cells under their header columns (checked by hand against the form)', () => {
    expectFirstIndicatorRow(row('三级指标'), row('开展内部审计次数'));
    const funding = row('年度资金总额');
    expect(texts(funding).filter((t) => t !== '')).toEqual(['年度资金总额', '17948700.00', '31611787.00', '27433741.7', '10', '0.87', '8.7']);
    expect(colOf('17948700.00', funding)).toBe(colOf('年初预算数', row('年初预算数')));
  });

  it('joins a cell wrapped over several lines into one text and keeps its box', () => {
    const r = row('行政诉讼');
    const reason = r.cells.find((c) => c.text.startsWith('本年度推动'))!;
    expect(reason.text).toBe('本年度推动实质化解行政争议纠纷,通过释法明理将矛盾纠纷化解于诉前,有效减少本年度诉讼量,致本年度行政诉讼数量未达预期指标。');
    const [x0, y0, x1, y1] = reason.bbox!;
    expect(x1 - x0).toBeGreaterThan(20);
    expect(y1 - y0).toBeGreaterThan(30); // several lines high
    // cells of one column share their left edge
    const nameX = [row('开展内部审计次数'), row('法律意见')].map((l) => l.cells[3]!.bbox![0]);
    expect(nameX[0]).toBeCloseTo(nameX[1]!, 1);
  });

  it('keeps titles and 附件 labels as plain lines and drops the running head and page numbers', () => {
    const plain = doc.lines.filter((l) => l.cells.length === 1).map((l) => l.text);
    expect(plain.filter((t) => /^附件/.test(t))).toEqual(['附件 1-1', '附件 1-2', '附件 1-3', '附件 1-4']);
    expect(plain.filter((t) => t === '项目支出绩效自评表')).toHaveLength(4);
    expect(doc.lines.some((l) => /绩效自评材料|^—\s*\d+\s*—$/.test(l.text))).toBe(false);
  });

  it('numbers lines through the document and drops the header row repeated on a continuation page', () => {
    expect(doc.lines.map((l) => l.line)).toEqual(doc.lines.map((_, i) => i + 1));
    const pages = doc.lines.map((l) => l.page);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    const headers = doc.lines.filter((l) => l.cells.some((c) => c.text === '三级指标'));
    expect(headers).toHaveLength(4); // one per form, though the PDF prints five
  });
});

describe('a form printed on landscape pages (seed 004)', () => {
  it('reads it with the wide page geometry and its columns intact', async () => {
    const doc = await ingestFile(fixture('pdf/004_339364824c9abd23.pdf'));
    // two of its /MediaBoxes are [0 0 841.91998 594.95996]
    expect(doc.pageSizes!.filter((p) => p.width > p.height).map((p) => [p.width, p.height])).toEqual([[841.92, 594.96], [841.92, 594.96]]);
    const at = doc.lines.findIndex((l) => l.cells.some((c) => c.text === '医疗保障经办管理'));
    const project = doc.lines[at]!;
    expect(Math.max(...project.cells.flatMap((c) => (c.bbox ? [c.bbox[2]] : [])))).toBeGreaterThan(700); // wider than A4 portrait (595 pt)
    const rest = doc.lines.slice(at);
    const header = rest.find((l) => l.cells.some((c) => c.text === '三级指标'))!;
    const total = rest.find((l) => l.cells[0]?.text === '总分')!;
    expect(total.cells.find((c) => c.text === '90.67')!.col).toBe(header.cells.find((c) => c.text === '得分')!.col);
    const row = rest.find((l) => l.cells.some((c) => c.text === '资料收取业务量'))!;
    expect(row.cells.find((c) => c.text === '6155 笔')!.col).toBe(header.cells.find((c) => c.text === '实际完成值')!.col);
  });
});

describe('a Chinese font that is not embedded', () => {
  // 项目名称 and its value, set a wide space apart, are a form's field row (a table row alone)
  const CONTENT = ['附件 9', '项目支出绩效自评表', '项目名称\t测试项目', '总分 95.5', '分值\t得分', '5\t4'];
  it('is read through the bundled CMaps', async () => {
    const doc = await ingestFile(fixture('pdf/nonembedded-font.pdf'));
    expect(doc.lines.map((l) => l.text)).toEqual(CONTENT);
    expect(doc.lines[5]!.cells.map((c) => c.col)).toEqual([0, 1]);
    expect(doc.unreadablePages).toEqual([]);
  });
  it('reads a page displayed sideways (/Rotate 90) as its text runs, table included', async () => {
    const doc = await ingestFile(fixture('pdf/rotated-page.pdf'));
    expect(doc.lines.map((l) => l.text)).toEqual(CONTENT);
    // /MediaBox [0 0 595 842] displayed turned (/Rotate 90), read upright again: its boxes are in the unturned page
    expect(doc.pageSizes).toEqual([{ page: 1, width: 595, height: 842 }]);
  });
});

describe('pages without a text layer', () => {
  it('reports an image-only page instead of reading text from it', async () => {
    const doc = await ingestFile(fixture('pdf/image-only-page.pdf'), { ocr: false });
    expect(doc.pageCount).toBe(2);
    expect(doc.unreadablePages).toEqual([2]);
    expect(doc.lines.map((l) => [l.page, l.text])).toEqual([[1, 'Scanned attachment follows.']]);
  });

  it('reports a page whose glyphs have no Unicode mapping instead of yielding garbage', async () => {
    const doc = await ingestFile(fixture('pdf/unmapped-glyphs.pdf'), { ocr: false });
    expect(doc.unreadablePages).toEqual([1]);
    expect(doc.lines).toEqual([]);
  });

  it('hands such pages to OCR and records the engine, keeping the text layer of the others', async () => {
    const doc = await ingestFile(fixture('pdf/image-only-page.pdf'));
    expect(doc.ocr).toMatchObject({ engine: 'paddle', pages: [2] });
    expect(doc.lines.filter((l) => l.page === 1).map((l) => l.text)).toEqual(['Scanned attachment follows.']);
  });

  it('counts characters outside the scripts of these documents as unusable', () => {
    expect(unusableChars('项目支出绩效自评表 ≥95% (DRG)，完成')).toEqual({ chars: 21, bad: 0 });
    expect(unusableChars('༪ᬳⰁ਑㍄ ሴէ⪼ф').bad).toBe(8);
  });
});

describe('bad PDFs', () => {
  const failure = async (name: string) => {
    const path = fixture(`pdf/${name}`);
    const e = await ingestFile(path).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toContain(path);
    return (e as InputError).code;
  };
  it('a truncated PDF is CORRUPT_PDF', async () => { expect(await failure('corrupt.pdf')).toBe('CORRUPT_PDF'); });
  it('a password-protected PDF is ENCRYPTED_PDF', async () => { expect(await failure('encrypted.pdf')).toBe('ENCRYPTED_PDF'); });
  it('a PDF without pages is NO_PAGES', async () => { expect(await failure('zero-pages.pdf')).toBe('NO_PAGES'); });
  it('a page without a text layer that the OCR renderer cannot draw is CORRUPT_PDF, naming the page', async () => {
    // seed 000 with bytes overwritten at random: page 2's text layer is lost and its content cannot be drawn
    expect(await failure('unrenderable-page.pdf')).toBe('CORRUPT_PDF');
    const e = (await ingestFile(fixture('pdf/unrenderable-page.pdf')).catch((err: unknown) => err)) as InputError;
    expect(e.message).toMatch(/page 2 cannot be rendered for OCR/);
  });
});
