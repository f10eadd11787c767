// Service mode end to end, on the real local Postgres (a database of this file's own) and
// Redis (a key prefix of its own): upload over HTTP → job → worker → document row.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiConfig } from '@ziping/config';
import { openQueue, type JobQueue } from '@ziping/jobs';
import { useTestQueueConfig, watchJobs } from '@ziping/jobs/testing';
import { extractFile } from '@ziping/pipeline';
import { migrate, type Db } from '@ziping/store';
import { useFreshDbs } from '@ziping/store/testing';
import { startDocumentWorker, type DocumentWorker } from '@ziping/worker';
import { zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from './api.ts';
import { getJson, postFiles, type Part } from './testing.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'test-token-0123456789';
// reads open (API_PUBLIC_READS): keys are auth.test.ts's subject
const LIMITS: ApiConfig = { host: '127.0.0.1', port: 0, token: TOKEN, publicReads: true, maxFileBytes: 256 * 1024, maxFiles: 8 };

async function fixture(dir: string, name: string): Promise<Part> {
  return { name, bytes: await readFile(join(ROOT, 'fixtures', dir, name)) };
}

interface Harness { db: Db; queue: JobQueue; worker: DocumentWorker; app: FastifyInstance; base: string; jobs: ReturnType<typeof watchJobs> }

describe('service mode with a queue', () => {
  const dbs = useFreshDbs(['postgres']);
  const queueCfg = useTestQueueConfig({ concurrency: 2 });
  const h = {} as Harness;
  let filesDir: string;

  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'ziping-files-'));
    h.db = await dbs.postgres.open();
    await migrate(h.db);
    h.queue = openQueue(queueCfg);
    h.worker = startDocumentWorker(queueCfg, h.db);
    h.jobs = watchJobs(h.worker.worker);
    h.app = await buildApi({ api: LIMITS, filesDir, db: h.db, queue: h.queue, logLevel: 'silent' });
    h.base = await h.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await h.app?.close();
    await h.worker?.close();
    await h.queue?.close();
    await h.db?.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  it('answers /health', async () => {
    expect(await getJson(h.base, '/health')).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', queue: 'ok' } } });
  });

  it('processes every uploaded seed to done, with the counts the stages give', async () => {
    const names = (await readdir(join(ROOT, 'fixtures/seeds'))).filter((f) => !f.startsWith('.')).slice(0, LIMITS.maxFiles);
    const parts = await Promise.all(names.map((n) => fixture('seeds', n)));
    const res = await postFiles(h.base, parts, TOKEN);
    expect(res.status).toBe(202);
    expect(res.body.documents).toHaveLength(names.length);
    for (const [i, d] of res.body.documents.entries()) {
      expect(d).toMatchObject({ name: names[i], status: 'queued', duplicate: false, job: d.sha256 });
    }
    const settled = await Promise.all(res.body.documents.map((d: { job: string }) => h.jobs.settled(d.job)));
    expect(settled.map((s) => s.state)).toEqual(names.map(() => 'completed'));

    for (const [i, d] of res.body.documents.entries()) {
      const { extraction: x } = await extractFile(join(ROOT, 'fixtures/seeds', names[i]));
      const got = await getJson(h.base, `/documents/${d.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id: d.id, name: names[i], status: 'done', stage: null, error: null, media_type: 'text/plain', pages: 1,
        counts: {
          forms: x.forms.length, indicators: x.forms.reduce((n, f) => n + f.indicators.length, 0),
          tables: x.tables.length, anomalies: x.anomalies.length,
        },
        links: { self: `/documents/${d.id}`, forms: `/documents/${d.id}/forms`, anomalies: `/documents/${d.id}/anomalies` },
      });
      const forms = await getJson(h.base, got.body.links.forms);
      expect(forms.body.forms).toHaveLength(x.forms.length);
      const anomalies = await getJson(h.base, got.body.links.anomalies);
      expect(anomalies.body.anomalies).toHaveLength(x.anomalies.length);
    }
    // Each job reported its first stage at once; later stages are reported only once a document
    // has run a while (worker.test.ts), so a seed may show any of them, but in order.
    const stages = ['ingest', 'reconstruct', 'validate', 'store'];
    for (const d of res.body.documents) {
      const reported = h.jobs.progress.get(d.job) as { stage: string; step: number; of: number }[];
      expect(reported[0]).toEqual({ stage: 'ingest', step: 1, of: 4 });
      for (const r of reported) expect(r).toEqual({ stage: stages[r.step - 1], step: r.step, of: 4 });
      expect(reported.map((r) => r.step)).toEqual([...new Set(reported.map((r) => r.step))].sort((a, b) => a - b));
    }
    const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*) AS n FROM forms`);
    expect(n).toBeGreaterThan(0);
  });

  it('keeps one document and one job for the same bytes uploaded again', async () => {
    const before = await h.queue.counts();
    const part = await fixture('seeds', '000_ca0dcd0154b0e201.txt');
    const res = await postFiles(h.base, [part, { ...part, name: 'copy.txt' }], TOKEN);
    expect(res.status).toBe(202);
    const [a, b] = res.body.documents;
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ status: 'done', duplicate: true, job: null });
    expect(await h.queue.counts()).toEqual(before);
    const [{ n }] = await h.db.query<{ n: number }>('SELECT count(*) AS n FROM documents WHERE sha256 = $1', [a.sha256]);
    expect(n).toBe(1);
  });

  it('fails bad files with a typed error, without retrying them', async () => {
    const parts = [await fixture('bad', 'junk.bin'), { ...(await fixture('bad', 'empty.txt')), name: '空白自评表.txt' }, await fixture('bad', 'no_table.txt')];
    const res = await postFiles(h.base, parts, TOKEN);
    expect(res.status).toBe(202);
    const docs = res.body.documents as { id: number; job: string }[];
    const settled = await Promise.all(docs.map((d) => h.jobs.settled(d.job)));
    for (const s of settled) expect(s).toMatchObject({ state: 'failed', attemptsMade: 1 });
    const got = await Promise.all(docs.map((d) => getJson(h.base, `/documents/${d.id}`)));
    expect(got.map((g) => [g.body.status, g.body.error?.code])).toEqual([
      ['failed', 'BINARY_JUNK'], ['failed', 'EMPTY_FILE'], ['failed', 'NO_TABLE'],
    ]);
    // The message names the uploaded file, not where its bytes are stored.
    expect(got[0].body.error.message).toMatch(/^junk\.bin: /);
    expect(got[1].body).toMatchObject({ name: '空白自评表.txt', error: { message: expect.stringMatching(/^空白自评表\.txt: /) } });
    expect(got[0].body.counts).toBeNull();
  });

  it('expands a .zip into one document per file', async () => {
    const a = await fixture('seeds', '002_80c952864022144d.txt');
    const zip = zipSync({ 'batch/a.txt': a.bytes, 'batch/new.txt': Buffer.from('not a form\n'), '__MACOSX/._a.txt': new Uint8Array([1]) });
    const res = await postFiles(h.base, [{ name: 'batch.zip', bytes: zip, type: 'application/zip' }], TOKEN);
    expect(res.status).toBe(202);
    expect(res.body.documents).toHaveLength(2);
    // a.txt was processed already under its own name: same bytes, same document.
    expect(res.body.documents[0]).toMatchObject({ name: a.name, duplicate: true, status: 'done', job: null });
    const fresh = res.body.documents[1];
    expect(fresh).toMatchObject({ name: 'batch.zip/batch/new.txt', duplicate: false, status: 'queued' });
    expect(await h.jobs.settled(fresh.job)).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect((await getJson(h.base, `/documents/${fresh.id}`)).body.error.message).toMatch(/^batch\.zip\/batch\/new\.txt: /);
  });

  it('guards writes with the API token', async () => {
    const part = await fixture('seeds', '000_ca0dcd0154b0e201.txt');
    for (const token of [null, 'wrong-token-0123456789']) {
      const res = await postFiles(h.base, [part], token);
      expect(res).toEqual({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: expect.any(String) } } });
    }
  });

  it('answers 4xx JSON errors for limits and bad requests', async () => {
    const big = { name: 'big.txt', bytes: Buffer.alloc(LIMITS.maxFileBytes + 1, 'a') };
    expect(await postFiles(h.base, [big], TOKEN)).toMatchObject({ status: 413, body: { error: { code: 'FILE_TOO_LARGE' } } });
    const many = Array.from({ length: LIMITS.maxFiles + 1 }, (_, i) => ({ name: `f${i}.txt`, bytes: Buffer.from(`file ${i}\n`) }));
    expect(await postFiles(h.base, many, TOKEN)).toMatchObject({ status: 413, body: { error: { code: 'TOO_MANY_FILES' } } });
    const zipped = zipSync(Object.fromEntries(many.map((m) => [m.name, m.bytes])));
    expect(await postFiles(h.base, [{ name: 'many.zip', bytes: zipped }], TOKEN)).toMatchObject({
      status: 413, body: { error: { code: 'TOO_MANY_FILES' } },
    });
    const broken = { name: 'broken.zip', bytes: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40, 7)]) };
    expect(await postFiles(h.base, [broken], TOKEN)).toMatchObject({ status: 400, body: { error: { code: 'BAD_ZIP' } } });
    expect(await postFiles(h.base, [], TOKEN)).toMatchObject({ status: 400, body: { error: { code: 'NO_FILES' } } });
    const json = await fetch(`${h.base}/documents`, {
      method: 'POST', body: '{}', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    expect([json.status, (await json.json()).error.code]).toEqual([415, 'NOT_MULTIPART']);
    expect(await getJson(h.base, '/documents/abc')).toMatchObject({ status: 400, body: { error: { code: 'BAD_ID' } } });
    expect(await getJson(h.base, '/documents/999999')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    // None of the refused uploads left a document behind.
    const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*) AS n FROM documents WHERE name LIKE 'f%.txt' OR name = 'big.txt'`);
    expect(n).toBe(0);
  });
});

describe('service mode without a queue (no REDIS_URL)', () => {
  const dbs = useFreshDbs(['embedded']);
  let db: Db;
  let app: FastifyInstance;
  let filesDir: string;
  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'ziping-files-'));
    db = await dbs.embedded.open();
    await migrate(db);
    app = await buildApi({ api: LIMITS, filesDir, db, queue: null, logLevel: 'silent' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  it('processes uploads inline and answers with their final status', async () => {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    expect((await getJson(base, '/health')).body).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'inline' } });
    const seed = await fixture('seeds', '000_ca0dcd0154b0e201.txt');
    const res = await postFiles(base, [seed, await fixture('bad', 'empty.txt')], TOKEN);
    expect(res.status).toBe(200);
    const { extraction: x } = await extractFile(join(ROOT, 'fixtures/seeds', seed.name));
    expect(res.body.documents).toMatchObject([
      { name: seed.name, status: 'done', job: null, counts: { forms: x.forms.length, anomalies: x.anomalies.length } },
      { name: 'empty.txt', status: 'failed', job: null, error: { code: 'EMPTY_FILE' } },
    ]);
    // The failed bytes uploaded again are run again; the stored ones are not.
    const again = await postFiles(base, [seed, await fixture('bad', 'empty.txt')], TOKEN);
    expect(again.body.documents).toMatchObject([
      { id: res.body.documents[0].id, duplicate: true, status: 'done' },
      { id: res.body.documents[1].id, duplicate: false, status: 'failed', runs: 2 },
    ]);
  });
});
