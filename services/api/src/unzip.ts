// A .zip of an upload, read from its temp file on disk a piece at a time: the central directory
// in chunks (an entry at a time handed to a visitor, so a directory of a million entries costs
// no more memory than one of ten), each entry's bytes as a stream (inflated by node:zlib, off
// the event loop). Sizes and CRCs in the headers are the sender's word: the caller counts what
// actually comes out (uploads.ts) and `checkEntry` compares it with what the headers declared.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, type InflateRaw } from 'node:zlib';
import type { ZipEntry } from '@ziping/ingest';

// The same central-directory entry the Office reader lists from a buffer.
export type { ZipEntry };

/** A zip that cannot be read; uploads.ts answers it with 400 BAD_ZIP. */
export class BadZip extends Error {}

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50, EOCD64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const MAX16 = 0xffff, MAX32 = 0xffffffff;
const CHUNK = 1 << 20;

async function readAt(fh: FileHandle, at: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, at);
  if (bytesRead < length) throw new BadZip(`${length} bytes at ${at} lie past the end of the file`);
  return buf;
}

const u64 = (b: Buffer, p: number) => b.readUInt32LE(p) + b.readUInt32LE(p + 4) * 2 ** 32;

/** Where the central directory is, and how many entries it says it holds. */
async function directory(fh: FileHandle, fileSize: number): Promise<{ start: number; size: number; count: number }> {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  const tailAt = Math.max(0, fileSize - 22 - MAX16);
  const tail = await readAt(fh, tailAt, fileSize - tailAt);
  let end = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (tail.readUInt32LE(p) === EOCD && p + 22 + tail.readUInt16LE(p + 20) <= tail.length) { end = p; break; }
  }
  if (end < 0) throw new BadZip('no end of central directory (truncated?)');
  if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0) throw new BadZip('a multi-part (spanned) archive');
  let count = tail.readUInt16LE(end + 10);
  let size = tail.readUInt32LE(end + 12);
  let start = tail.readUInt32LE(end + 16);
  if (count === MAX16 || size === MAX32 || start === MAX32) {
    const loc = tailAt + end - 20;
    const locator = loc >= 0 ? await readAt(fh, loc, 20) : null;
    if (!locator || locator.readUInt32LE(0) !== LOCATOR64) throw new BadZip('a ZIP64 archive without its locator');
    const at = u64(locator, 8);
    if (at + 56 > fileSize) throw new BadZip('a ZIP64 end record outside the file');
    const end64 = await readAt(fh, at, 56);
    if (end64.readUInt32LE(0) !== EOCD64) throw new BadZip('a damaged ZIP64 end record');
    [count, size, start] = [u64(end64, 32), u64(end64, 40), u64(end64, 48)];
  }
  if (start + size > fileSize) throw new BadZip(`the central directory (${size} bytes at ${start}) lies past the end of the file`);
  if (count * 46 > size) throw new BadZip(`${count} entries do not fit in a central directory of ${size} bytes`);
  return { start, size, count };
}

