// A PDF decompression bomb: 100 KB of Flate that unpacks to 100 MB of content stream kept pdfjs
// (the engine before PDFium) busy for 14 s in 670 MB, and a 1 MB one would exhaust the memory.
// Neither engine takes a bound, so the streams are measured first: each Flate stream that is not an image (images are
// only decoded for OCR, page by page) is inflated, output counted against one budget and
// dropped, and the file refused once the budget is spent.
import { constants, inflateSync } from 'node:zlib';
import { InputError } from '@ziping/core';

/** Most bytes a PDF's non-image Flate streams (content, fonts, object streams) may unpack to. */
export const MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024;

const STREAM = Buffer.from('stream');
/** How far before `stream` its dictionary may start. */
const DICT_REACH = 4096;

export function checkPdfStreams(buf: Buffer, path: string, limit = MAX_PDF_STREAM_BYTES): void {
  let left = limit;
  // Both searches stay linear in the file however many `stream` words it holds: the dictionary
  // is looked for only within its reach, and the next `endstream` is found once, not once a word.
  let end = -2;
  for (let at = buf.indexOf(STREAM); at >= 0; at = buf.indexOf(STREAM, at + STREAM.length)) {
    if (buf.subarray(at - 3, at).toString('latin1') === 'end') continue;
    let from = at + STREAM.length;
    if (buf[from] === 0x0d) from++;
    if (buf[from] !== 0x0a) continue; // the keyword, not a word in a string
    const before = buf.subarray(Math.max(0, at - DICT_REACH), at);
    const dict = before.subarray(Math.max(0, before.lastIndexOf(' obj'))).toString('latin1');
    if (!dict.includes('/FlateDecode') || /\/Subtype\s*\/Image/.test(dict)) continue;
    if (end !== -1 && end < from) end = buf.indexOf('endstream', from);
    const data = buf.subarray(from + 1, end < 0 ? buf.length : end);
    let size: number;
    try {
      // SYNC_FLUSH: a truncated or damaged stream yields what it has (the engine reads such files too)
      // output chunks sized to the stream: the default 16 KB for each of thousands of small streams (a Type 3 font has one per glyph) was most of the time
      size = inflateSync(data, { maxOutputLength: left + 1, finishFlush: constants.Z_SYNC_FLUSH, chunkSize: Math.min(64 * 1024, Math.max(1024, 8 * data.length)) }).length;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') continue;
      size = left + 1;
    }
    left -= size;
    if (left < 0) {
      throw new InputError('TOO_LARGE', path, `its compressed streams unpack to more than ${limit / 2 ** 20} MiB (MAX_PDF_STREAM_BYTES; the stream at byte ${at}): a decompression bomb, not a form`);
    }
    if (end >= 0) at = end;
  }
}
