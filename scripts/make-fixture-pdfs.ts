// Renders the fixture PDFs of fixtures/pdf/ from the seeds. Run from the repo root:
//
//   apt-get install -y chromium fonts-wqy-microhei qpdf      # once
//   node --import tsx scripts/make-fixture-pdfs.ts
//
// Forms become HTML tables with borders (rowspan for merged level cells, colspan for label
// values, wrapped text, a repeated header row when a table continues over a page break,
// one landscape page) printed by headless Chromium with WenQuanYi Micro Hei, so the CJK
// font is embedded with a Unicode map. The bad-input PDFs are written by hand (or by qpdf).
//
// fixtures/pdf/borderless/ holds the same forms printed without any cell border (`border:
// none`), as many real documents print their tables: only text alignment shows the columns.
// `--borderless` writes only those (the ruled fixtures stay as they are).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { pdfFrom, pdfStream as stream } from '../packages/pipeline/src/testing/zipbytes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'fixtures/pdf');
const GOLD = process.env.ZIPING_GOLD ?? resolve(ROOT, '../shared/gold/forms');
mkdirSync(OUT, { recursive: true });

type Block =
  | { kind: 'para'; text: string; cls?: string }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'break' }
  | { kind: 'landscape'; blocks: Block[] };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ---- seeds as blocks -------------------------------------------------------------------

/** Non-tab lines are paragraphs; runs of tab lines (blank lines inside skipped) are tables. */
function seedBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let table: string[][] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.includes('\t')) {
      table ??= [];
      table.push(l.split('\t').map((c) => c.trim()));
      continue;
    }
    if (l.trim() === '') {
      const next = lines.slice(i + 1).find((x) => x.trim() !== '');
      if (table && next?.includes('\t')) continue;
    }
    if (table) { blocks.push({ kind: 'table', rows: table }); table = null; }
    if (l.trim() === '') continue;
    const t = l.trim();
    if (/^附件\s*\d/.test(t)) blocks.push({ kind: 'break' });
    blocks.push({ kind: 'para', text: t, cls: /自评表$|报告$/.test(t) ? 'title' : /^附件/.test(t) ? 'att' : undefined });
  }
  if (table) blocks.push({ kind: 'table', rows: table });
  return blocks;
}

// ---- gold forms as rows (004: the dump has no columns) ---------------------------------

interface GoldForm {
  attachment: string | null; title: string | null; project: string | null; department: string | null;
  amount_unit: string | null; total_score: number | null;
  funding: { source: string; initial_budget: number | null; annual_budget: number | null; executed: number | null; weight: number | null; rate: number | null; score: number | null }[];
  indicators: { level1: string | null; level2: string | null; name: string; target: string | null; actual: string | null; weight: number | null; score: number | null; deviation: string | null }[];
}

const amt = (n: number | null) => (n == null ? '' : n.toFixed(2));
const num = (n: number | null) => (n == null ? '—' : String(n));

function goldRows(f: GoldForm): string[][] {
  const rows: string[][] = [
    ['项目名称', f.project ?? '', '', '', '项目金额', amt(f.funding[0]?.annual_budget ?? null), '', '', ''],
    ['主管部门', f.department ?? '', '', '', '实施单位', '', '', '', ''],
    [`项目资金（${f.amount_unit ?? '元'}）`, '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分', ''],
  ];
  for (const r of f.funding) {
    const label = r.source === '年度资金总额' ? r.source : r.source === '当年财政拨款' ? `其中：${r.source}` : r.source;
    rows.push(['', label, amt(r.initial_budget), amt(r.annual_budget), amt(r.executed), num(r.weight), r.rate == null ? '—' : r.rate.toFixed(2), num(r.score), '']);
  }
  rows.push(['年度总体目标', '预期目标', '', '', '实际完成情况', '', '', '', '']);
  rows.push(['', '按年度计划完成各项工作任务。', '', '', '已按计划完成年度工作任务。', '', '', '', '']);
  rows.push(['年度绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']);
  let l1: string | null = null;
  let l2: string | null = null;
  for (const i of f.indicators) {
    rows.push(['', i.level1 !== l1 ? i.level1 ?? '' : '', i.level2 !== l2 || i.level1 !== l1 ? i.level2 ?? '' : '', i.name, i.target ?? '', i.actual ?? '', num(i.weight), num(i.score), i.deviation ?? '']);
    l1 = i.level1;
    l2 = i.level2;
  }
  const weights = f.funding[0]?.weight ?? 0;
  const sum = f.indicators.reduce((s, i) => s + (i.weight ?? 0), weights);
  rows.push(['总分', '', '', '', '', '', String(Math.round(sum * 100) / 100), num(f.total_score), '—']);
  return rows;
}