/** Hands every entry of the central directory to `visit`, in order, reading it a MiB at a time. */
export async function listEntries(fh: FileHandle, fileSize: number, visit: (e: ZipEntry) => void): Promise<void> {
  const { start, size, count } = await directory(fh, fileSize);
  const stop = start + size;
  let buf: Buffer = Buffer.alloc(0);
  let bufAt = start;
  // At most 46 + 3 × 65535 bytes for one entry: well within a chunk.
  const have = async (p: number, n: number) => {
    if (p + n > stop) throw new BadZip('a central directory entry runs past the directory');
    if (p + n > bufAt + buf.length) {
      buf = await readAt(fh, p, Math.min(stop - p, Math.max(n, CHUNK)));
      bufAt = p;
    }
    return p - bufAt;
  };
  const utf8 = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  for (let p = start, i = 0; i < count; i++) {
    let q = await have(p, 46);
    if (buf.readUInt32LE(q) !== CENTRAL) throw new BadZip(`central directory entry ${i + 1} of ${count} is damaged`);
    const nameLen = buf.readUInt16LE(q + 28), extraLen = buf.readUInt16LE(q + 30), commentLen = buf.readUInt16LE(q + 32);
    q = await have(p, 46 + nameLen + extraLen + commentLen);
    const flags = buf.readUInt16LE(q + 8);
    const entry: ZipEntry = {
      name: (flags & 0x800 ? utf8 : latin1).decode(buf.subarray(q + 46, q + 46 + nameLen)),
      method: buf.readUInt16LE(q + 10),
      flags,
      crc: buf.readUInt32LE(q + 16),
      compressedSize: buf.readUInt32LE(q + 20),
      size: buf.readUInt32LE(q + 24),
      offset: buf.readUInt32LE(q + 42),
    };
    // ZIP64 extra field: the 64-bit values of the fields that are 0xFFFFFFFF, in this order.
    const extraEnd = q + 46 + nameLen + extraLen;
    for (let x = q + 46 + nameLen; x + 4 <= extraEnd; x += 4 + buf.readUInt16LE(x + 2)) {
      if (buf.readUInt16LE(x) !== 0x0001) continue;
      let f = x + 4;
      const take = () => {
        if (f + 8 > Math.min(extraEnd, x + 4 + buf.readUInt16LE(x + 2))) throw new BadZip(`${entry.name}: a short ZIP64 field`);
        f += 8;
        return u64(buf, f - 8);
      };
      if (entry.size === MAX32) entry.size = take();
      if (entry.compressedSize === MAX32) entry.compressedSize = take();
      if (entry.offset === MAX32) entry.offset = take();
    }
    visit(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
}

/**
 * The streams that give the entry's bytes as they come out, unchecked: the caller pipes them,
 * counts what comes out, and calls `checkEntry` at the end. The inflater's `bytesWritten` is the
 * compressed bytes it has taken so far (for the compression-ratio limit).
 */
export async function openEntry(fh: FileHandle, path: string, fileSize: number, e: ZipEntry): Promise<{ raw: Readable; inflater: InflateRaw | null }> {
  if (e.flags & 0x1) throw new BadZip(`${e.name} is encrypted (ZIP password)`);
  if (e.method !== 0 && e.method !== 8) throw new BadZip(`${e.name}: compression method ${e.method} (only stored and deflate are read)`);
  if (e.offset + 30 > fileSize) throw new BadZip(`${e.name}: its local header lies past the end of the file`);
  const local = await readAt(fh, e.offset, 30);
  if (local.readUInt32LE(0) !== LOCAL) throw new BadZip(`${e.name}: no local header where the directory points`);
  // Without a data descriptor (flag 8), the local header repeats the sizes: two different claims is a forgery.
  const [crc, packed, size] = [local.readUInt32LE(14), local.readUInt32LE(18), local.readUInt32LE(22)];
  if (!(local.readUInt16LE(6) & 0x8) && packed !== MAX32 && size !== MAX32 && (crc !== e.crc || packed !== e.compressedSize || size !== e.size)) {
    throw new BadZip(`${e.name}: its local header (${size} bytes, ${packed} packed) disagrees with the central directory (${e.size}, ${e.compressedSize})`);
  }
  const from = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (from + e.compressedSize > fileSize) throw new BadZip(`${e.name}: its data runs past the end of the file (truncated?)`);
  const raw = e.compressedSize === 0 ? Readable.from([]) : createReadStream(path, { start: from, end: from + e.compressedSize - 1 });
  return { raw, inflater: e.method === 8 ? createInflateRaw() : null };
}

/** After the last byte: what came out must be what the headers declared. */
export function checkEntry(e: ZipEntry, bytes: number, crc: number): void {
  if (bytes !== e.size) throw new BadZip(`${e.name}: unpacks to ${bytes} bytes, its header declares ${e.size}`);
  if (crc !== e.crc) throw new BadZip(`${e.name}: CRC-32 mismatch (the entry's bytes are damaged)`);
}
