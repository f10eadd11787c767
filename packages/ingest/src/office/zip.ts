// The ZIP container of an Office file, read defensively. An upload is untrusted: the archive may be
// truncated, its central directory damaged, an entry's bytes changed (CRC), or it may be a zip
// bomb whose headers declare small sizes and inflate to gigabytes. So: every offset is checked
// against the buffer, every loop is bounded by the bytes it walks, an entry is inflated only on
// request, only up to the size its header declares (node:zlib's `maxOutputLength` stops the
// inflater there, so a lying header costs at most that much memory), and its CRC-32 is checked.
import * as zlib from 'node:zlib';
import { centralDirectory, type ZipEntry } from './zipdir.ts';

export type ZipProblem = 'corrupt' | 'too-large' | 'encrypted' | 'unsupported';

/** A ZIP that cannot be used, and why (callers turn the reason into an InputError code). */
export class ZipError extends Error {
  override readonly name = 'ZipError';
  constructor(readonly reason: ZipProblem, message: string) {
    super(message);
  }
}

const LOCAL = 0x04034b50;

const corrupt = (detail: string) => new ZipError('corrupt', detail);

/** The entries of the central directory, without inflating anything. Throws ZipError('corrupt'). */
export function listZip(buf: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const walk = centralDirectory(buf.length, corrupt, (e) => entries.push(e));
  for (let step = walk.next(); !step.done; step = walk.next(buf.subarray(step.value.at, step.value.at + step.value.length)));
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