function goldBlocks(stem: string, seedText: string): Block[] {
  const gold = JSON.parse(readFileSync(join(GOLD, `${stem}.json`), 'utf8')) as { forms: GoldForm[] };
  // a little of the report's prose before the forms, as the real document has
  const prose = seedText.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(0, 24);
  const blocks: Block[] = prose.map((t) => ({ kind: 'para', text: t }));
  gold.forms.forEach((f, k) => {
    const form: Block[] = [
      { kind: 'para', text: f.attachment ?? '', cls: 'att' },
      { kind: 'para', text: f.title ?? '', cls: 'title' },
      { kind: 'table', rows: goldRows(f) },
    ];
    // the third form is printed on a landscape page
    if (k === 2) blocks.push({ kind: 'landscape', blocks: form });
    else blocks.push({ kind: 'break' }, ...form);
  });
  return blocks;
}

// ---- HTML ------------------------------------------------------------------------------

const LEVEL_HEADER = /^((年度)?绩效指标|一级指标|二级指标)$/;
const isIndicatorHeader = (r: string[]) => r.some((c) => /一级/.test(c)) && r.some((c) => /二级/.test(c));
const isSubHeader = (r: string[]) => {
  const cells = r.filter((c) => c !== '');
  return cells.length > 0 && cells.every((c) => /^(年初|调整后|全年|运算符号|内容|度量单位|目标值|完成值)/.test(c));
};

interface Cell { text: string; rowspan: number; colspan: number }

/** Lays out rows as cells: `mergeDown` columns absorb the empty cells below a label; `spanRight` joins empty cells into the label on their left. */
function layout(rows: string[][], n: number, mergeDown: Set<number>, spanRight: boolean): (Cell | null)[][] {
  const grid: (Cell | null | undefined)[][] = rows.map((r) => Array.from({ length: n }, (_, c) => (c < r.length ? undefined : undefined)));
  const text = (r: number, c: number) => rows[r]![c] ?? '';
  for (let c = 0; c < n; c++) {
    let anchor: Cell | null = null;
    for (let r = 0; r < rows.length; r++) {
      if (mergeDown.has(c) && anchor && text(r, c) === '') { anchor.rowspan++; grid[r]![c] = null; continue; }
      const cell: Cell = { text: text(r, c), rowspan: 1, colspan: 1 };
      grid[r]![c] = cell;
      anchor = text(r, c) !== '' || anchor ? cell : null;
    }
  }
  if (spanRight) {
    for (let r = 0; r < rows.length; r++) {
      for (let c = 0; c < n; c++) {
        const cell = grid[r]![c];
        if (!cell || cell.text === '' || cell.rowspan > 1) continue;
        let k = c + 1;
        while (k < n) {
          const o = grid[r]![k];
          if (!o || o.text !== '' || o.rowspan > 1) break;
          grid[r]![k] = null;
          cell.colspan++;
          k++;
        }
      }
    }
  }
  return grid as (Cell | null)[][];
}

function rowsHtml(grid: (Cell | null)[][]): string {
  return grid.map((r) => `<tr>${r.map((c) => (c ? `<td${c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}>${esc(c.text)}</td>` : '')).join('')}</tr>`).join('\n');
}

