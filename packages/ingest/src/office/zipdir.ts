// The central directory of a ZIP: where the end record says it is (ZIP64 too), and its entries.
// One parser for two callers that hold the bytes differently: the Office reader has the whole
// file in memory, the API reads an upload from disk a piece at a time. So the parser asks for
// the bytes it needs (it yields `{ at, length }` and is resumed with exactly those bytes) and
// hands each entry to a visitor as soon as it is parsed: a directory of a million entries costs
// no more memory than one of ten. Every count and offset is the sender's word, checked against
// the file size before anything is asked for, and each failure goes through the caller's `fail`
// (ZipError in ingest, BadZip in the API).

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

/** `length` bytes of the file at `at`, always within the file. */
export interface ZipRead { at: number; length: number }

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, EOCD64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const MAX16 = 0xffff, MAX32 = 0xffffffff;

const u16 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number) => u16(b, p) + u16(b, p + 2) * 0x10000;
const u64 = (b: Uint8Array, p: number) => u32(b, p) + u32(b, p + 4) * 2 ** 32;

interface Directory { start: number; size: number; count: number }

function* locate(fileSize: number, fail: (message: string) => Error): Generator<ZipRead, Directory, Uint8Array> {
  // The end record is in the last 22 + 65535 (comment) bytes; a ZIP64 locator, in the 20 before it.
  const tailAt = Math.max(0, fileSize - 20 - 22 - MAX16);
  const tail = yield { at: tailAt, length: fileSize - tailAt };
  let end = -1;
  for (let p = tail.length - 22; p >= 0 && p >= tail.length - 22 - MAX16; p--) {
    if (u32(tail, p) === EOCD && p + 22 + u16(tail, p + 20) <= tail.length) { end = p; break; }
  }
  if (end < 0) throw fail('no end of central directory (truncated?)');
  if (u16(tail, end + 4) !== 0 || u16(tail, end + 6) !== 0) throw fail('a multi-part (spanned) archive');
  let count = u16(tail, end + 10);
  let size = u32(tail, end + 12);
  let start = u32(tail, end + 16);
  if (count === MAX16 || size === MAX32 || start === MAX32) {
    const loc = end - 20;
    if (loc < 0 || u32(tail, loc) !== LOCATOR64) throw fail('a ZIP64 archive without its locator');
    const at = u64(tail, loc + 8);
    if (at + 56 > fileSize) throw fail('a ZIP64 end record outside the file');
    const end64 = yield { at, length: 56 };
    if (u32(end64, 0) !== EOCD64) throw fail('a damaged ZIP64 end record');
    [count, size, start] = [u64(end64, 32), u64(end64, 40), u64(end64, 48)];
  }
  if (start + size > fileSize) throw fail(`the central directory (${size} bytes at ${start}) lies past the end of the file (${fileSize} bytes)`);
  if (count * 46 > size) throw fail(`${count} entries do not fit in a central directory of ${size} bytes`);
  return { start, size, count };
}

/** Hands every entry of the central directory of a file of `fileSize` bytes to `visit`, in order. */
export function* centralDirectory(fileSize: number, fail: (message: string) => Error, visit: (e: ZipEntry) => void): Generator<ZipRead, void, Uint8Array> {
  const { start, size, count } = yield* locate(fileSize, fail);
  const stop = start + size;
  const utf8 = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  for (let p = start, i = 0; i < count; i++) {
    const pastDirectory = () => fail(`central directory entry ${i + 1} of ${count} runs past the directory`);
    if (p + 46 > stop) throw pastDirectory();
    const head = yield { at: p, length: 46 };
    if (u32(head, 0) !== CENTRAL) throw fail(`central directory entry ${i + 1} of ${count} is damaged`);
    const nameLen = u16(head, 28), extraLen = u16(head, 30), commentLen = u16(head, 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > stop) throw pastDirectory();
    const b = yield { at: p, length: 46 + nameLen + extraLen };
    const flags = u16(b, 8);
    const entry: ZipEntry = {
      name: (flags & 0x800 ? utf8 : latin1).decode(b.subarray(46, 46 + nameLen)),
      method: u16(b, 10),
      flags,
      crc: u32(b, 16),
      compressedSize: u32(b, 20),
      size: u32(b, 24),
      offset: u32(b, 42),
    };
    // ZIP64 extra field: the 64-bit values of the fields that are 0xFFFFFFFF, in this order.
    for (let x = 46 + nameLen; x + 4 <= b.length; x += 4 + u16(b, x + 2)) {
      if (u16(b, x) !== 0x0001) continue;
      const fieldEnd = Math.min(b.length, x + 4 + u16(b, x + 2));
      let f = x + 4;
      const take = () => {
        if (f + 8 > fieldEnd) throw fail(`${entry.name}: a short ZIP64 field`);
        f += 8;
        return u64(b, f - 8);
      };
      if (entry.size === MAX32) entry.size = take();
      if (entry.compressedSize === MAX32) entry.compressedSize = take();
      if (entry.offset === MAX32) entry.offset = take();
    }
    visit(entry);
    p = next;
  }
}
