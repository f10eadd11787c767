// Reading an upload: every file part of a multipart request, a .zip expanded into its files,
// each streamed to a temp file in the files folder while it is hashed and counted, so memory
// stays small whatever is sent. Only when the whole request is accepted are the temp files
// renamed to <dir>/<ab>/<sha256>; a refused request leaves nothing behind. Limits:
// `maxFileBytes` per file (a zip's own size, and each file in it), `maxFiles` in all,
// `maxTotalBytes` for the request (files as sent, plus the files inside its zips unpacked), and
// `maxZipRatio` for what one compressed byte may unpack to.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import type { MultipartFile } from '@fastify/multipart';
import { UPLOAD_DEFAULTS } from '@ziping/config';
import { OFFICE_TYPE, officeKindOf, sniffMediaType, type OfficeKind } from '@ziping/ingest';
import type { Upload } from '@ziping/store';
import { ApiError } from './errors.ts';
import { BadZip, checkEntry, listEntries, openEntry, type ZipEntry } from './unzip.ts';

export interface UploadLimits { maxFileBytes: number; maxFiles: number; maxTotalBytes?: number; maxZipRatio?: number }

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/x-zip']);
/** What sniffMediaType looks at of a file that is not a ZIP. */
const HEAD_BYTES = 64 * 1024;
/** Below this an entry may unpack at any ratio: small, highly repetitive text files are real. */
const RATIO_FLOOR = 1 << 20;

const MEDIA_TYPES = new Set([
  'text/plain', 'application/pdf', 'image/png', 'image/jpeg', 'image/tiff', ...Object.values(OFFICE_TYPE),
]);

/** A file of the request, in its temp file until the request is accepted. */
interface Spooled { tmp: string; sha256: string; bytes: number; crc: number; head: Buffer }

/** Reads and stores every file of the request; nothing is recorded in the database here. */
export async function readUpload(files: AsyncIterable<MultipartFile>, dir: string, limits: UploadLimits): Promise<Upload[]> {
  const maxTotal = limits.maxTotalBytes ?? UPLOAD_DEFAULTS.maxTotalBytes;
  const maxRatio = limits.maxZipRatio ?? UPLOAD_DEFAULTS.maxZipRatio;
  const temps: string[] = [];
  const out: (Spooled & { name: string; mediaType: string | null })[] = [];
  let total = 0;
  const spoolTo = (source: Readable[], check: (bytes: number) => void) => {
    const tmp = join(dir, `.upload-${randomBytes(8).toString('hex')}.tmp`);
    temps.push(tmp);
    return spool(source, tmp, check);
  };
  const overTotal = () => new ApiError(413, 'TOO_LARGE', `the upload holds more than ${maxTotal} bytes (UPLOAD_MAX_TOTAL_BYTES)`);
  await mkdir(dir, { recursive: true });
  try {
    for await (const part of files) {
      const name = part.filename || 'upload';
      const file = await spoolTo([part.file], (n) => { if (total + n > maxTotal) throw overTotal(); });
      // @fastify/multipart ends a part cut off at UPLOAD_MAX_BYTES early, as if it were whole.
      if (part.file.truncated) throw new ApiError(413, 'FILE_TOO_LARGE', `${name} is larger than ${limits.maxFileBytes} bytes (UPLOAD_MAX_BYTES)`);
      total += file.bytes;
      const zip = file.head.subarray(0, 4).equals(ZIP_MAGIC) ? await inspectZip(file.tmp, limits.maxFiles - out.length, limits.maxFileBytes) : null;
      const bundle = zip && !zip.office && (/\.zip$/i.test(name) || ZIP_TYPES.has(part.mimetype));
      if (!bundle) {
        if (out.length >= limits.maxFiles) throw new ApiError(413, 'TOO_MANY_FILES', `more than ${limits.maxFiles} files in one upload`);
        out.push({ ...file, name, mediaType: zip ? (zip.office ? OFFICE_TYPE[zip.office] : null) : mediaTypeOf(file.head) });
        continue;
      }
      if (zip.error) throw new ApiError(400, 'BAD_ZIP', `${name}: not a readable zip (${zip.error})`);
      if (zip.tooMany) throw new ApiError(413, 'TOO_MANY_FILES', `${name}: more than ${limits.maxFiles} files in one upload`);
      // The declared sizes are checked first (cheap refusals); then every entry is held to its
      // declared size as it unpacks, so no header, however false, gets more than the limits.
      if (zip.tooLarge) {
        throw new ApiError(413, 'FILE_TOO_LARGE', `${name}: ${zip.tooLarge.name} is larger than ${limits.maxFileBytes} bytes (UPLOAD_MAX_BYTES)`);
      }
      const declared = zip.entries.reduce((n, e) => n + e.size, 0);
      if (total + declared > maxTotal) throw overTotal();
      const fh = await open(file.tmp);
      try {
        for (const e of zip.entries) {
          const { raw, inflater } = await openEntry(fh, file.tmp, file.bytes, e);
          const entry = await spoolTo(inflater ? [raw, inflater] : [raw], (n) => {
            if (n > e.size) throw new BadZip(`${e.name}: unpacks to more than the ${e.size} bytes its header declares`);
            if (inflater && n > RATIO_FLOOR && n > maxRatio * Math.max(1, inflater.bytesWritten)) {
              throw new ApiError(413, 'ZIP_BOMB', `${name}: ${e.name} unpacks to more than ${maxRatio} times its compressed size (UPLOAD_MAX_ZIP_RATIO)`);
            }
          });
          checkEntry(e, entry.bytes, entry.crc);
          total += entry.bytes;
          out.push({ ...entry, name: `${name}/${e.name}`, mediaType: await fileMediaType(entry) });
        }
      } catch (e) {
        // node:zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR: damaged or cut-off deflate data) are the zip's too.
        const zlib = typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('Z_');
        throw e instanceof BadZip || zlib ? new ApiError(400, 'BAD_ZIP', `${name}: ${(e as Error).message}`) : e;
      } finally {
        await fh.close();
        await rm(file.tmp, { force: true }); // the zip itself is never stored
      }
    }
    if (out.length === 0) throw new ApiError(400, 'NO_FILES', 'no file in the upload (multipart field of type file)');
    const stored: Upload[] = [];
    for (const f of out) {
      const folder = join(dir, f.sha256.slice(0, 2));
      const path = join(folder, f.sha256);
      if (!(await stat(path).catch(() => null))) {
        await mkdir(folder, { recursive: true });
        await rename(f.tmp, path);
      }
      stored.push({ name: f.name, path, sha256: f.sha256, bytes: f.bytes, mediaType: f.mediaType });
    }
    return stored;
  } finally {
    // Accepted files were renamed away; everything else of the request goes.
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
}

/**
 * Writes the bytes from `source` (a chain of streams) to `tmp`, hashing and counting them;
 * `check(bytesSoFar)` throws to stop at once. Holds one chunk, and the first 64 KiB, in memory.
 */
async function spool(source: Readable[], tmp: string, check: (bytes: number) => void): Promise<Spooled> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let bytes = 0;
  let headBytes = 0;
  let crc = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      try {
        check(bytes);
      } catch (e) {
        return done(e as Error);
      }
      hash.update(chunk);
      crc = crc32(chunk, crc);
      if (headBytes < HEAD_BYTES) {
        head.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - headBytes))); // a copy: a slice would keep the whole chunk
        headBytes += head.at(-1)!.length;
      }
      done(null, chunk);
    },
  });
  const sink = createWriteStream(tmp, { flags: 'wx' });
  try {
    await pipeline([...source, meter, sink]);
  } catch (e) {
    // The caller deletes the file: it must not be (re)created by a write stream still opening it.
    if (!sink.closed) await once(sink, 'close').catch(() => {});
    throw e;
  }
  return { tmp, sha256: hash.digest('hex'), bytes, crc, head: Buffer.concat(head) };
}

