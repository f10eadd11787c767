// The review desk's JSON through fastify `inject` on a fresh Postgres database holding two
// seeds and one refused file: a decision on several anomalies is all or none and needs a
// reviewer's key; where an anomaly falls in a filtered list; the documents list with counts
// and a failed document's error.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile } from '@ziping/pipeline';
import { createKey, migrate, saveExtraction, saveFailure } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../api.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SEEDS = ['seeds/000_ca0dcd0154b0e201.txt', 'seeds/002_80c952864022144d.txt'];

describe('review desk routes', () => {
  const h = useOpenDb('postgres');
  let app: FastifyInstance;
  const keys = { reviewer: '', reader: '' };
  let failed: number;
  const send = (key: string, o: InjectOptions) => app.inject({ ...o, headers: { ...o.headers, authorization: `Bearer ${key}` } });
  const ids = async (sql = 'SELECT id FROM anomalies ORDER BY id') => (await h.db.query<{ id: number }>(sql)).map((r) => Number(r.id));

  beforeAll(async () => {
    await migrate(h.db);
    for (const f of SEEDS) {
      const { doc, extraction } = await extractFile(join(ROOT, 'fixtures', f));
      await saveExtraction(h.db, doc, extraction);
    }
    const path = join(ROOT, 'fixtures/bad/no_table.txt');
    const refused = await extractFile(path).then(() => null, (e: Error & { code?: string }) => e);
    expect(refused?.code).toBeTruthy();
    failed = (await saveFailure(h.db, { name: 'no_table.txt', path, sha256: null, bytes: null }, { code: refused!.code!, message: refused!.message })).documentId;
    keys.reviewer = (await createKey(h.db, '王审核', 'reviewer')).secret;
    keys.reader = (await createKey(h.db, '读者', 'reader')).secret;
    app = await buildApi({
      api: { host: '127.0.0.1', port: 0, token: 'desk-token-0123456789', maxFileBytes: 1 << 20, maxFiles: 4 },
      filesDir: join(ROOT, '.ziping/none'), db: h.db, queue: null, logLevel: 'silent',
    });
  });
  afterAll(async () => { await app?.close(); });

  const bulk = (payload: unknown): InjectOptions => ({ method: 'POST', url: '/anomalies/reviews', payload: payload as object });

  it('stores one decision on several anomalies, all with the key\'s name and the one reason', async () => {
    const [a, b] = await ids();
    const res = await send(keys.reviewer, bulk({ ids: [a, b], decision: 'dismissed', reason: '批量：原表如此' }));
    expect(res.statusCode).toBe(201);
    const stored = await h.db.query('SELECT anomaly_id, decision, reviewer, reason FROM anomaly_reviews ORDER BY id');
    expect(stored).toEqual([
      { anomaly_id: a, decision: 'dismissed', reviewer: '王审核', reason: '批量：原表如此' },
      { anomaly_id: b, decision: 'dismissed', reviewer: '王审核', reason: '批量：原表如此' },
    ]);
    expect(res.json().reviews.map((r: { anomaly_id: number }) => r.anomaly_id)).toEqual([a, b]);
  });

  it('stores nothing when one id is unknown, a dismissal has no reason, or the key may not review', async () => {
    const before = (await h.db.query('SELECT count(*)::int AS n FROM anomaly_reviews'))[0];
    const [a] = await ids();
    const missing = await send(keys.reviewer, bulk({ ids: [a, 999999], decision: 'confirmed' }));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('no anomaly 999999; nothing was stored');
    const noReason = await send(keys.reviewer, bulk({ ids: [a], decision: 'dismissed' }));
    expect([noReason.statusCode, noReason.json().error.code]).toEqual([400, 'BAD_REVIEW']);
    const badIds = await send(keys.reviewer, bulk({ ids: ['1'], decision: 'confirmed' }));
    expect([badIds.statusCode, badIds.json().error.code]).toEqual([400, 'BAD_REVIEW']);
    const empty = await send(keys.reviewer, bulk({ ids: [], decision: 'confirmed' }));
    expect(empty.statusCode).toBe(400);
    const reader = await send(keys.reader, bulk({ ids: [a], decision: 'confirmed' }));
    expect(reader.statusCode).toBe(403);
    expect((await h.db.query('SELECT count(*)::int AS n FROM anomaly_reviews'))[0]).toEqual(before);
  });

  it('places an anomaly in the list the filters give, or says the filters leave it out', async () => {
    const [{ rule }] = await h.db.query<{ rule: string }>('SELECT rule FROM anomalies GROUP BY rule ORDER BY count(*) DESC, rule LIMIT 1');
    const list = (await send(keys.reader, { method: 'GET', url: `/anomalies?rule=${rule}&limit=500` })).json().items as { id: number }[];
    expect(list.length).toBeGreaterThan(2);
    const last = list.at(-1)!.id;
    const placed = await send(keys.reader, { method: 'GET', url: `/desk/anomalies/${last}/place?rule=${rule}` });
    expect(placed.json()).toEqual({ anomaly: last, place: list.length - 1 });
    const [other] = await ids(`SELECT id FROM anomalies WHERE rule <> '${rule}' ORDER BY id LIMIT 1`);
    expect((await send(keys.reader, { method: 'GET', url: `/desk/anomalies/${other}/place?rule=${rule}` })).json()).toEqual({ anomaly: other, place: null });
    const all = (await send(keys.reader, { method: 'GET', url: '/anomalies?limit=500' })).json().items as { id: number }[];
    expect((await send(keys.reader, { method: 'GET', url: `/desk/anomalies/${other}/place` })).json().place).toBe(all.findIndex((a) => a.id === other));
    expect((await send(keys.reader, { method: 'GET', url: `/desk/anomalies/${other}/place?colour=red` })).statusCode).toBe(400);
    // document=<name> means what it means for /anomalies: that document's list
    const [{ name }] = await h.db.query<{ name: string }>(`SELECT d.name FROM anomalies a JOIN documents d ON d.id = a.document_id WHERE a.id = ${other}`);
    const named = (await send(keys.reader, { method: 'GET', url: `/anomalies?document=${encodeURIComponent(name)}&limit=500` })).json().items as { id: number }[];
    expect(named.length).toBeLessThan(all.length);
    const inNamed = await send(keys.reader, { method: 'GET', url: `/desk/anomalies/${other}/place?document=${encodeURIComponent(name)}` });
    expect(inNamed.json().place).toBe(named.findIndex((a) => a.id === other));
    expect((await send(keys.reader, { method: 'GET', url: `/desk/anomalies/${other}/place?document=no-such-document` })).json().place).toBeNull();
  });

  it('lists the documents with their counts, and a failed one with its error', async () => {
    const res = await send(keys.reader, { method: 'GET', url: '/desk/documents' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    const counts = await h.db.query<{ id: number; errors: number; warnings: number; reviewed: number }>(
      `SELECT d.id, count(a.id) FILTER (WHERE a.severity = 'error')::int AS errors, count(a.id) FILTER (WHERE a.severity = 'warning')::int AS warnings,
              count(DISTINCT r.anomaly_id)::int AS reviewed
         FROM documents d LEFT JOIN anomalies a ON a.document_id = d.id LEFT JOIN anomaly_reviews r ON r.anomaly_id = a.id
        GROUP BY d.id`);
    for (const d of body.items) {
      const want = counts.find((c) => Number(c.id) === d.id)!;
      expect([d.errors, d.warnings, d.reviewed], d.name).toEqual([want.errors, want.warnings, want.reviewed]);
    }
    const bad = body.items.find((d: { id: number }) => d.id === failed);
    expect(bad).toMatchObject({ name: 'no_table.txt', status: 'failed', error_code: expect.any(String), errors: 0, warnings: 0 });
    expect(bad.error_message).toContain('no_table.txt');
    expect(bad.error_message).not.toContain(ROOT); // the server path is replaced by the name

    const onlyFailed = (await send(keys.reader, { method: 'GET', url: '/desk/documents?status=failed' })).json();
    expect(onlyFailed.items.map((d: { id: number }) => d.id)).toEqual([failed]);
    const searched = (await send(keys.reader, { method: 'GET', url: `/desk/documents?q=${encodeURIComponent(bad.error_code)}` })).json();
    expect(searched.items.map((d: { id: number }) => d.id)).toEqual([failed]);
    const text = (await send(keys.reader, { method: 'GET', url: '/desk/documents?media_type=text/plain&q=000_' })).json();
    expect(text.items.map((d: { name: string }) => d.name)).toEqual(['000_ca0dcd0154b0e201.txt']);
    expect((await send(keys.reader, { method: 'GET', url: '/desk/documents?colour=red' })).statusCode).toBe(400);
    expect((await send(keys.reader, { method: 'GET', url: '/desk/documents?status=broken' })).json().error.code).toBe('BAD_QUERY');
  });
});