function tableHtml(rows: string[][]): string {
  // columns empty in every row (trailing tabs of the dump) are not printed
  const n = Math.max(...rows.map((r) => r.reduce((k, c, i) => (c !== '' ? i + 1 : k), 0)));
  rows = rows.map((r) => [...r, ...Array<string>(n).fill('')].slice(0, n));
  // column widths by content: long text columns wider, figures narrow
  const w = Array.from({ length: n }, (_, c) => {
    const lens = rows.map((r) => [...r[c]!].length).sort((a, b) => a - b);
    const typical = lens[Math.floor(lens.length * 0.9)] ?? 1;
    return Math.min(Math.max(typical, lens[lens.length - 1]! > 12 ? 8 : 4), 18);
  });
  const total = w.reduce((a, b) => a + b, 0);
  const cols = `<colgroup>${w.map((x) => `<col style="width:${((x / total) * 100).toFixed(2)}%">`).join('')}</colgroup>`;
  const h = rows.findIndex(isIndicatorHeader);
  if (h < 0) return `<table>${cols}<tbody>${rowsHtml(layout(rows, n, new Set([0]), true))}</tbody></table>`;
  let hEnd = h + 1;
  while (hEnd < rows.length && isSubHeader(rows[hEnd]!)) hEnd++;
  const levelCols = new Set(rows[h]!.flatMap((c, i) => (LEVEL_HEADER.test(c) ? [i] : [])));
  const top = rows.slice(0, h);
  const parts = [];
  if (top.length) parts.push(`<table>${cols}<tbody>${rowsHtml(layout(top, n, new Set([0]), true))}</tbody></table>`);
  parts.push(`<table class="ind">${cols}<thead>${rowsHtml(layout(rows.slice(h, hEnd), n, levelCols, false))}</thead>` +
    `<tbody>${rowsHtml(layout(rows.slice(hEnd), n, levelCols, false))}</tbody></table>`);
  return parts.join('\n');
}

function blocksHtml(blocks: Block[]): string {
  return blocks.map((b) => {
    switch (b.kind) {
      case 'para': return `<p${b.cls ? ` class="${b.cls}"` : ''}>${esc(b.text)}</p>`;
      case 'table': return tableHtml(b.rows);
      case 'break': return '<div class="break"></div>';
      case 'landscape': return `<section class="land">${blocksHtml(b.blocks)}</section>`;
    }
  }).join('\n');
}

const CSS = `
@page { size: A4; margin: 18mm 14mm 16mm 14mm;
  @top-right { content: "绩效自评材料"; font-family: 'WenQuanYi Micro Hei'; font-size: 8pt; }
  @bottom-center { content: "— " counter(page) " —"; font-family: 'WenQuanYi Micro Hei'; font-size: 9pt; } }
@page land { size: A4 landscape; }
body { font-family: 'WenQuanYi Micro Hei'; font-size: 9pt; line-height: 1.35; }
p { margin: 0 0 4pt 0; }
p.title { font-size: 14pt; text-align: center; margin: 6pt 0 8pt 0; }
p.att { font-size: 11pt; }
.break { break-before: page; }
.land { page: land; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0; }
table + table { margin-top: -0.75pt; }
td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; overflow-wrap: anywhere; }
td[rowspan] { vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
`;

/** The same page without any cell border: a table whose columns only its text alignment shows. */
const BORDERLESS = 'td { border: none; }';

