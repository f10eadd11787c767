import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, useOpenDb } from './testing.ts';

describe.each(ENGINES)('Db on %s', (engine) => {
  const h = useOpenDb(engine);
  beforeAll(async () => {
    await h.db.exec('CREATE TABLE t (id bigserial PRIMARY KEY, n numeric, j jsonb, b double precision[])');
  });

  it('returns int8 and numeric as numbers', async () => {
    const [r] = await h.db.query<{ big: unknown; num: unknown; cnt: unknown }>(
      `SELECT 9007199254740991::int8 AS big, 12.3456::numeric AS num, count(*) AS cnt FROM t`,
    );
    expect(r).toEqual({ big: 9007199254740991, num: 12.3456, cnt: 0 });
    const [d] = await h.db.query<{ at: unknown }>(`SELECT '2024-01-02T03:04:05Z'::timestamptz AS at`);
    expect(d.at).toEqual(new Date('2024-01-02T03:04:05Z'));
  });

  it('round-trips jsonb and double precision[] parameters', async () => {
    const value = { a: [1, null, '二'], b: { c: true } };
    await h.db.query('INSERT INTO t (n, j, b) VALUES ($1, $2::jsonb, $3)', [1.5, JSON.stringify(value), [1, 2.5, 3, 4]]);
    const [r] = await h.db.query<{ id: unknown; n: unknown; j: unknown; b: unknown }>('SELECT id, n, j, b FROM t');
    expect(r).toEqual({ id: 1, n: 1.5, j: value, b: [1, 2.5, 3, 4] });
    const [agg] = await h.db.query<{ a: unknown }>(`SELECT jsonb_agg(n) AS a FROM t`);
    expect(agg.a).toEqual([1.5]);
  });

  it('round-trips bytea as a Buffer', async () => {
    const bytes = Buffer.from([0, 1, 0xfe, 0xff, 0x5c]); // a NUL, high bytes and a backslash
    const [r] = await h.db.query<{ b: unknown; lit: unknown }>(`SELECT $1::bytea AS b, '\\x00ff'::bytea AS lit`, [bytes]);
    expect(Buffer.isBuffer(r.b)).toBe(true);
    expect(r.b).toEqual(bytes);
    expect(r.lit).toEqual(Buffer.from([0, 255]));
  });

  it('rolls a failed transaction back and commits a good one', async () => {
    await expect(
      h.db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (n) VALUES (100)');
        await tx.transaction((inner) => inner.query('INSERT INTO t (n) VALUES (101)'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await h.db.query('SELECT * FROM t WHERE n >= 100')).toEqual([]);
    const out = await h.db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (n) VALUES (200)');
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(await h.db.query('SELECT n FROM t WHERE n >= 100')).toEqual([{ n: 200 }]);
  });
});
