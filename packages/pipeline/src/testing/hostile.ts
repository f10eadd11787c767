// The hostile-input corpus: files an upload or a shared folder may hold, each made here, in a
// temp folder, and never committed. Each names what it is, the typed error it must give, or
// `read` with the fixture whose extraction it must equal (a file that is hostile in form only).
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { InputErrorCode } from '@ziping/core';
import { appendEntries, deflatedEntry, deflatedZeros, pdfFrom, pdfStream, png, rawZip, writeStreamed, type RawEntry } from './zipbytes.ts';

export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const fixture = (p: string) => join(FIXTURES, p);

export const SEED = 'seeds/000_ca0dcd0154b0e201.txt';
const SEED_PDF = 'pdf/000_ca0dcd0154b0e201.pdf';

export interface HostileFile {
  /** file name in the corpus folder */
  name: string;
  what: string;
  /** the typed code it fails with, or `read`: its forms equal those of fixture `sameAs` */
  expect: InputErrorCode | 'read';
  sameAs?: string;
  make: (path: string) => Promise<void>;
}

const MiB = 1 << 20;
const lines = (n: number, line: string) => Buffer.from(line.repeat(n));
const put = (data: Buffer | string) => (p: string) => writeFile(p, data);
const seedText = () => readFile(fixture(SEED));