function html(blocks: Block[], borderless = false): string {
  const css = borderless ? `${CSS}${BORDERLESS}\n` : CSS;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${css}</style></head><body>\n${blocksHtml(blocks)}\n</body></html>`;
}

function printPdf(htmlText: string, out: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'ziping-pdf-'));
  try {
    const file = join(dir, 'page.html');
    writeFileSync(file, htmlText);
    execFileSync('chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer', `--print-to-pdf=${out}`, file,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- hand-written PDFs -----------------------------------------------------------------

const ucs2Hex = (s: string) => [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0')).join('');

/**
 * Chinese text in STSong-Light (not embedded, UniGB-UCS2-H): a reader needs the CMaps. Under
 * the text a small ruled table (stroked lines). `rotate` sets /Rotate: the page is displayed
 * turned, its text sideways.
 */
function nonEmbeddedPdf(rotate = 0): Buffer {
  const lines = ['附件 9', '项目支出绩效自评表', '项目名称 测试项目', '总分 95.5'];
  const cells = [['分值', '得分'], ['5', '4']];
  const text = lines.map((t, i) => `1 0 0 1 72 ${760 - i * 30} Tm <${ucs2Hex(t)}> Tj`);
  cells.forEach((row, r) => row.forEach((t, c) => text.push(`1 0 0 1 ${80 + c * 100} ${620 - r * 30} Tm <${ucs2Hex(t)}> Tj`)));
  const rules = ['0.8 w', '72 640 m 272 640 l S', '72 610 m 272 610 l S', '72 580 m 272 580 l S', '72 640 m 72 580 l S', '172 640 m 172 580 l S', '272 640 m 272 580 l S'];
  const content = [...rules, 'BT', '/F1 14 Tf', ...text, 'ET'].join('\n');
  return pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${rotate ? `/Rotate ${rotate} ` : ''}/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>',
    stream('', Buffer.from(content, 'latin1')),
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ]);
}

/** A subset CID font with Identity-H and no ToUnicode map: the codes are glyph ids, not characters. */
function unmappedGlyphsPdf(): Buffer {
  const gids = [[0x0f2a, 0x1b33, 0x2c01, 0x0a11, 0x3344], [0x1234, 0x0567, 0x2abc, 0x1def, 0x0333, 0x0444]];
  const content = ['BT', '/F1 14 Tf', ...gids.map((g, i) => `1 0 0 1 72 ${760 - 30 * i} Tm <${g.map((x) => x.toString(16).padStart(4, '0')).join('')}> Tj`), 'ET'].join('\n');
  return pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [5 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>',
    stream('', Buffer.from(content, 'latin1')),
    '<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>',
  ]);
}

/** Page 1 has a line of text; page 2 is only a scanned-looking grey image. */
function imageOnlyPdf(): Buffer {
  const w = 64, h = 32;
  const px = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = (x >> 3) % 2 === (y >> 3) % 2 ? 40 : 220;
  const text = 'BT /F1 12 Tf 72 760 Td (Scanned attachment follows.) Tj ET';
  return pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 7 0 R >> >> /Contents 8 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream('', Buffer.from(text, 'latin1')),
    stream(`/Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, deflateSync(px)),
    stream('', Buffer.from('q 451 0 0 698 72 72 cm /Im1 Do Q', 'latin1')),
  ]);
}

function zeroPagePdf(): Buffer {
  return pdfFrom(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);
}

// ---- main ------------------------------------------------------------------------------

const seeds = ['000_ca0dcd0154b0e201', '001_ba783ae97283a765', '004_339364824c9abd23'];
const onlyBorderless = process.argv.includes('--borderless');
const BORDERLESS_OUT = join(OUT, 'borderless');
mkdirSync(BORDERLESS_OUT, { recursive: true });
for (const stem of seeds) {
  const text = readFileSync(join(ROOT, 'fixtures/seeds', `${stem}.txt`), 'utf8');
  const blocks = stem.startsWith('004') ? goldBlocks(stem, text) : seedBlocks(text);
  for (const [dir, borderless] of [[OUT, false], [BORDERLESS_OUT, true]] as const) {
    if (onlyBorderless && !borderless) continue;
    const out = join(dir, `${stem}.pdf`);
    printPdf(html(blocks, borderless), out);
    console.log('wrote', out);
  }
}
if (onlyBorderless) process.exit(0);
writeFileSync(join(OUT, 'nonembedded-font.pdf'), nonEmbeddedPdf());
writeFileSync(join(OUT, 'rotated-page.pdf'), nonEmbeddedPdf(90));
writeFileSync(join(OUT, 'image-only-page.pdf'), imageOnlyPdf());
writeFileSync(join(OUT, 'unmapped-glyphs.pdf'), unmappedGlyphsPdf());
writeFileSync(join(OUT, 'zero-pages.pdf'), zeroPagePdf());
// corrupt: a real PDF cut in the middle, its xref and trailer gone
const good = readFileSync(join(OUT, `${seeds[0]}.pdf`));
writeFileSync(join(OUT, 'corrupt.pdf'), Buffer.concat([good.subarray(0, 1200), Buffer.from('\n\x00\x00garbage', 'latin1')]));
execFileSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', join(OUT, 'nonembedded-font.pdf'), join(OUT, 'encrypted.pdf')]);
console.log('wrote the bad-input PDFs');