/** Folders' metadata that archivers add (`__MACOSX/`, dotfiles). */
const skipped = (name: string) => name.startsWith('__MACOSX/') || basename(name).startsWith('.');

/** Names of the parts that make a ZIP an Office document (officeKindOf). */
const OFFICE_PARTS = new Set(['[content_types].xml', 'xl/workbook.xml', 'word/document.xml']);

interface ZipDirectory { office: OfficeKind | null; entries: ZipEntry[]; tooMany: boolean; tooLarge: ZipEntry | null; error: string | null }

/**
 * A ZIP file's directory: whether it is an Office document (an .xlsx/.docx is a ZIP too, and some
 * clients even send it as application/zip: it is a document, not a bundle), the first `cap`
 * entries a bundle would expand to (sorted by name), whether there are more, the first entry
 * that declares more than `maxFileBytes`, or why it is unreadable.
 */
async function inspectZip(path: string, cap: number, maxFileBytes: number): Promise<ZipDirectory> {
  const entries: ZipEntry[] = [];
  const parts: string[] = [];
  let tooMany = false;
  let tooLarge: ZipEntry | null = null;
  let error: string | null = null;
  const fh = await open(path);
  try {
    await listEntries(fh, (await fh.stat()).size, (e) => {
      if (OFFICE_PARTS.has(e.name.toLowerCase())) parts.push(e.name);
      if (e.name.endsWith('/') || skipped(e.name)) return;
      if (e.size > maxFileBytes) tooLarge ??= e;
      if (entries.length < cap) entries.push(e);
      else tooMany = true;
    });
  } catch (e) {
    if (!(e instanceof BadZip)) throw e;
    error = e.message;
  } finally {
    await fh.close();
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { office: error ? null : officeKindOf(parts), entries, tooMany, tooLarge, error };
}

function mediaTypeOf(head: Buffer): string | null {
  const sniffed = sniffMediaType(head);
  return MEDIA_TYPES.has(sniffed) ? sniffed : null;
}

/** A file inside a bundle may itself be an .xlsx/.docx: a ZIP's type is in its directory, not its head. */
async function fileMediaType(f: Spooled): Promise<string | null> {
  if (!f.head.subarray(0, 4).equals(ZIP_MAGIC)) return mediaTypeOf(f.head);
  const { office } = await inspectZip(f.tmp, 0, Infinity);
  return office ? OFFICE_TYPE[office] : null;
}
