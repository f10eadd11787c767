import { constants, crc32, deflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isInputError, type InputError } from '@ziping/core';
import { ingestBytes } from '../ingest.ts';
import { MAX_UNPACKED_BYTES, openPackage } from './ooxml.ts';
import { listZip, readEntry, ZipError } from './zip.ts';
import { readXlsx } from './xlsx.ts';

const WORKBOOK = {
  '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'xl/workbook.xml': '<workbook><sheets><sheet name="附件1" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>食品安全抽检</t></is></c></row></sheetData></worksheet>',
};
const zipped = (files: Record<string, string>, level: 0 | 6 = 6) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])), { level }));

interface Raw { name: string; data: Uint8Array; size: number; crc?: number; method?: number; flags?: number }
const deflated = (name: string, text: string): Raw => ({ name, data: deflateRawSync(Buffer.from(text)), size: Buffer.byteLength(text), crc: crc32(text) });

/** A ZIP written entry by entry, sizes and CRCs as given (they may lie); `zip64` puts them in ZIP64 fields. */
function rawZip(entries: Raw[], zip64 = false): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const M = 0xffffffff;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(e.flags ?? 0, 6); local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.crc ?? 0, 14); local.writeUInt32LE(e.data.length, 18); local.writeUInt32LE(e.size, 22); local.writeUInt16LE(name.length, 26);
    parts.push(local, name, Buffer.from(e.data));
    const extra = zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (zip64) { extra.writeUInt16LE(1, 0); extra.writeUInt16LE(24, 2); extra.writeBigUInt64LE(BigInt(e.size), 4); extra.writeBigUInt64LE(BigInt(e.data.length), 12); extra.writeBigUInt64LE(BigInt(offset), 20); }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(45, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(e.flags ?? 0, 8); c.writeUInt16LE(e.method ?? 8, 10);
    c.writeUInt32LE(e.crc ?? 0, 16); c.writeUInt32LE(zip64 ? M : e.data.length, 20); c.writeUInt32LE(zip64 ? M : e.size, 24);
    c.writeUInt16LE(name.length, 28); c.writeUInt16LE(extra.length, 30); c.writeUInt32LE(zip64 ? M : offset, 42);
    central.push(c, name, extra);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (zip64) {
    const e64 = Buffer.alloc(56);
    e64.writeUInt32LE(0x06064b50, 0); e64.writeBigUInt64LE(44n, 4); e64.writeUInt16LE(45, 12); e64.writeUInt16LE(45, 14);
    e64.writeBigUInt64LE(BigInt(entries.length), 24); e64.writeBigUInt64LE(BigInt(entries.length), 32); e64.writeBigUInt64LE(BigInt(cd.length), 40); e64.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0); loc.writeBigUInt64LE(BigInt(offset + cd.length), 8); loc.writeUInt32LE(1, 16);
    tail.push(e64, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8); end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? M : cd.length, 12); end.writeUInt32LE(zip64 ? M : offset, 16);
  return Buffer.concat([...parts, cd, ...tail, end]);
}
const workbook = (sheet?: Raw) => rawZip(Object.entries(WORKBOOK).map(([n, t]) => (sheet && n === sheet.name ? sheet : deflated(n, t))));

/** `mb` MiB of `unit` repeated, deflated without compressing it here: one flushed 1 MiB block, repeated, then an empty final block. */
function bomb(mb: number, unit = ' '): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20, unit), { finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array<Buffer>(mb).fill(block), Buffer.from([0x03, 0x00])]);
}

const failure = (buf: Buffer, name = 'f.xlsx'): InputError => {
  try { ingestBytes(buf, name); } catch (e) { if (isInputError(e)) return e; throw e; }
  throw new Error('no error');
};

describe('the ZIP reader', () => {
  it('lists and reads what fflate writes, stored or deflated, and ZIP64 directories', () => {
    for (const buf of [zipped(WORKBOOK, 0), zipped(WORKBOOK), workbook(), rawZip(Object.entries(WORKBOOK).map(([n, t]) => deflated(n, t)), true)]) {
      const entries = listZip(buf);
      expect(entries.map((e) => e.name)).toEqual(Object.keys(WORKBOOK));
      expect(Buffer.from(readEntry(buf, entries[3]!, 1 << 20)).toString()).toBe(WORKBOOK['xl/worksheets/sheet1.xml']);
      expect(readXlsx(buf).lines.map((l) => l.text)).toEqual(['项目名称\t食品安全抽检']);
    }
  });
});

