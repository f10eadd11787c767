import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError, type InputError } from '@ziping/core';
import { OLE_TYPE, sniffMediaType } from '../detect.ts';
import { ingestBytes, ingestFile, type IngestOptions } from '../ingest.ts';
import { CfbError, openCfb } from './cfb.ts';
import { convertWithSoffice, inspectOle } from './legacy.ts';

/**
 * A compound file (version 3, 512-byte sectors) with the given top-level streams, laid out as
 * Word and Excel write them: streams under 4096 bytes in the mini stream, the rest in sectors.
 */
function cfb(streams: Record<string, Uint8Array>): Buffer {
  const S = 512, END = 0xfffffffe, FREE = 0xffffffff;
  const names = Object.keys(streams);
  const small = names.filter((n) => streams[n]!.length < 4096);
  const big = names.filter((n) => streams[n]!.length >= 4096);
  const miniStart = new Map<string, number>();
  let miniSectors = 0;
  for (const n of small) { miniStart.set(n, miniSectors); miniSectors += Math.ceil(streams[n]!.length / 64); }
  const dirSectors = Math.ceil((names.length + 1) / 4);
  const miniFatSectors = Math.ceil(miniSectors / 128);
  const miniStreamSectors = Math.ceil((miniSectors * 64) / S);
  const bigSectors = big.map((n) => Math.ceil(streams[n]!.length / S));
  const rest = dirSectors + miniFatSectors + miniStreamSectors + bigSectors.reduce((a, b) => a + b, 0);
  let fatSectors = 1;
  while (fatSectors * 128 < fatSectors + rest) fatSectors++;
  const total = fatSectors + rest;
  const fat = new Uint32Array(fatSectors * 128).fill(FREE);
  let next = 0;
  const run = (count: number): number => {
    if (count === 0) return END;
    const first = next;
    for (let i = 0; i < count; i++) fat[next + i] = i === count - 1 ? END : next + i + 1;
    next += count;
    return first;
  };
  for (let i = 0; i < fatSectors; i++) fat[next++] = 0xfffffffd;
  const dirStart = run(dirSectors), miniFatStart = run(miniFatSectors), miniStreamStart = run(miniStreamSectors);
  const bigStart = new Map(big.map((n, i) => [n, run(bigSectors[i]!)]));
  const out = Buffer.alloc((total + 1) * S);
  const at = (sector: number) => (sector + 1) * S;
  // header
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(out, 0);
  out.writeUInt16LE(0x3e, 0x18); out.writeUInt16LE(3, 0x1a); out.writeUInt16LE(0xfffe, 0x1c);
  out.writeUInt16LE(9, 0x1e); out.writeUInt16LE(6, 0x20);
  out.writeUInt32LE(fatSectors, 0x2c); out.writeUInt32LE(dirStart, 0x30); out.writeUInt32LE(4096, 0x38);
  out.writeUInt32LE(miniFatSectors ? miniFatStart : END, 0x3c); out.writeUInt32LE(miniFatSectors, 0x40);
  out.writeUInt32LE(END, 0x44); out.writeUInt32LE(0, 0x48);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < fatSectors ? i : FREE, 0x4c + i * 4);
  Buffer.from(fat.buffer).copy(out, at(0));
  // directory: the root, then each stream, chained as right siblings under the root
  const entry = (i: number, name: string, type: number, start: number, size: number, child = FREE, right = FREE) => {
    const p = at(dirStart) + i * 128;
    out.write(`${name}\u0000`, p, 'utf16le');
    out.writeUInt16LE((name.length + 1) * 2, p + 0x40);
    out[p + 0x42] = type; out[p + 0x43] = 1;
    out.writeUInt32LE(FREE, p + 0x44); out.writeUInt32LE(right, p + 0x48); out.writeUInt32LE(child, p + 0x4c);
    out.writeUInt32LE(start, p + 0x74); out.writeUInt32LE(size, p + 0x78);
  };
  entry(0, 'Root Entry', 5, miniSectors ? miniStreamStart : END, miniSectors * 64, names.length ? 1 : FREE);
  names.forEach((n, i) => {
    const mini = miniStart.get(n);
    entry(i + 1, n, 2, mini ?? bigStart.get(n)!, streams[n]!.length, FREE, i + 2 <= names.length ? i + 2 : FREE);
  });
  // mini FAT and mini stream
  for (const n of small) {
    const first = miniStart.get(n)!, count = Math.ceil(streams[n]!.length / 64);
    for (let i = 0; i < count; i++) out.writeUInt32LE(i === count - 1 ? END : first + i + 1, at(miniFatStart) + (first + i) * 4);
    Buffer.from(streams[n]!).copy(out, at(miniStreamStart) + first * 64);
  }
  if (miniFatSectors) for (let i = miniSectors; i < miniFatSectors * 128; i++) out.writeUInt32LE(FREE, at(miniFatStart) + i * 4);
  for (const n of big) Buffer.from(streams[n]!).copy(out, at(bigStart.get(n)!));
  return out;
}

