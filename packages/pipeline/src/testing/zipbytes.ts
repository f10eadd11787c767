// Byte-level builders for the hostile corpus: ZIP entries whose headers may lie, PNG chunks,
// hand-written PDFs. Written out by hand because the point is to break the rules a library obeys.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32, createDeflate, createDeflateRaw, constants, deflateRawSync, deflateSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  data: Buffer;
  /** Uncompressed size as declared in both headers (may lie). */
  size: number;
  /** The local header's size alone, when the two headers are to disagree. */
  localSize?: number;
  crc: number;
  method?: 0 | 8;
  /** Unix mode in the external attributes (0o120777: a symlink). */
  mode?: number;
}

export const deflatedEntry = (name: string, text: string | Buffer, mode?: number): RawEntry => {
  const bytes = Buffer.from(text);
  return { name, data: deflateRawSync(bytes), size: bytes.length, crc: crc32(bytes), mode };
};

/** `n` bytes of zeros deflated at the best ratio (raw for a ZIP, zlib for a PDF), streamed: the zeros are never held whole. */
export async function deflatedZeros(n: number, format: 'raw' | 'zlib' = 'raw'): Promise<{ data: Buffer; crc: number }> {
  const z = (format === 'raw' ? createDeflateRaw : createDeflate)({ level: constants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const chunk = Buffer.alloc(1 << 20);
  let crc = 0;
  for (let left = n; left > 0; left -= chunk.length) {
    const c = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(c, crc);
    if (!z.write(c)) await once(z, 'drain');
  }
  z.end();
  await once(z, 'end');
  return { data: Buffer.concat(out), crc };
}

/** A ZIP entry of `n` zeros, deflated, its headers honest. */
export const zerosEntry = async (name: string, n: number): Promise<RawEntry> => ({ name, size: n, ...(await deflatedZeros(n)) });

/** A ZIP written entry by entry, with the sizes, CRCs and modes given (version made by: Unix). */
export function rawZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6); local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.crc, 14); local.writeUInt32LE(e.data.length, 18); local.writeUInt32LE(e.localSize ?? e.size, 22); local.writeUInt16LE(name.length, 26);
    parts.push(local, name, e.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE((3 << 8) | 20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x800, 8); c.writeUInt16LE(e.method ?? 8, 10);
    c.writeUInt32LE(e.crc, 16); c.writeUInt32LE(e.data.length, 20); c.writeUInt32LE(e.size, 24); c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38); c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/**
 * An existing ZIP with more entries: its local records stay where they are, the new ones go
 * after them, and the central directory is rewritten with both (no byte of the old is inflated).
 */
export function appendEntries(zip: Buffer, extra: RawEntry[]): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10), cdSize = zip.readUInt32LE(eocd + 12), cdStart = zip.readUInt32LE(eocd + 16);
  const added = rawZip(extra);
  const addedEocd = added.length - 22;
  const addedCdStart = added.readUInt32LE(addedEocd + 16);
  const addedCd = Buffer.from(added.subarray(addedCdStart, addedEocd));
  // the new central records point into the appended block, which starts where the old directory was
  for (let p = 0; p < addedCd.length;) {
    addedCd.writeUInt32LE(addedCd.readUInt32LE(p + 42) + cdStart, p + 42);
    p += 46 + addedCd.readUInt16LE(p + 28) + addedCd.readUInt16LE(p + 30) + addedCd.readUInt16LE(p + 32);
  }
  const cd = Buffer.concat([zip.subarray(cdStart, cdStart + cdSize), addedCd]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count + extra.length, 8); end.writeUInt16LE(count + extra.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(cdStart + addedCdStart, 16);
  return Buffer.concat([zip.subarray(0, cdStart), added.subarray(0, addedCdStart), cd, end]);
}

const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** A greyscale PNG of the given size; `rows` of pixel data are deflated (fewer than `height`: truncated data). */
export function png(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 0;
  const raw = Buffer.alloc(Math.min(rows, height) * (width + 1), 0xff); // white
  for (let r = 0; r < Math.min(rows, height); r++) raw[r * (width + 1)] = 0; // each row's filter: none
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A PDF from object bodies (ids 1… in order), with a correct xref table. */
export function pdfFrom(objects: (string | Buffer)[], trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let len = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(len);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(b);
    len += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${len}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

export const pdfStream = (dict: string, data: Buffer) =>
  Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

/** Writes `n` bytes made by `fill(chunkIndex)` (1 MiB chunks) without holding them all. */
export async function writeStreamed(path: string, n: number, fill: (i: number) => Buffer): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0, left = n; left > 0; i++) {
    const c = fill(i);
    const part = left >= c.length ? c : c.subarray(0, left);
    left -= part.length;
    if (!out.write(part)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