describe('a corrupt zip container', () => {
  it('truncated anywhere: UNREADABLE naming the file, never a crash', () => {
    const good = zipped(WORKBOOK);
    for (let n = 4; n < good.length; n += 7) {
      const e = failure(good.subarray(0, n), '自评表.xlsx');
      expect([e.code, e.message]).toEqual(['UNREADABLE', expect.stringMatching(/^自评表\.xlsx: a corrupt or truncated ZIP \(Office\) file: /)]);
    }
  });

  it('a bad central directory: UNREADABLE, saying what is wrong', () => {
    const good = zipped(WORKBOOK);
    const end = good.lastIndexOf(Buffer.from('504b0506', 'hex'));
    const central = good.indexOf(Buffer.from('504b0102', 'hex'));
    const patch = (f: (b: Buffer) => void) => { const b = Buffer.from(good); f(b); return b; };
    expect(failure(patch((b) => b.writeUInt32LE(good.length + 100, end + 16))).message).toContain('lies past the end of the file');
    expect(failure(patch((b) => b.writeUInt32LE(0xdeadbeef, central))).message).toContain('central directory entry 1 of 4 is damaged');
    expect(failure(patch((b) => b.writeUInt16LE(60_000, end + 10))).message).toContain('60000 entries do not fit');
    expect(failure(patch((b) => b.fill(0, end, end + 4))).message).toContain('no end of central directory');
    // the directory points at the wrong place for the main sheet: found when it is read
    const sheet = good.indexOf(Buffer.from('xl/worksheets/sheet1.xml'), central) - 46;
    const e = failure(patch((b) => b.writeUInt32LE(1, sheet + 42)));
    expect([e.code, e.message]).toEqual(['UNREADABLE', 'f.xlsx: a corrupt .xlsx: xl/worksheets/sheet1.xml: no local header where the directory points']);
  });

  it('an entry whose bytes changed: the CRC (stored) or the inflater (deflated) says so', () => {
    const stored = zipped(WORKBOOK, 0);
    const at = stored.indexOf(Buffer.from('食品安全'));
    const changed = Buffer.from(stored);
    changed.write('食品安检', at); // same length, other text: only the CRC can tell
    expect([failure(changed).code, failure(changed).message]).toEqual(['UNREADABLE', 'f.xlsx: a corrupt .xlsx: xl/worksheets/sheet1.xml: CRC-32 mismatch (the entry\'s bytes are damaged)']);
    const sheet = deflated('xl/worksheets/sheet1.xml', WORKBOOK['xl/worksheets/sheet1.xml']);
    const flipped = Buffer.from(sheet.data);
    for (let i = 2; i < flipped.length; i += 5) flipped[i] ^= 0x5a;
    const e = failure(workbook({ ...sheet, data: flipped }));
    expect([e.code, e.message]).toEqual(['UNREADABLE', expect.stringMatching(/^f\.xlsx: a corrupt \.xlsx: xl\/worksheets\/sheet1\.xml: (damaged compressed data|unpacks to|CRC-32 mismatch)/)]);
  });

  it('an encrypted (ZIP password) or oddly compressed entry is typed too', () => {
    const sheet = deflated('xl/worksheets/sheet1.xml', WORKBOOK['xl/worksheets/sheet1.xml']);
    expect(failure(workbook({ ...sheet, flags: 1 })).code).toBe('ENCRYPTED_OFFICE');
    const odd = failure(workbook({ ...sheet, method: 12 }));
    expect([odd.code, odd.message]).toEqual(['UNSUPPORTED_TYPE', expect.stringContaining('compression method 12')]);
  });
});

describe('a zip bomb or a huge sheet', () => {
  const SHEET = 'xl/worksheets/sheet1.xml';

  it('is refused by its declared size before anything is inflated, naming the limit', () => {
    expect(MAX_UNPACKED_BYTES).toBe(64 * 1024 * 1024);
    const huge = (data: Buffer, size: number) => failure(workbook({ name: SHEET, data, size }), 'bomb.xlsx');
    const e = huge(bomb(200), 200 << 20);
    expect([e.code, e.message]).toEqual(['TOO_LARGE', 'bomb.xlsx: xl/worksheets/sheet1.xml unpacks to 200 MiB, over the limit of 64 MiB of XML per document (MAX_UNPACKED_BYTES): a form is far smaller; split the file or save the form as PDF']);
    // a 100 MB sheet of empty rows, honestly declared
    expect(huge(bomb(100, '<row r="1"/>'), 100 << 20).code).toBe('TOO_LARGE');
    // nothing was inflated: compressed bytes that are garbage give the same answer, not "corrupt"
    expect(huge(Buffer.alloc(1000, 0xff), 200 << 20).code).toBe('TOO_LARGE');
  });

  it('a header that lies about the size: inflating stops at the declared size', () => {
    const e = failure(workbook({ name: SHEET, data: bomb(300), size: 4096 }), 'liar.xlsx');
    expect([e.code, e.message]).toEqual(['UNREADABLE', 'liar.xlsx: a corrupt .xlsx: xl/worksheets/sheet1.xml: unpacks to more than the 4096 bytes its header declares']);
  });

  it('the limit holds for all parts together', () => {
    const part = 'x'.repeat(400);
    const pkg = openPackage(zipped({ 'a.xml': part, 'b.xml': part, 'c.xml': part }), 1000);
    expect(pkg.text('a.xml')).toBe(part);
    expect(pkg.text('B.XML')).toBe(part); // part names are case-insensitive
    expect(() => pkg.text('c.xml')).toThrow(ZipError);
    expect(() => pkg.text('c.xml')).toThrow('c.xml unpacks to 400 bytes after 800 bytes of other parts, over the limit of 1000 bytes of XML per document');
    expect(pkg.text('a.xml')).toBe(part); // what was read stays readable
  });
});