const CONTENT_TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
/** A minimal .xlsx whose sheet1.xml is the entry given. */
const xlsx = (sheet: RawEntry) =>
  rawZip([
    deflatedEntry('[Content_Types].xml', CONTENT_TYPES),
    deflatedEntry('xl/workbook.xml', '<workbook><sheets><sheet name="附件1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    deflatedEntry('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    sheet,
  ]);
/** A minimal .docx whose document.xml is the entry given. */
const docx = (body: RawEntry, more: RawEntry[] = []) => rawZip([deflatedEntry('[Content_Types].xml', CONTENT_TYPES), body, ...more]);
const para = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;
const docXml = (body: string) => `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;

/** A one-page PDF showing `content` in Helvetica. */
const textPdf = (content: string, pages = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>') =>
  pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R >>',
    pages,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    pdfStream('', Buffer.from(content, 'latin1')),
  ]);

let bomb: Promise<{ data: Buffer; crc: number }> | undefined;
const BOMB_BYTES = 100 * MiB;
/** 100 MiB of zeros deflated to about 100 KiB, made once for both zip-bomb cases. */
const bombBytes = () => (bomb ??= deflatedZeros(BOMB_BYTES));

export const HOSTILE: HostileFile[] = [
  { name: 'empty.txt', what: 'an empty file', expect: 'EMPTY_FILE', make: put('') },
  { name: 'whitespace.txt', what: 'only spaces, tabs and newlines', expect: 'EMPTY_FILE', make: put(' \t\r\n'.repeat(10_000)) },
  { name: 'tabs-1m-lines.txt', what: '1,000,000 lines of tabs', expect: 'EMPTY_FILE', make: put(lines(1_000_000, '\t\t\t\n')) },
  { name: 'cells-1m-lines.tsv', what: '1,000,000 tab-separated rows of short cells', expect: 'TOO_LARGE', make: put(lines(1_000_000, '甲\t1\t\t2\n')) },
  {
    name: 'nul-in-text.txt', what: 'a text dump of a real form with NUL bytes through it', expect: 'BINARY_JUNK',
    make: async (p) => { const t = await seedText(); for (let i = 100; i < t.length; i += 997) t[i] = 0; await writeFile(p, t); },
  },
  { name: 'zeros-200mb.bin', what: '200 MB of zeros (streamed to disk)', expect: 'TOO_LARGE', make: (p) => writeStreamed(p, 200 * 1000 * 1000, () => Buffer.alloc(MiB)) },
  { name: 'one-line-10mb.txt', what: 'a 10 MB single line of text', expect: 'TOO_LARGE', make: put(Buffer.from('项目支出绩效自评 '.repeat(Math.ceil((10 * 1e6) / 25)))) },
  { name: 'random.bin', what: '1 MiB of random bytes', expect: 'BINARY_JUNK', make: put(randomBytes(MiB)) },
  { name: 'gb18030-invalid.txt', what: 'bytes that decode in no supported encoding (invalid GB18030 pairs)', expect: 'BINARY_JUNK', make: put(Buffer.from('\x81\x20\xfe\x7f\x80\xff '.repeat(20_000), 'latin1')) },
  {
    name: 'utf16-no-bom.txt', what: 'a real form as UTF-16LE without a BOM', expect: 'read', sameAs: SEED,
    make: async (p) => writeFile(p, Buffer.from((await seedText()).toString('utf8'), 'utf16le')),
  },
  { name: 'csv-10mb-cell.csv', what: 'a CSV with one 10 MB quoted cell', expect: 'TOO_LARGE', make: put(`项目名称,金额\n"${'很长'.repeat(2_500_000)}",1\n`) },
  { name: 'html-5mb-tags.html', what: '5 MB of unclosed nested tags', expect: 'NO_TABLE', make: put(`<html><body>${'<div><span>'.repeat(500_000)}x</body></html>`) },
  { name: 'html-nested-tables.html', what: 'tables nested 20,000 deep', expect: 'NO_TABLE', make: put(`<html><body>${'<table><tr><td>'.repeat(20_000)}项目名称${'</td></tr></table>'.repeat(20_000)}</body></html>`) },
  {
    name: "odd name -- ; $(x) '\"\n项目.txt", what: 'a good form under a name with quotes, a newline and shell characters', expect: 'read', sameAs: SEED,
    make: (p) => copyFile(fixture(SEED), p),
  },
  // PDFs
  {
    name: 'truncated.pdf', what: 'a real PDF cut in half', expect: 'CORRUPT_PDF',
    make: async (p) => { const b = await readFile(fixture(SEED_PDF)); await writeFile(p, b.subarray(0, b.length >> 1)); },
  },
  {
    name: 'garbage-appended.pdf', what: 'a real PDF with 1 MiB of random bytes after %%EOF', expect: 'read', sameAs: SEED_PDF,
    make: async (p) => writeFile(p, Buffer.concat([await readFile(fixture(SEED_PDF)), randomBytes(MiB)])),
  },
  { name: 'zero-pages.pdf', what: 'a PDF whose page tree has /Count 0', expect: 'NO_PAGES', make: put(pdfFrom(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'])) },
  {
    name: 'encrypted.pdf', what: 'a PDF with a standard-security /Encrypt dictionary and an unknown user password', expect: 'ENCRYPTED_PDF',
    make: (p) => writeFile(p, encryptedPdf()),
  },
  { name: 'garbage-text.pdf', what: 'a PDF whose text layer is random ASCII', expect: 'NO_TABLE', make: put(textPdf(`BT /F1 10 Tf 72 760 Td (${'q#7%Zx!k@v'.repeat(40)}) Tj ET`)) },
  { name: 'count-lies.pdf', what: 'a page tree claiming 1,000,000,000 pages with one (empty) kid', expect: 'NO_TABLE', make: put(textPdf('BT ET', '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>')) },
  { name: 'cyclic-pages.pdf', what: 'a page tree whose /Kids point back at itself', expect: 'CORRUPT_PDF', make: put(textPdf('BT ET', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>')) },
  {
    name: 'flate-bomb.pdf', what: 'a 100 KiB PDF whose content stream inflates to 100 MiB', expect: 'TOO_LARGE',
    make: async (p) => {
      const z = await deflatedZeros(BOMB_BYTES, 'zlib');
      await writeFile(p, pdfFrom([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
        pdfStream('/Filter /FlateDecode', z.data),
      ]));
    },
  },
  { name: 'not-really.pdf', what: '%PDF- followed by junk', expect: 'CORRUPT_PDF', make: put(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64 * 1024)])) },
  // images
  { name: 'lying-header.png', what: 'a PNG signature followed by junk', expect: 'UNREADABLE', make: put(Buffer.concat([png(1, 1).subarray(0, 8), randomBytes(4096)])) },
  { name: 'truncated.png', what: 'a PNG cut inside its image data', expect: 'UNREADABLE', make: put(png(400, 400).subarray(0, 60)) },
  { name: 'huge-dimensions.png', what: 'a PNG header declaring 100000 × 100000 pixels (a decompression bomb)', expect: 'TOO_LARGE', make: put(png(100_000, 100_000, 1)) },
  { name: 'big-page.png', what: 'a PNG header declaring 12000 × 12000 pixels (under the decoder\'s own limit)', expect: 'TOO_LARGE', make: put(png(12_000, 12_000, 1)) },
  { name: 'corrupt.jpg', what: 'a JPEG start-of-image marker followed by junk', expect: 'UNREADABLE', make: put(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(8192)])) },
  // Office containers
  {
    name: 'bomb.xlsx', what: 'an .xlsx whose sheet1.xml is 100 MiB of deflated zeros (honest header)', expect: 'TOO_LARGE',
    make: async (p) => { const z = await bombBytes(); await writeFile(p, xlsx({ name: 'xl/worksheets/sheet1.xml', data: z.data, size: BOMB_BYTES, crc: z.crc })); },
  },
  {
    name: 'lying-header.xlsx', what: 'the same bomb, its headers declaring 2 KiB', expect: 'UNREADABLE',
    make: async (p) => { const z = await bombBytes(); await writeFile(p, xlsx({ name: 'xl/worksheets/sheet1.xml', data: z.data, size: 2048, crc: z.crc })); },
  },
  {
    name: 'truncated.xlsx', what: 'a real .xlsx cut in half', expect: 'UNREADABLE',
    make: async (p) => { const b = await readFile(fixture('corpus/xlsx/d05_baitang_wlj_2024.xlsx')); await writeFile(p, b.subarray(0, b.length >> 1)); },
  },
  {
    name: 'traversal.docx', what: 'a real .docx with entries named ../../evil.sh and /etc/cron.d/x', expect: 'read', sameAs: 'corpus/docx/d02_luzhou_scjg_2023.docx',
    make: async (p) => writeFile(p, appendEntries(await readFile(fixture('corpus/docx/d02_luzhou_scjg_2023.docx')), [deflatedEntry('../../evil.sh', '#!/bin/sh\nrm -rf /\n'), deflatedEntry('/etc/cron.d/x', '* * * * * root true\n')])),
  },
  {
    name: 'symlink-entry.docx', what: 'a .docx whose word/document.xml is a symlink entry to /etc/passwd', expect: 'EMPTY_FILE',
    make: put(docx(deflatedEntry('word/document.xml', '/etc/passwd', 0o120777), [deflatedEntry('word/link', '../../../../etc/shadow', 0o120777)])),
  },
  {
    name: 'entity-bomb.docx', what: 'a .docx whose document.xml declares a billion-laughs entity', expect: 'NO_TABLE',
    make: put(docx(deflatedEntry('word/document.xml', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "${'ha'.repeat(10)}">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i ? 'b'.repeat(i) : 'a'};`.repeat(10)}">`).join('')}]>${docXml(para('项目名称 &bbbbbbbbb;'))}`))),
  },
  { name: 'crc-lies.xlsx', what: 'an .xlsx whose sheet CRC does not match its bytes', expect: 'UNREADABLE', make: put(xlsx({ ...deflatedEntry('xl/worksheets/sheet1.xml', '<worksheet><sheetData/></worksheet>'), crc: 1234 })) },
];

function encryptedPdf(): Buffer {
  // RC4 40-bit security; /O and /U are random, so no password (the empty one included) opens it
  const hex = (n: number) => randomBytes(n).toString('hex');
  return pdfFrom(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
      pdfStream('', randomBytes(40)),
      `<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -44 >>`,
    ],
    `/Encrypt 5 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] `,
  );
}

/** Writes every hostile file into `dir`; returns them with their paths. */
export async function makeHostileCorpus(dir: string): Promise<(HostileFile & { path: string })[]> {
  await mkdir(dir, { recursive: true });
  const out = [];
  for (const h of HOSTILE) {
    const path = join(dir, h.name);
    await h.make(path);
    out.push({ ...h, path });
  }
  return out;
}

/** A symlink that points at itself: stat gives ELOOP. */
export const symlinkLoop = (path: string) => symlink(path, path);