const bytes = (hex: string, size = 4096) => { const b = Buffer.alloc(size); Buffer.from(hex.replace(/\s/g, ''), 'hex').copy(b); return b; };
/** A Word 97 FIB (wIdent A5EC, nFib C1) with the given flags at 0x0A. */
const fib = (flags = 0) => { const b = bytes('eca5 c100'); b.writeUInt16LE(flags, 0x0a); return b; };
/** A BIFF8 globals substream: BOF, then FilePass when encrypted, then EOF. */
const biff = (encrypted = false) => bytes(`0908 1000 0006 0500 ${'00'.repeat(12)} ${encrypted ? '2f00 0600 0000 0000 0000' : ''} 0a00 0000`);
/** Summary information naming its application (as a producer writes it: somewhere in the property set). */
const summary = (app: string) => Buffer.concat([Buffer.from('feff000006020000', 'hex'), Buffer.alloc(40), Buffer.from(`\u001e\u0000\u0000\u0000${app}\u0000`, 'latin1')]);

const encryptedXlsx = () => cfb({
  '\u0006DataSpaces': bytes('08000000', 64),
  EncryptionInfo: bytes('04000400 40000000', 600), // agile encryption, version 4.4, then its XML descriptor
  EncryptedPackage: bytes('0020000000000000', 8200),
});
const word97 = (flags = 0, app = 'Microsoft Office Word') => cfb({ '\u0005SummaryInformation': summary(app), WordDocument: fib(flags), '1Table': bytes('', 4096) });
const excel97 = (encrypted = false, app = 'Microsoft Excel') => cfb({ '\u0005SummaryInformation': summary(app), Workbook: biff(encrypted) });

const failure = (f: () => unknown): InputError => {
  try { f(); } catch (e) { if (isInputError(e)) return e; throw e; }
  throw new Error('no error');
};
const failureOf = async (p: Promise<unknown>): Promise<InputError> => {
  try { await p; } catch (e) { if (isInputError(e)) return e; throw e; }
  throw new Error('no error');
};

