// A .zip of an upload, read from its temp file on disk a piece at a time: the central directory
// a MiB at a time (parsed by the Office reader's parser, which hands an entry at a time to a
// visitor, so a directory of a million entries costs no more memory than one of ten), each
// entry's bytes as a stream (inflated by node:zlib, off the event loop). Sizes and CRCs in the
// headers are the sender's word: the caller counts what actually comes out (uploads.ts) and
// `checkEntry` compares it with what the headers declared.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, type InflateRaw } from 'node:zlib';
import { centralDirectory, type ZipEntry } from '@ziping/ingest';

// The same central-directory entry the Office reader lists from a buffer.
export type { ZipEntry };

/** A zip that cannot be read; uploads.ts answers it with 400 BAD_ZIP. */
export class BadZip extends Error {}

const LOCAL = 0x04034b50, MAX32 = 0xffffffff;
const CHUNK = 1 << 20;

async function readAt(fh: FileHandle, at: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, at);
  if (bytesRead < length) throw new BadZip(`${length} bytes at ${at} lie past the end of the file`);
  return buf;
}

/** Hands every entry of the central directory to `visit`, in order, reading the file a MiB at a time. */
export async function listEntries(fh: FileHandle, fileSize: number, visit: (e: ZipEntry) => void): Promise<void> {
  let buf: Buffer = Buffer.alloc(0);
  let bufAt = 0;
  const cached = (at: number, length: number) => at >= bufAt && at + length <= bufAt + buf.length ? buf.subarray(at - bufAt, at - bufAt + length) : null;
  // One entry is at most 46 + 2 × 65535 bytes: well within a chunk.
  const read = async (at: number, length: number) => {
    buf = await readAt(fh, at, Math.min(fileSize - at, Math.max(length, CHUNK)));
    bufAt = at;
    return buf.subarray(0, length);
  };
  const walk = centralDirectory(fileSize, (message) => new BadZip(message), visit);
  for (let step = walk.next(); !step.done;) {
    const { at, length } = step.value;
    step = walk.next(cached(at, length) ?? await read(at, length));
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
