// `ziping serve` and `ziping worker` as a user runs them: real processes, the local
// Postgres (a database of this file's own) and Redis (a key prefix of its own).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jobFinished, useTestQueueConfig } from '@ziping/jobs/testing';
import { useFreshDbs } from '@ziping/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, BUILT_WORKER, ROOT } from './run-cli.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TOKEN = 'cli-test-token-0123';
// Only what the test chooses: none of the service variables of the caller's environment.
const SERVICE_VARS = ['DATABASE_URL', 'ZIPING_DATA_DIR', 'REDIS_URL', 'API_TOKEN', 'API_HOST', 'API_PORT', 'QUEUE_PREFIX', 'ZIPING_FILES_DIR'];

/** `ziping ARGS` from source (tsx) or compiled (`pnpm build`); or the compiled standalone worker (`worker.mjs`, no ARGS). */
function start(args: string[], vars: Record<string, string>, from: 'source' | 'built' | 'worker.mjs' = 'source'): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  for (const k of SERVICE_VARS) delete env[k];
  const argv = from === 'source' ? ['--import', 'tsx', MAIN, ...args] : from === 'built' ? [BUILT, ...args] : [BUILT_WORKER];
  return spawn(process.execPath, argv, { cwd: ROOT, env: { ...env, ...vars } });
}

/** Exit code and stderr of a process that is expected to end by itself. */
function ended(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** Resolves with the first match of `re` on stderr; rejects if the process exits first. */
function waitForLine(child: ChildProcessWithoutNullStreams, re: RegExp): Promise<RegExpMatchArray> {
  let seen = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      seen += d;
      const m = re.exec(seen);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ${re}: ${seen}`)));
  });
}

describe('ziping serve and ziping worker', () => {
  const dbs = useFreshDbs(['postgres']);
  const queue = useTestQueueConfig();
  let filesDir: string;
  let vars: Record<string, string>;
  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'ziping-files-'));
    const db = dbs.postgres.config;
    vars = {
      DATABASE_URL: db.kind === 'postgres' ? db.url : '', REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix,
      ZIPING_FILES_DIR: filesDir, API_TOKEN: TOKEN, API_PORT: '0',
    };
  });
  afterAll(() => rm(filesDir, { recursive: true, force: true }));

  // compiled: tsx takes seconds to start, and the source is run by the test below
  it('refuse to start without what they need (exit 2)', async () => {
    const { REDIS_URL: _r, ...noRedis } = vars;
    const { API_TOKEN: _t, ...noToken } = vars;
    const [worker, serve] = await Promise.all([ended(start(['worker'], noRedis, 'built')), ended(start(['serve'], noToken, 'built'))]);
    expect(worker).toMatchObject({ code: 2, stderr: expect.stringContaining('REDIS_URL') });
    expect(serve).toMatchObject({ code: 2, stderr: expect.stringContaining('API_TOKEN') });
  });

  // different seeds: the second upload of the same bytes would be a duplicate, with no job
  it.each([
    ['source', '000_ca0dcd0154b0e201.txt'],
    ['built', '002_80c952864022144d.txt'],
  ] as const)('serve takes an upload, its worker stores it, and both stop on SIGTERM (%s)', async (from, seedFile) => {
    const serve = start(['serve', '--no-worker'], vars, from);
    const worker = start(['worker'], vars, from === 'built' ? 'worker.mjs' : from);
    const [, url] = await waitForLine(serve, /serving on (http:\/\/\S+?);/);
    await waitForLine(worker, /worker: concurrency/);
    const form = new FormData();
    const seed = await readFile(join(ROOT, 'fixtures/seeds', seedFile));
    form.append('file', new Blob([new Uint8Array(seed)]), 'seed.txt');
    const res = await fetch(`${url}/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(202);
    const [doc] = (await res.json()).documents;
    expect(await jobFinished(queue, doc.job)).toMatchObject({ status: 'done' });
    const got = await (await fetch(`${url}/documents/${doc.id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    expect(got).toMatchObject({ status: 'done', name: 'seed.txt', error: null });
    expect(got.counts.forms).toBeGreaterThan(0);
    // the review pages and pdfjs's browser build, found from wherever the program runs
    expect((await fetch(`${url}/review`)).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${url}/review/pdfjs/pdf.min.mjs`)).status).toBe(200);

    const stopped = [ended(serve), ended(worker)];
    serve.kill('SIGTERM');
    worker.kill('SIGTERM');
    const [s, w] = await Promise.all(stopped);
    expect([s.code, w.code]).toEqual([0, 0]);
  });
});
