// The ZIP container of an Office file, read defensively. An upload is untrusted: the archive may be
// truncated, its central directory damaged, an entry's bytes changed (CRC), or it may be a zip
// bomb whose headers declare small sizes and inflate to gigabytes. So: every offset is checked
// against the buffer, every loop is bounded by the bytes it walks, an entry is inflated only on
// request, only up to the size its header declares (node:zlib's `maxOutputLength` stops the
// inflater there, so a lying header costs at most that much memory), and its CRC-32 is checked.
import * as zlib from 'node:zlib';

export type ZipProblem = 'corrupt' | 'too-large' | 'encrypted' | 'unsupported';

/** A ZIP that cannot be used, and why (callers turn the reason into an InputError code). */
export class ZipError extends Error {
  override readonly name = 'ZipError';
  constructor(readonly reason: ZipProblem, message: string) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it. */
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50, EOCD64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const MAX16 = 0xffff, MAX32 = 0xffffffff;

const corrupt = (detail: string) => new ZipError('corrupt', detail);

/** The entries of the central directory, without inflating anything. Throws ZipError('corrupt'). */
export function listZip(buf: Uint8Array): ZipEntry[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u16 = (p: number) => dv.getUint16(p, true);
  const u32 = (p: number) => dv.getUint32(p, true);
  const u64 = (p: number) => u32(p) + u32(p + 4) * 2 ** 32;
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let end = -1;
  for (let p = buf.length - 22; p >= 0 && p >= buf.length - 22 - MAX16; p--) {
    if (u32(p) === EOCD && p + 22 + u16(p + 20) <= buf.length) { end = p; break; }
  }
  if (end < 0) throw corrupt('no end of central directory (truncated?)');
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0) throw corrupt('a multi-part (spanned) archive');
  let count = u16(end + 10);
  let size = u32(end + 12);
  let start = u32(end + 16);
  if (count === MAX16 || size === MAX32 || start === MAX32) {
    const loc = end - 20;
    if (loc < 0 || u32(loc) !== LOCATOR64) throw corrupt('a ZIP64 archive without its locator');
    const at = u64(loc + 8);
    if (at + 56 > buf.length || u32(at) !== EOCD64) throw corrupt('a ZIP64 end record outside the file');
    count = u64(at + 32);
    size = u64(at + 40);
    start = u64(at + 48);
  }
  if (start + size > buf.length) throw corrupt(`the central directory (${size} bytes at ${start}) lies past the end of the file (${buf.length} bytes)`);
  if (count * 46 > size) throw corrupt(`${count} entries do not fit in a central directory of ${size} bytes`);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  for (let p = start, i = 0; i < count; i++) {
    if (p + 46 > start + size || u32(p) !== CENTRAL) throw corrupt(`central directory entry ${i + 1} of ${count} is damaged`);
    const flags = u16(p + 8);
    const nameLen = u16(p + 28), extraLen = u16(p + 30), commentLen = u16(p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > start + size) throw corrupt(`central directory entry ${i + 1} of ${count} runs past the directory`);
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const entry: ZipEntry = {
      name: (flags & 0x800 ? utf8 : latin1).decode(nameBytes),
      method: u16(p + 10),
      flags,
      crc: u32(p + 16),
      compressedSize: u32(p + 20),
      size: u32(p + 24),
      offset: u32(p + 42),
    };
    // ZIP64 extra field: the 64-bit values of the fields that are 0xFFFFFFFF, in this order.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(x), len = u16(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        const take = () => { if (f + 8 > x + 4 + len) throw corrupt(`entry ${entry.name}: short ZIP64 field`); const v = u64(f); f += 8; return v; };
        if (entry.size === MAX32) entry.size = take();
        if (entry.compressedSize === MAX32) entry.compressedSize = take();
        if (entry.offset === MAX32) entry.offset = take();
      }
      x += 4 + len;
    }
    entries.push(entry);
    p = next;
  }
  return entries;
}

const crc32: (data: Uint8Array) => number = typeof zlib.crc32 === 'function' ? (d) => zlib.crc32(d) : jsCrc32;

let table: Uint32Array | undefined;
function jsCrc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The bytes of one entry. Refuses (ZipError 'too-large') an entry that declares more than
 * `maxBytes` before inflating anything, and never inflates past what it declares: a header that
 * lies about the size makes the entry corrupt, not a gigabyte in memory.
 */
export function readEntry(buf: Uint8Array, e: ZipEntry, maxBytes: number): Uint8Array {
  if (e.size > maxBytes) throw new ZipError('too-large', `${e.name} declares ${e.size} bytes unpacked`);
  if (e.flags & 0x1) throw new ZipError('encrypted', `${e.name} is encrypted (ZIP password)`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (e.offset + 30 > buf.length || dv.getUint32(e.offset, true) !== LOCAL) throw corrupt(`${e.name}: no local header where the directory points`);
  const from = e.offset + 30 + dv.getUint16(e.offset + 26, true) + dv.getUint16(e.offset + 28, true);
  const to = from + e.compressedSize;
  if (to > buf.length) throw corrupt(`${e.name}: its data runs past the end of the file (truncated?)`);
  const packed = buf.subarray(from, to);
  let data: Uint8Array;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw corrupt(`${e.name}: a stored entry of ${e.compressedSize} bytes that declares ${e.size}`);
    data = packed;
  } else if (e.method === 8) {
    try {
      data = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, e.size + 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw corrupt(`${e.name}: unpacks to more than the ${e.size} bytes its header declares`);
      throw corrupt(`${e.name}: damaged compressed data (${(err as Error).message})`);
    }
    if (data.length !== e.size) throw corrupt(`${e.name}: unpacks to ${data.length} bytes, its header declares ${e.size}`);
  } else {
    throw new ZipError('unsupported', `${e.name}: compression method ${e.method} (only stored and deflate are read)`);
  }
  if (crc32(data) !== e.crc) throw corrupt(`${e.name}: CRC-32 mismatch (the entry's bytes are damaged)`);
  return data;
}
