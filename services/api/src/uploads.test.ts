// Bounded uploads, over real HTTP, on the real local Postgres (a database of this file's own):
// zip bombs and lying zip headers are refused without their memory, a refused request leaves no
// file and no row behind, the event loop answers while an upload arrives, and what is accepted
// is stored content-addressed.
import { createHash } from 'node:crypto';
import { readFileSync, watch, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type ApiConfig } from '@ziping/config';
import { deflatedEntry, rawZip, zerosEntry } from '@ziping/pipeline/testing/zipbytes';
import { migrate, type Db } from '@ziping/store';
import { useFreshDbs } from '@ziping/store/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from './api.ts';
import { getJson, postFiles, type Part } from './testing.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// The peak resident size from a point on, not since the process started (a test process runs
// file after file: vitest.config.ts): Linux resets the high-water mark when 5 is written to
// clear_refs, and reports it as VmHWM.
const resetPeakRss = () => writeFileSync('/proc/self/clear_refs', '5');
const peakRss = () => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
const TOKEN = 'test-token-0123456789';
const KiB = 1024;
const MiB = 1024 * KiB;
/** The limits a deployment gets when it sets none. */
const DEFAULTS: ApiConfig = { ...loadConfig({ API_TOKEN: TOKEN }).api, port: 0 };
const SMALL: ApiConfig = { ...DEFAULTS, maxFileBytes: 256 * KiB, maxFiles: 6, maxTotalBytes: 400 * KiB };

/** `bytes` bytes of text that start with `label`. */
const text = (label: string, bytes: number) => {
  const head = Buffer.from(`${label}\n`);
  return Buffer.concat([head, Buffer.alloc(bytes - head.length, 'x')]);
};
const zipPart = (name: string, bytes: Buffer): Part => ({ name, bytes, type: 'application/zip' });

async function filesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) if ((await stat(join(dir, name))).isFile()) out.push(name);
  return out.sort();
}