const tmp = mkdtempSync(join(tmpdir(), 'ziping-legacy-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, buf: Uint8Array) => { const p = join(tmp, name); writeFileSync(p, buf); return p; };
/** LibreOffice is not installed on the test machines; this name is surely not on PATH either. */
const NO_SOFFICE: IngestOptions = { convert: { command: 'ziping-test-no-such-soffice' } };

describe('OLE compound files', () => {
  it('are sniffed as OLE, not as binary junk', () => {
    for (const b of [encryptedXlsx(), word97(), excel97()]) expect(sniffMediaType(b)).toBe(OLE_TYPE);
    expect(sniffMediaType(Buffer.from('d0cf11e0a1b11ae1', 'hex'))).toBe(OLE_TYPE);
  });

  it('reads the directory and streams, small ones from the mini stream', () => {
    const c = openCfb(word97(0, 'WPS Office_11.1.0.9999'));
    expect(c.names).toEqual(['\u0005SummaryInformation', 'WordDocument', '1Table']);
    expect(Buffer.from(c.read('wordDOCUMENT', 4)!).toString('hex')).toBe('eca5c100');
    expect(Buffer.from(c.read('\u0005SummaryInformation', 500)!).toString('latin1')).toContain('WPS Office_11');
  });

  it('says what each holds', () => {
    const kind = (b: Buffer) => { const i = inspectOle(b); return [i.kind, i.encrypted, i.target ?? null]; };
    expect(kind(encryptedXlsx())).toEqual(['encrypted-ooxml', true, null]);
    expect(kind(word97())).toEqual(['doc', false, 'docx']);
    expect(kind(word97(0x0100))).toEqual(['doc', true, 'docx']);
    expect(kind(excel97())).toEqual(['xls', false, 'xlsx']);
    expect(kind(excel97(true))).toEqual(['xls', true, 'xlsx']);
    expect(kind(cfb({ Book: biff() }))).toEqual(['xls', false, 'xlsx']);
    expect(kind(word97(0, 'WPS Office'))).toEqual(['wps', false, 'docx']);
    expect(kind(excel97(false, 'Kingsoft Office'))).toEqual(['et', false, 'xlsx']);
    expect(kind(cfb({ CONTENTS: bytes('00') }))).toEqual(['works', false, 'docx']);
    expect(kind(cfb({ 'PowerPoint Document': bytes('00') }))).toEqual(['ppt', false, null]);
    expect(kind(cfb({ __substg1: bytes('00', 100) }))).toEqual(['other', false, null]);
  });
});

describe('a password-protected workbook or document', () => {
  it('is ENCRYPTED_OFFICE, naming the file and saying it is password-protected', async () => {
    const path = file('预算表.xlsx', encryptedXlsx());
    const e = await failureOf(ingestFile(path, NO_SOFFICE));
    expect(e.code).toBe('ENCRYPTED_OFFICE');
    expect(e.message).toMatch(new RegExp(`^${path}: password-protected: an Office Open XML file \\(\\.xlsx / \\.docx\\), encrypted with a password`));
    expect(failure(() => ingestBytes(encryptedXlsx(), 'x.docx')).code).toBe('ENCRYPTED_OFFICE');
  });

  it('a .doc or .xls with a password too, by the FIB flag and the FilePass record', async () => {
    const doc = await failureOf(ingestFile(file('p.doc', word97(0x0100)), NO_SOFFICE));
    expect([doc.code, doc.message]).toEqual(['ENCRYPTED_OFFICE', expect.stringContaining('p.doc: password-protected: a Word 97-2003 document (.doc)')]);
    const xls = await failureOf(ingestFile(file('p.xls', excel97(true)), NO_SOFFICE));
    expect([xls.code, xls.message]).toEqual(['ENCRYPTED_OFFICE', expect.stringContaining('p.xls: password-protected: an Excel 97-2003 workbook (.xls)')]);
  });
});

describe('legacy .doc / .xls / WPS without LibreOffice', () => {
  it('says which format it is and how to convert it', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['表.xls', excel97(), /表\.xls: an Excel 97-2003 workbook \(\.xls\), .* LibreOffice, which is not installed here .*Save it as \.xlsx in Excel or WPS .*`soffice --headless --convert-to xlsx 表\.xls`/],
      ['form.doc', word97(), /form\.doc: a Word 97-2003 document \(\.doc\), .*Save it as \.docx in Word or WPS .*`soffice --headless --convert-to docx form\.doc`/],
      ['自评 表.wps', word97(0, 'WPS Office'), /a WPS Writer document \(\.wps\), .*`soffice --headless --convert-to docx "自评 表\.wps"`/],
      ['a.et', excel97(false, 'WPS Office'), /a WPS Spreadsheets workbook \(\.et\), .*--convert-to xlsx/],
    ];
    for (const [name, buf, message] of cases) {
      const e = await failureOf(ingestFile(file(name, buf), NO_SOFFICE));
      expect([e.code, e.message]).toEqual(['UNSUPPORTED_TYPE', expect.stringMatching(message)]);
    }
  });

  it('refuses what is not a form document, and says so', () => {
    const ppt = failure(() => ingestBytes(cfb({ 'PowerPoint Document': bytes('00') }), 's.ppt'));
    expect([ppt.code, ppt.message]).toEqual(['UNSUPPORTED_TYPE', expect.stringContaining('s.ppt: a PowerPoint 97-2003 presentation (.ppt), not a workbook or document we read')]);
    const off = failure(() => ingestBytes(excel97(), 'b.xls'));
    expect(off.message).not.toContain('not installed');
  });

  it('a missing soffice gives no conversion, every time it is asked', async () => {
    const info = inspectOle(excel97());
    const command = 'ziping-test-missing-soffice-2';
    expect(await convertWithSoffice(excel97(), info, { command })).toBeNull();
    expect(await convertWithSoffice(excel97(), info, { command })).toBeNull();
  });
});

describe('a corrupt compound file', () => {
  it('is UNREADABLE, never a crash or a hang, wherever it is cut or damaged', async () => {
    const good = excel97();
    const codes = new Set<string>();
    for (let n = 8; n < good.length; n += 64) codes.add(failure(() => ingestBytes(good.subarray(0, n), 'cut.xls')).code);
    expect([...codes].every((c) => c === 'UNREADABLE' || c === 'UNSUPPORTED_TYPE')).toBe(true);
    expect(failure(() => ingestBytes(good.subarray(0, 520), 'cut.xls')).message).toMatch(/cut\.xls: a corrupt OLE compound file/);
    // a FAT chain that loops (the directory's sector points at itself)
    const loop = Buffer.from(good);
    const dirStart = loop.readUInt32LE(0x30);
    loop.writeUInt32LE(dirStart, 512 + dirStart * 4);
    expect(() => openCfb(loop)).toThrow(CfbError);
    expect(failure(() => ingestBytes(loop, 'loop.xls')).code).toBe('UNREADABLE');
    // a directory tree whose sibling points back at itself
    const cycle = Buffer.from(good);
    cycle.writeUInt32LE(1, 512 * (dirStart + 1) + 128 + 0x48);
    expect(failure(() => ingestBytes(cycle, 'cycle.xls')).message).toContain('directory tree is damaged');
    // a sector that does not exist, an unknown header
    const far = Buffer.from(good);
    far.writeUInt32LE(1_000_000, 0x30);
    expect(failure(() => ingestBytes(far, 'far.xls')).message).toContain('directory chain points at sector 1000000');
    expect(failure(() => ingestBytes(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]), 'zero.doc')).message).toContain('unknown header');
  });
});

