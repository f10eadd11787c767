// Migration 010 on a database that already holds data: the derived indicator columns and the
// latest review of each anomaly are filled for the rows stored before it, on both engines.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from './migrate.ts';
import { ENGINES, useOpenDb } from './testing.ts';


describe.each(ENGINES)('migration 010 over stored rows on %s', (engine) => {
  const h = useOpenDb(engine, { empty: true });
  let before: string;
  beforeAll(async () => {
    before = await mkdtemp(join(tmpdir(), 'ziping-mig-'));
    for (const f of await readdir(MIGRATIONS_DIR)) if (f < '010') await copyFile(join(MIGRATIONS_DIR, f), join(before, f));
    await migrate(h.db, before);
    await h.db.exec(`
      INSERT INTO documents (id, name, path, sha256, status) VALUES (1, 'a.txt', '/x/a.txt', 'a', 'done');
      INSERT INTO forms (id, document_id, ordinal, kind, fragment) VALUES (1, 1, 0, 'project', false);
      INSERT INTO indicators (form_id, ordinal, name, target, actual, target_op, target_value, target_unit, weight, score) VALUES
        (1, 0, '合格率', '≥90%', '95%', '≥', 90, '%', 10, 8),
        (1, 1, '完成时间', '≤10个月', '=12个月', '≤', 10, '个月', 10, 10),
        (1, 2, '满意度', '≥90%', '较好', '≥', 90, '%', 5, null);
      INSERT INTO anomalies (id, document_id, ordinal, form_id, rule, severity, message) VALUES
        (1, 1, 0, 1, 'TOTAL_SCORE', 'error', 'x'), (2, 1, 1, 1, 'SCORE_RULE', 'warning', 'y'), (3, 1, 2, 1, 'SCORE_RULE', 'warning', 'z');
      INSERT INTO anomaly_reviews (anomaly_id, decision, reviewer, reason) VALUES
        (1, 'confirmed', 'li', null), (2, 'dismissed', 'li', '原表如此'), (1, 'dismissed', 'wang', '重复');`);
    await migrate(h.db);
  });
  afterAll(async () => { if (before) await rm(before, { recursive: true, force: true }); });

  it('fills the derived indicator columns of rows stored before it', async () => {
    expect(await h.db.query('SELECT name, actual_value, actual_unit, achievement, lost_points FROM indicators ORDER BY ordinal')).toEqual([
      // 95 / 90; a ≤ target: 10 / 12; no figure in 较好
      { name: '合格率', actual_value: 95, actual_unit: '%', achievement: 1.0556, lost_points: 2 },
      { name: '完成时间', actual_value: 12, actual_unit: '个月', achievement: 0.8333, lost_points: 0 },
      { name: '满意度', actual_value: null, actual_unit: null, achievement: null, lost_points: null },
    ]);
  });

  it('keeps the latest review of each anomaly, then and for reviews added later', async () => {
    const latest = () => h.db.query('SELECT anomaly_id, decision FROM anomaly_latest_review ORDER BY anomaly_id');
    expect(await latest()).toEqual([{ anomaly_id: 1, decision: 'dismissed' }, { anomaly_id: 2, decision: 'dismissed' }]);
    await h.db.exec(`INSERT INTO anomaly_reviews (anomaly_id, decision, reviewer, corrected_value) VALUES (2, 'corrected', 'wang', '5'), (3, 'confirmed', 'li', null)`);
    expect(await latest()).toEqual([
      { anomaly_id: 1, decision: 'dismissed' }, { anomaly_id: 2, decision: 'corrected' }, { anomaly_id: 3, decision: 'confirmed' },
    ]);
  });
});