describe('bounded uploads', () => {
  const dbs = useFreshDbs(['postgres']);
  let db: Db;
  let filesDir: string;
  const apps: FastifyInstance[] = [];
  /** Default limits; small limits. */
  let big: string;
  let small: string;

  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'ziping-files-'));
    db = await dbs.postgres.open();
    await migrate(db);
    for (const api of [DEFAULTS, SMALL]) apps.push(await buildApi({ api, filesDir, db, queue: null, logLevel: 'silent' }));
    [big, small] = await Promise.all(apps.map((a) => a.listen({ host: '127.0.0.1', port: 0 })));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db?.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  const nothingStored = async () => {
    expect(await filesIn(filesDir)).toEqual([]);
    expect(await db.query('SELECT name FROM documents')).toEqual([]);
  };

  it('refuses a zip of 40 × 50 MiB of zeros, and a single such entry, without holding them', async () => {
    const zeros = await zerosEntry('zeros.txt', 50 * MiB); // = UPLOAD_MAX_BYTES: each entry is within it
    expect(DEFAULTS.maxFileBytes).toBe(50 * MiB);
    const bomb = rawZip(Array.from({ length: 40 }, (_, i) => ({ ...zeros, name: `zeros-${i}.txt` })));
    expect(bomb.length).toBeLessThan(3 * MiB);
    const rss = process.memoryUsage.rss();
    resetPeakRss();
    expect(await postFiles(big, [zipPart('bomb.zip', bomb)], TOKEN)).toMatchObject({ status: 413, body: { error: { code: 'TOO_LARGE' } } });
    // One entry is within every size limit: it is unpacked until the compression ratio stops it.
    const one = await postFiles(big, [zipPart('one.zip', rawZip([zeros]))], TOKEN);
    expect(one).toMatchObject({ status: 413, body: { error: { code: 'ZIP_BOMB' } } });
    expect(one.body.error.message).toMatch(/^one\.zip: zeros\.txt unpacks to more than 100 times/);
    // The process's peak, not its size now: the old code peaked at 2.2 GB here.
    expect(peakRss() - rss).toBeLessThan(100 * MiB);
    await nothingStored();
  });

  it('refuses a zip whose headers misstate an entry, or whose data is damaged', async () => {
    const over = await zerosEntry('big.txt', 50 * MiB + 1);
    const form = Buffer.from('一份绩效自评表\n得分\t90\n');
    const cases: [Buffer, number, string, RegExp][] = [
      // A header that understates: cut off at the size it declares.
      [rawZip([{ ...over, size: 100 }]), 400, 'BAD_ZIP', /^x\.zip: big\.txt: unpacks to more than the 100 bytes its header declares/],
      [rawZip([{ ...deflatedEntry('a.txt', form), size: 5 }]), 400, 'BAD_ZIP', /a\.txt: unpacks to more than the 5 bytes/],
      [rawZip([{ ...deflatedEntry('a.txt', form), localSize: 5 }]), 400, 'BAD_ZIP', /a\.txt: its local header .* disagrees with the central directory/],
      [rawZip([{ ...deflatedEntry('a.txt', form), size: form.length + 1 }]), 400, 'BAD_ZIP', new RegExp(`a\\.txt: unpacks to ${form.length} bytes, its header declares ${form.length + 1}`)],
      [rawZip([{ ...deflatedEntry('a.txt', form), crc: 12345 }]), 400, 'BAD_ZIP', /a\.txt: CRC-32 mismatch/],
      // Damaged and cut-off deflate data (the sizes in the headers agree with the bytes there).
      [rawZip([{ ...deflatedEntry('a.txt', form), data: Buffer.alloc(20, 0xff) }]), 400, 'BAD_ZIP', /^x\.zip: invalid/],
      [rawZip([{ ...deflatedEntry('a.txt', form), data: deflatedEntry('a.txt', form).data.subarray(0, 5) }]), 400, 'BAD_ZIP', /^x\.zip: unexpected end of file/],
      // An honest header over the limit is refused before anything is unpacked.
      [rawZip([deflatedEntry('ok.txt', form), over]), 413, 'FILE_TOO_LARGE', /^x\.zip: big\.txt is larger than 52428800 bytes/],
    ];
    for (const [zip, status, code, message] of cases) {
      const res = await postFiles(big, [zipPart('x.zip', zip)], TOKEN);
      expect(res).toMatchObject({ status, body: { error: { code } } });
      expect(res.body.error.message).toMatch(message);
    }
    await nothingStored();
  });

  it('leaves nothing behind when any part of a request is refused', async () => {
    const ok = { name: 'ok.txt', bytes: text('ok', KiB) };
    const cases: [Part[], number, string][] = [
      // A part cut off at UPLOAD_MAX_BYTES, after a part already on disk.
      [[ok, { name: 'big.txt', bytes: text('big', SMALL.maxFileBytes + 1) }], 413, 'FILE_TOO_LARGE'],
      [[ok, zipPart('big.zip', rawZip([deflatedEntry('a.txt', text('a', SMALL.maxFileBytes + 1))]))], 413, 'FILE_TOO_LARGE'],
      // 3 × 200 KiB > UPLOAD_MAX_TOTAL_BYTES (400 KiB), sent as files and inside a zip.
      [[1, 2, 3].map((i) => ({ name: `${i}.txt`, bytes: text(`part ${i}`, 200 * KiB) })), 413, 'TOO_LARGE'],
      [[ok, zipPart('t.zip', rawZip([1, 2, 3].map((i) => deflatedEntry(`${i}.txt`, text(`entry ${i}`, 200 * KiB)))))], 413, 'TOO_LARGE'],
      [[ok, zipPart('n.zip', rawZip([1, 2, 3, 4, 5, 6].map((i) => deflatedEntry(`${i}.txt`, text(`entry ${i}`, 10)))))], 413, 'TOO_MANY_FILES'],
      [[ok, zipPart('broken.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40, 7)]))], 400, 'BAD_ZIP'],
      [[zipPart('empty.zip', rawZip([deflatedEntry('__MACOSX/._a.txt', Buffer.from('x')), deflatedEntry('.DS_Store', Buffer.from('y'))]))], 400, 'NO_FILES'],
    ];
    for (const [parts, status, code] of cases) {
      expect(await postFiles(small, parts, TOKEN)).toMatchObject({ status, body: { error: { code } } });
    }
    await nothingStored();
  });

  it('answers /health while an upload is still arriving', async () => {
    const boundary = 'ziping-test-boundary';
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (send = c) });
    const watcher = watch(filesDir);
    const spooling = new Promise((ok) => watcher.on('change', (_kind, name) => String(name).startsWith('.upload-') && ok(name)));
    const answer = fetch(`${small}/documents`, {
      method: 'POST', body, duplex: 'half',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit & { duplex: 'half' });
    const content = text('一份自评表', 100 * KiB);
    send.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\n`));
    send.enqueue(content.subarray(0, 50 * KiB));
    await spooling; // the server is writing the part to disk, and waits for the rest
    watcher.close();
    expect(await getJson(small, '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    send.enqueue(content.subarray(50 * KiB));
    send.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
    send.close();
    const res = await answer;
    expect(res.status).toBe(200);
    expect((await res.json()).documents).toMatchObject([{ name: 'slow.txt', bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') }]);
  });

  it('stores an accepted upload content-addressed, zip entries by name only', async () => {
    const seed = (n: string) => readFile(join(ROOT, 'fixtures/seeds', n));
    const [a, b] = await Promise.all([seed('000_ca0dcd0154b0e201.txt'), seed('002_80c952864022144d.txt')]);
    const [xlsx, book] = await Promise.all(['d05_baitang_wlj_2024', 'd06_wugang_mzj_2019'].map((n) => readFile(join(ROOT, `fixtures/corpus/xlsx/${n}.xlsx`))));
    const evil = Buffer.from('a name that climbs out of the folder\n');
    const bundle = rawZip([
      deflatedEntry('batch/a.txt', b), deflatedEntry('../../evil.txt', evil), deflatedEntry('batch/d05.xlsx', xlsx),
      deflatedEntry('__MACOSX/batch/._a.txt', Buffer.from('x')), deflatedEntry('batch/.DS_Store', Buffer.from('y')),
    ]);
    const res = await postFiles(small, [
      { name: 'seed.txt', bytes: a }, zipPart('batch.zip', bundle), zipPart('book.zip', book), // an .xlsx sent as a zip is a document
    ], TOKEN);
    expect(res.status).toBe(200);
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const sha = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
    expect(res.body.documents.map((d: { name: string; sha256: string; media_type: string; bytes: number }) => [d.name, d.sha256, d.media_type, d.bytes])).toEqual([
      ['seed.txt', sha(a), 'text/plain', a.length],
      ['batch.zip/../../evil.txt', sha(evil), 'text/plain', evil.length],
      ['batch.zip/batch/a.txt', sha(b), 'text/plain', b.length],
      ['batch.zip/batch/d05.xlsx', sha(xlsx), XLSX, xlsx.length],
      ['book.zip', sha(book), XLSX, book.length],
    ]);
    await expect(stat(join(filesDir, '../../evil.txt'))).rejects.toThrow(/ENOENT/);
    // Every file in the folder, this test's and the earlier ones', is <ab>/<sha256 of its bytes>; no temp file is left.
    const files = await filesIn(filesDir);
    for (const buf of [a, b, xlsx, book, evil]) expect(files).toContain(join(sha(buf).slice(0, 2), sha(buf)));
    for (const f of files) expect(f).toBe(join(sha(await readFile(join(filesDir, f))).slice(0, 2), sha(await readFile(join(filesDir, f)))));
  });
});
