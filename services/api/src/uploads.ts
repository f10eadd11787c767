// Reading an upload: every file part of a multipart request, a .zip expanded into its
// files, each stored on disk content-addressed by sha256 (<dir>/<ab>/<sha256>). Limits:
// `maxFileBytes` per file (a zip's own size and each file in it), `maxFiles` in all.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import { sniffMediaType } from '@ziping/ingest';
import type { Upload } from '@ziping/store';
import { unzipSync } from 'fflate';
import { ApiError } from './errors.ts';

export interface UploadLimits { maxFileBytes: number; maxFiles: number }

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/x-zip']);

// An .xlsx/.docx is a ZIP too (some clients even send it as application/zip): it is a document, not a bundle.
const isZip = (name: string, mimetype: string, buf: Buffer) =>
  buf.subarray(0, 4).equals(ZIP_MAGIC) && (/\.zip$/i.test(name) || ZIP_TYPES.has(mimetype)) && !MEDIA_TYPES.has(sniffMediaType(buf));

/** Reads and stores every file of the request; nothing is recorded in the database here. */
export async function readUpload(
  files: AsyncIterable<MultipartFile>,
  dir: string,
  limits: UploadLimits,
): Promise<Upload[]> {
  const out: Upload[] = [];
  const add = async (name: string, buf: Buffer) => {
    if (out.length >= limits.maxFiles) {
      throw new ApiError(413, 'TOO_MANY_FILES', `more than ${limits.maxFiles} files in one upload`);
    }
    out.push(await storeBytes(dir, name, buf));
  };
  for await (const part of files) {
    const buf = await part.toBuffer(); // over the size limit: 413 from @fastify/multipart
    const name = part.filename || 'upload';
    if (isZip(name, part.mimetype, buf)) {
      for (const entry of unzip(name, buf, limits)) await add(entry.name, entry.bytes);
    } else {
      await add(name, buf);
    }
  }
  if (out.length === 0) throw new ApiError(400, 'NO_FILES', 'no file in the upload (multipart field of type file)');
  return out;
}

function unzip(zipName: string, buf: Buffer, limits: UploadLimits): { name: string; bytes: Buffer }[] {
  let entries: Record<string, Uint8Array>;
  let count = 0;
  try {
    entries = unzipSync(buf, {
      filter: (f) => {
        if (f.name.endsWith('/') || skipped(f.name)) return false;
        if (++count > limits.maxFiles) {
          throw new ApiError(413, 'TOO_MANY_FILES', `${zipName}: more than ${limits.maxFiles} files`);
        }
        if (f.originalSize > limits.maxFileBytes) {
          throw new ApiError(413, 'FILE_TOO_LARGE', `${zipName}: ${f.name} is larger than ${limits.maxFileBytes} bytes`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, 'BAD_ZIP', `${zipName}: not a readable zip (${(e as Error).message})`);
  }
  return Object.entries(entries)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, bytes]) => {
      // The sizes in the zip's headers are the sender's word; check what came out.
      if (bytes.length > limits.maxFileBytes) {
        throw new ApiError(413, 'FILE_TOO_LARGE', `${zipName}: ${name} is larger than ${limits.maxFileBytes} bytes`);
      }
      return { name: `${zipName}/${name}`, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) };
    });
}

/** Folders' metadata that archivers add (`__MACOSX/`, dotfiles). */
const skipped = (name: string) => name.startsWith('__MACOSX/') || basename(name).startsWith('.');

const MEDIA_TYPES = new Set([
  'text/plain', 'application/pdf', 'image/png', 'image/jpeg', 'image/tiff',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/** Writes the bytes once under their sha256 (write to a temp name, then rename: readers never see a partial file). */
export async function storeBytes(dir: string, name: string, buf: Buffer): Promise<Upload> {
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const folder = join(dir, sha256.slice(0, 2));
  const path = join(folder, sha256);
  if (!(await stat(path).catch(() => null))) {
    await mkdir(folder, { recursive: true });
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, buf);
    await rename(tmp, path);
  }
  const sniffed = sniffMediaType(buf);
  return { name, path, sha256, bytes: buf.length, mediaType: MEDIA_TYPES.has(sniffed) ? sniffed : null };
}