// A stand-in for LibreOffice: a shell script taking soffice's arguments.
const fakeSoffice = (name: string, body: string) => {
  const p = join(tmp, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
};
const xlsx = Buffer.from(zipSync({
  '[Content_Types].xml': strToU8('<Types/>'),
  'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="附件1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
  'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
  'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>绩效</t></is></c></row></sheetData></worksheet>'),
}));

describe.skipIf(process.platform === 'win32')('legacy files through LibreOffice (a stand-in soffice)', () => {
  it('converts in a temp folder, reads the result, keeps the original bytes\' identity, removes the folder', async () => {
    const converted = file('converted.xlsx', xlsx);
    const log = join(tmp, 'args.txt');
    // soffice … --convert-to xlsx --outdir DIR DIR/source.xls: writes DIR/source.xlsx
    const command = fakeSoffice('soffice-ok', `printf '%s\\n' "$@" > '${log}'\nwhile [ "$1" != "--outdir" ]; do shift; done\ncp '${converted}' "$2/source.xlsx"`);
    const original = excel97();
    const doc = await ingestFile(file('old.xls', original), { convert: { command } });
    expect(doc.lines.map((l) => l.text)).toEqual(['项目名称\t绩效']);
    expect(doc).toMatchObject({ name: 'old.xls', bytes: original.length, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(doc.sha256).toBe((await import('node:crypto')).createHash('sha256').update(original).digest('hex'));
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args).toEqual(expect.arrayContaining(['--headless', '--convert-to', 'xlsx', '--outdir']));
    const outdir = args[args.indexOf('--outdir') + 1]!;
    expect(args.at(-1)).toBe(join(outdir, 'source.xls'));
    expect(existsSync(outdir)).toBe(false);
  });

  it('a failed conversion is UNREADABLE with LibreOffice\'s last words', async () => {
    const command = fakeSoffice('soffice-fail', "echo 'Error: source file could not be loaded' >&2\nexit 1");
    const e = await failureOf(ingestFile(file('bad.doc', word97()), { convert: { command } }));
    expect([e.code, e.message]).toEqual(['UNREADABLE', expect.stringMatching(/bad\.doc: a Word 97-2003 document \(\.doc\): LibreOffice could not convert it \(exit 1: Error: source file could not be loaded\)/)]);
  });

  it('a conversion that hangs is killed at the time limit', async () => {
    const pidFile = join(tmp, 'pid.txt');
    const command = fakeSoffice('soffice-hang', `echo $$ > '${pidFile}'\nexec sleep 30`);
    const e = await failureOf(ingestFile(file('slow.xls', excel97()), { convert: { command, timeoutMs: 300 } }));
    expect([e.code, e.message]).toEqual(['UNREADABLE', expect.stringContaining('slow.xls: an Excel 97-2003 workbook (.xls): LibreOffice did not convert it within 0.3 s')]);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('an .xls with a password LibreOffice cannot open stays ENCRYPTED_OFFICE; a .doc with one is not tried', async () => {
    const command = fakeSoffice('soffice-locked', 'exit 1');
    expect((await failureOf(ingestFile(file('locked.xls', excel97(true)), { convert: { command } }))).code).toBe('ENCRYPTED_OFFICE');
    const never = fakeSoffice('soffice-never', `touch '${join(tmp, 'ran')}'`);
    expect((await failureOf(ingestFile(file('locked.doc', word97(0x0100)), { convert: { command: never } }))).code).toBe('ENCRYPTED_OFFICE');
    expect(existsSync(join(tmp, 'ran'))).toBe(false);
  });

  it('convert: false refuses without running anything', async () => {
    const e = await failureOf(ingestFile(file('off.xls', excel97()), { convert: false }));
    expect([e.code, e.message]).toEqual(['UNSUPPORTED_TYPE', expect.stringContaining('which is switched off here')]);
  });
});
