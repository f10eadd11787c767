// Access control through fastify `inject` on a fresh Postgres database holding one seed:
// each role against each route class, API_TOKEN as the bootstrap admin, revoked keys,
// API_PUBLIC_READS, the failed-key limit, the security headers, and malformed parameters.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiConfig } from '@ziping/config';
import { extractFile } from '@ziping/pipeline';
import { createKey, migrate, revokeKey, saveExtraction, saveFailure } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from './api.ts';
import { FailureLimiter } from './auth.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'auth-token-0123456789';
const API: ApiConfig = { host: '127.0.0.1', port: 0, token: TOKEN, maxFileBytes: 1 << 20, maxFiles: 4 };
const ROLES = ['reader', 'uploader', 'reviewer', 'admin'] as const;

describe('access control', () => {
  const h = useOpenDb('postgres');
  const apps: FastifyInstance[] = [];
  let app: FastifyInstance;
  let limitless: FastifyInstance; // for tests that send many wrong keys on purpose
  let doc: number;
  let anomaly: number;
  const keys = {} as Record<(typeof ROLES)[number] | 'revoked', string>;

  const build = async (extra: Partial<ApiConfig> = {}) => {
    const a = await buildApi({ api: { ...API, ...extra }, filesDir: join(ROOT, '.ziping/none'), db: h.db, queue: null, logLevel: 'silent' });
    apps.push(a);
    return a;
  };
  const send = (key: string | null, o: InjectOptions, on = app) =>
    on.inject({ ...o, headers: { ...o.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) } });

  beforeAll(async () => {
    await migrate(h.db);
    const { doc: d, extraction } = await extractFile(join(ROOT, 'fixtures/seeds/000_ca0dcd0154b0e201.txt'));
    doc = (await saveExtraction(h.db, d, extraction)).documentId;
    [{ id: anomaly }] = await h.db.query<{ id: number }>('SELECT id FROM anomalies ORDER BY id LIMIT 1');
    for (const role of ROLES) keys[role] = (await createKey(h.db, `${role} 测试`, role)).secret;
    keys.revoked = (await createKey(h.db, '已吊销', 'admin')).secret;
    expect(await revokeKey(h.db, '已吊销')).toMatchObject({ name: '已吊销' });
    app = await build();
    limitless = await build({ authFailuresPerMinute: 1000 });
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  // one route of each class; `allowed` is the status a key that may use it gets
  const READS: InjectOptions[] = [
    { method: 'GET', url: '/documents' }, { method: 'GET', url: '/anomalies?limit=1' },
    { method: 'GET', url: '/export/indicators.csv' }, { method: 'GET', url: '/forms' },
  ];
  const readsOf = () => [...READS, { method: 'GET', url: `/documents/${doc}` }, { method: 'GET', url: `/documents/${doc}/file` },
    { method: 'GET', url: `/documents/${doc}/source?from=1&to=3` }, { method: 'GET', url: `/anomalies/${anomaly}` }] as InjectOptions[];
  // a non-multipart upload passes the key check and is then refused (415); nothing is stored
  const UPLOAD: InjectOptions = { method: 'POST', url: '/documents', payload: { x: 1 } };
  // an unknown decision passes the key check and is then refused (400); nothing is stored
  const review = (): InjectOptions => ({ method: 'POST', url: `/anomalies/${anomaly}/reviews`, payload: { decision: 'approved' } });

  it('lets each role do what it may and refuses the rest with 403', async () => {
    const expected: Record<string, [number, number, number]> = {
      reader: [200, 403, 403], uploader: [200, 415, 403], reviewer: [200, 403, 400], admin: [200, 415, 400],
    };
    for (const role of ROLES) {
      for (const r of readsOf()) expect((await send(keys[role], r)).statusCode, `${role} ${String(r.url)}`).toBe(200);
      const up = await send(keys[role], UPLOAD);
      const rev = await send(keys[role], review());
      expect([up.statusCode, rev.statusCode], role).toEqual(expected[role].slice(1));
      if (up.statusCode === 403) expect(up.json().error).toEqual({ code: 'FORBIDDEN', message: `the key "${role} 测试" (role ${role}) may not upload` });
      if (rev.statusCode === 403) expect(rev.json().error.message).toBe(`the key "${role} 测试" (role ${role}) may not review`);
    }
    // API_TOKEN is an admin key
    expect((await send(TOKEN, readsOf()[0])).statusCode).toBe(200);
    expect((await send(TOKEN, UPLOAD)).statusCode).toBe(415);
    expect((await send(TOKEN, review())).statusCode).toBe(400);
    expect((await send(keys.reviewer, { method: 'GET', url: '/whoami' })).json()).toEqual({ name: 'reviewer 测试', role: 'reviewer' });
    expect((await send(TOKEN, { method: 'GET', url: '/whoami' })).json()).toEqual({ name: 'API_TOKEN', role: 'admin' });
    expect(await h.db.query('SELECT id FROM anomaly_reviews')).toEqual([]);
  });

  it('refuses every read and write without a key, and with a revoked or unknown one (401)', async () => {
    for (const key of [null, keys.revoked, 'zpk_not-a-key', `${TOKEN}x`]) {
      for (const r of [...readsOf(), UPLOAD, review(), { method: 'GET', url: '/whoami' } as InjectOptions]) {
        const res = await send(key, r, limitless);
        expect(res.statusCode, `${key} ${r.method} ${String(r.url)}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    }
    // a revoked key stays listed, with its reviews; it is just refused
    expect(await h.db.query("SELECT name FROM api_keys WHERE revoked_at IS NOT NULL")).toEqual([{ name: '已吊销' }]);
  });

  it('serves the pages, their assets and /health without a key', async () => {
    for (const url of ['/health', '/review', `/review/documents/${doc}`, '/review/assets/review.js', '/review/pdfjs/pdf.min.mjs']) {
      expect((await send(null, { method: 'GET', url })).statusCode, url).toBe(200);
    }
    // HEAD follows its GET route's class
    expect((await send(null, { method: 'HEAD', url: '/review' })).statusCode).toBe(200);
    expect((await send(null, { method: 'HEAD', url: '/documents' })).statusCode).toBe(401);
  });

  it('opens reads, and only reads, with API_PUBLIC_READS', async () => {
    const open = await build({ publicReads: true });
    for (const r of readsOf()) expect((await send(null, r, open)).statusCode, String(r.url)).toBe(200);
    expect((await send(null, UPLOAD, open)).statusCode).toBe(401);
    expect((await send(null, review(), open)).statusCode).toBe(401);
    expect((await send(keys.reader, review(), open)).statusCode).toBe(403);
    expect((await send(null, { method: 'GET', url: '/whoami' }, open)).statusCode).toBe(401);
  });

  it('answers 429 with Retry-After once an address has sent 10 wrong keys in a minute, even for a good key', async () => {
    const limited = await build();
    const from = (ip: string, key: string | null) => send(key, { method: 'GET', url: '/documents', remoteAddress: ip }, limited);
    // no key at all is not a guess: not counted
    for (let i = 0; i < 12; i++) expect((await from('10.0.0.1', null)).statusCode).toBe(401);
    for (let i = 0; i < 10; i++) expect((await from('10.0.0.1', `zpk_guess${i}`)).statusCode).toBe(401);
    const refused = await from('10.0.0.1', 'zpk_guess10');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await from('10.0.0.1', keys.reader)).statusCode).toBe(429);
    expect((await from('10.0.0.2', keys.reader)).statusCode).toBe(200);
  });

  it('lets an address try again once its minute is over', () => {
    let now = 1_000_000;
    const l = new FailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 2; i++) l.fail('a');
    expect(l.retryAfter('a')).toBe(0);
    l.fail('a');
    expect(l.retryAfter('a')).toBe(60);
    expect(l.retryAfter('b')).toBe(0);
    now += 59_001;
    expect(l.retryAfter('a')).toBe(1);
    now += 999;
    expect(l.retryAfter('a')).toBe(0);
    l.fail('a');
    expect(l.retryAfter('a')).toBe(0);
  });

  it('sends the security headers with pages, JSON, files and errors', async () => {
    const responses = [
      await send(null, { method: 'GET', url: '/review' }), await send(null, { method: 'GET', url: '/review/assets/common.js' }),
      await send(keys.reader, { method: 'GET', url: '/documents' }), await send(keys.reader, { method: 'GET', url: `/documents/${doc}/file` }),
      await send(null, { method: 'GET', url: '/documents' }), await send(keys.reader, { method: 'GET', url: '/nowhere' }),
      await send(keys.reader, { method: 'GET', url: '/documents/%ff' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 401, 404, 400]);
    for (const r of responses) {
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      const csp = String(r.headers['content-security-policy']).split('; ');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    }
  });

  it('answers 400 BAD_QUERY for a NUL or bytes that are not UTF-8 in the path or the query', async () => {
    const bad = [
      '/anomalies?q=%00', '/documents?department=a%00b', '/indicators?q=%ff', '/anomalies?q=%E6%8C', '/forms?project=%C0%AF',
      '/export/indicators.csv?level1=%00', '/documents/%00', '/documents/%ff', `/documents/${doc}/source?from=1%00`,
      '/anomalies?q=%zz', '/anomalies?%00=1',
    ];
    for (const url of bad) {
      const res = await send(keys.reader, { method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('BAD_QUERY');
    }
    // the same filters, well formed
    for (const url of ['/anomalies?q=%E6%8C%87', '/documents?department=a+b', '/forms?project=%25']) {
      expect((await send(keys.reader, { method: 'GET', url })).statusCode, url).toBe(200);
    }
    // a NUL in a JSON body: 400, nothing stored
    const res = await send(keys.reviewer, { method: 'POST', url: `/anomalies/${anomaly}/reviews`, payload: { decision: 'dismissed', reason: 'a\u0000b' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'BAD_BODY', message: 'body.reason holds a NUL character' });
    expect(await h.db.query('SELECT id FROM anomaly_reviews')).toEqual([]);
  });

  it('answers an unexpected error as 500 INTERNAL, without the code or message of the driver', async () => {
    const boom = await build();
    boom.get('/boom', async () => {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    });
    const res = await send(keys.reader, { method: 'GET', url: '/boom' }, boom);
    expect([res.statusCode, res.json()]).toEqual([500, { error: { code: 'INTERNAL', message: 'internal error' } }]);
  });

  it('shows a document error with the file name, not the server path it was read from', async () => {
    const path = '/srv/secret/place/broken.txt';
    const { documentId } = await saveFailure(h.db, { name: 'broken.txt', path, sha256: null, bytes: null },
      { code: 'NOT_FOUND', message: `${path}: no such file` });
    const res = await send(keys.reader, { method: 'GET', url: `/documents/${documentId}` });
    expect(res.json().error).toEqual({ code: 'NOT_FOUND', message: 'broken.txt: no such file' });
    expect(res.body).not.toContain('/srv/secret');
  });
});
