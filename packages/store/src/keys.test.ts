// API keys on both engines: what is stored, names and roles, revoking, reuse, last use.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticateKey, createKey, hasLiveKeys, KeyError, listKeys, revokeKey } from './keys.ts';
import { migrate } from './migrate.ts';
import { addReview, reviewHistory } from './reviews.ts';
import { saveFailure } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

describe.each(ENGINES)('api keys (%s)', (engine) => {
  const h = useOpenDb(engine);

  it('stores only the sha256, authenticates the secret, refuses it once revoked', async () => {
    await migrate(h.db);
    expect(await hasLiveKeys(h.db)).toBe(false);
    const k = await createKey(h.db, '李审计', 'reviewer');
    expect(k.secret).toMatch(/^zpk_[A-Za-z0-9_-]{43}$/);
    expect(await hasLiveKeys(h.db)).toBe(true);
    const [row] = await h.db.query<{ secret_sha256: string; last_used_at: Date | null }>('SELECT secret_sha256, last_used_at FROM api_keys');
    expect(row).toEqual({ secret_sha256: createHash('sha256').update(k.secret).digest('hex'), last_used_at: null });

    expect(await authenticateKey(h.db, k.secret)).toEqual({ id: k.id, name: '李审计', role: 'reviewer' });
    const [used] = await h.db.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_keys');
    expect(used.last_used_at).toBeInstanceOf(Date);
    for (const wrong of [`${k.secret}x`, k.secret.slice(0, -1), '', 'zpk_', row.secret_sha256]) {
      expect(await authenticateKey(h.db, wrong), wrong).toBeNull();
    }

    expect(await revokeKey(h.db, '李审计')).toMatchObject({ id: k.id, revoked_at: expect.any(Date) });
    expect(await authenticateKey(h.db, k.secret)).toBeNull();
    expect(await revokeKey(h.db, '李审计')).toBeNull();
    expect(await hasLiveKeys(h.db)).toBe(false);
  });

  it('keeps one live key per name; a revoked name may be used again; revokes by id', async () => {
    const a = await createKey(h.db, 'ops', 'admin');
    await expect(createKey(h.db, 'ops', 'reader')).rejects.toMatchObject({ code: 'KEY_EXISTS' });
    const byId = await revokeKey(h.db, String(a.id));
    expect(byId?.name).toBe('ops');
    const b = await createKey(h.db, 'ops', 'reader');
    expect(b.id).not.toBe(a.id);
    expect((await listKeys(h.db)).filter((k) => k.name === 'ops').map((k) => [k.role, k.revoked_at === null])).toEqual([
      ['admin', false], ['reader', true],
    ]);
    expect(JSON.stringify(await listKeys(h.db))).not.toMatch(/zpk_|secret/);
  });

  it('refuses a bad role or name', async () => {
    for (const [name, role] of [['x', 'boss'], ['', 'reader'], [' x', 'reader'], ['a\u0000b', 'reader'], ['2024', 'reader'], ['长'.repeat(101), 'reader']]) {
      await expect(createKey(h.db, name, role), `${name} ${role}`).rejects.toBeInstanceOf(KeyError);
    }
    expect(await createKey(h.db, '长'.repeat(100), 'reader')).toMatchObject({ role: 'reader' });
  });

  it('records the key with a review, and keeps reviews from before keys readable', async () => {
    const { documentId } = await saveFailure(h.db, { name: 'd.txt', path: 'd.txt', sha256: null, bytes: null }, { code: 'X', message: 'x' });
    const [{ id: anomalyId }] = await h.db.query<{ id: number }>(
      `INSERT INTO anomalies (document_id, ordinal, rule, severity, message) VALUES ($1, 0, 'TOTAL_SCORE', 'error', 'm') RETURNING id`, [documentId]);
    await h.db.query("INSERT INTO anomaly_reviews (anomaly_id, decision, reviewer) VALUES ($1, 'confirmed', '老张')", [anomalyId]);
    const k = await createKey(h.db, '王复核', 'reviewer');
    await addReview(h.db, { anomalyId, decision: 'dismissed', reason: '原表如此', reviewer: k.name, keyId: k.id });
    expect((await reviewHistory(h.db, anomalyId)).map((r) => [r.reviewer, r.key_id])).toEqual([['老张', null], ['王复核', k.id]]);
  });
});
