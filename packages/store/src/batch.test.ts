// Statements per saved document: a handful of multi-row INSERTs, however many rows it has.
import { fileURLToPath } from 'node:url';
import type { Extraction, FormX } from '@ziping/core';
import { extractFile } from '@ziping/pipeline';
import { describe, expect, it } from 'vitest';
import { saveExtraction } from './save.ts';
import { ENGINES, countingDb, useOpenDb } from './testing.ts';

const SEED = fileURLToPath(new URL('../../../fixtures/seeds/000_ca0dcd0154b0e201.txt', import.meta.url));

const indicator = (i: number): FormX['indicators'][number] => ({
  level1: '产出指标', level2: '数量指标', name: `指标${i}`, target_initial: null, target: `≥${i} 人次`, actual: `${i + 1}人次`,
  weight: 1, score: 1, deviation: null, prov: { name: { page: 1, line: i + 1 } },
});

describe.each(ENGINES)('batched writes on %s', { timeout: 120_000 }, (engine) => {
  const h = useOpenDb(engine);

  it('saves seed 000 in a small constant number of statements', async () => {
    const { doc, extraction } = await extractFile(SEED);
    const indicators = extraction.forms.reduce((s, f) => s + f.indicators.length, 0);
    expect(indicators).toBeGreaterThanOrEqual(50);
    const c = countingDb(h.db);
    expect((await saveExtraction(c.db, doc, extraction)).status).toBe('stored');
    // delete failed, document, layout (head and parts in one), forms, funding, indicators, anomalies, evidence
    expect(c.count()).toBeLessThanOrEqual(15);
    const [stored] = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM indicators i JOIN forms f ON f.id = i.form_id JOIN documents d ON d.id = f.document_id WHERE d.sha256 = $1',
      [doc.sha256],
    );
    expect(stored!.n).toBe(indicators);
  });

  it('needs no more statements for 3,000 indicators than for 1, and links each to its form', async () => {
    const { doc, extraction } = await extractFile(SEED);
    const base = extraction.forms[0]!;
    const withIndicators = (n: number[]): Extraction => ({
      ...extraction, anomalies: [], tables: [],
      forms: n.map((k) => ({ ...base, indicators: Array.from({ length: k }, (_, i) => indicator(i)) })),
    });
    const statements = async (sha256: string, n: number[]) => {
      const c = countingDb(h.db);
      expect((await saveExtraction(c.db, { ...doc, sha256 }, withIndicators(n))).status).toBe('stored');
      return c.count();
    };
    const one = await statements('a'.repeat(64), [1, 0]);
    // 3,000 indicators of ~20 columns pass the 32,767 parameters of one statement: two INSERTs for them
    expect(await statements('b'.repeat(64), [1000, 2000])).toBe(one + 1);
    const rows = await h.db.query<{ ordinal: number; n: number; last: string }>(
      `SELECT f.ordinal, count(*)::int AS n, max(i.name) FILTER (WHERE i.ordinal = 1999 OR (f.ordinal = 0 AND i.ordinal = 999)) AS last
       FROM indicators i JOIN forms f ON f.id = i.form_id JOIN documents d ON d.id = f.document_id
       WHERE d.sha256 = $1 GROUP BY f.ordinal ORDER BY f.ordinal`,
      ['b'.repeat(64)],
    );
    expect(rows).toEqual([{ ordinal: 0, n: 1000, last: '指标999' }, { ordinal: 1, n: 2000, last: '指标1999' }]);
  });
});
