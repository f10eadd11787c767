// `pnpm bench api [--indicators 1000000] [--requests 200] [--concurrency 10] [--keep | --db NAME]`: the
// analyst API at scale. A fresh database is seeded in Postgres itself (INSERT … SELECT
// generate_series: 20 indicators, 3 funding rows and 2 anomalies with 2 evidence lines per
// form, 50 forms per document, a review for one anomaly in 20), then the API listens on
// loopback and each endpoint gets `requests` GETs, `concurrency` at a time, on random pages
// deep in the list (`after=` cursors) as well as the first, and two filters whose values
// exist but never together (the worst case: the whole key range is read). Prints p50/p95 per endpoint
// (target: p95 ≤ 50 ms at a million indicators). `--keep` keeps the database, `--db` runs on
// one kept earlier (no seeding). Needs the local Postgres.
//   BENCH_ADMIN_URL   Postgres (postgres://postgres@127.0.0.1:5432/postgres)
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../packages/config/src/index.ts';
import { migrate, openPostgres, type Db } from '@ziping/store';
import { benchDatabase } from './db.ts';
import { quantile } from './stats.ts';
import { buildApi } from '../services/api/src/api.ts';
import { encodeCursor } from '../services/api/src/read/query.ts';

const TOKEN = 'bench-token-0123456789';

function text(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : null;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: a whole number ≥ 1`);
  return v;
}

/** The synthetic data, sized by the indicator count; every statement runs in the server. */
async function seed(db: Db, indicators: number): Promise<void> {
  const forms = Math.ceil(indicators / 20);
  const docs = Math.ceil(forms / 50);
  await db.exec(`
    INSERT INTO documents (id, name, path, sha256, media_type, bytes, page_count, status, year)
    SELECT g, 'bench-' || g || '.txt', '/bench/' || g || '.txt', md5(g::text) || md5('x' || g), 'text/plain', 1000, 10, 'done', 2019 + g % 6
      FROM generate_series(1, ${docs}) g;
    INSERT INTO forms (id, document_id, ordinal, kind, title, year, project, department, implementer, amount_unit,
                       budget_score, total_score, grade, fragment, page, line)
    SELECT g, (g - 1) / 50 + 1, (g - 1) % 50, (ARRAY['project', 'department', 'target'])[g % 3 + 1],
           '项目支出绩效自评表', 2019 + g % 6, '项目' || (g % 5000), '部门' || (g % 40), '单位' || (g % 400), '万元',
           9.5, 80 + g % 20, '良', false, 1 + (g - 1) % 50 / 5, 1
      FROM generate_series(1, ${forms}) g;
    INSERT INTO indicators (form_id, ordinal, level1, level2, name, target, actual, weight, score, target_op, target_value, target_unit, page, line)
    SELECT g / 20 + 1, g % 20, (ARRAY['产出指标', '效益指标', '满意度指标', '成本指标'])[g % 4 + 1],
           (ARRAY['数量指标', '质量指标', '时效指标', '成本指标', '社会效益指标', '服务对象满意度指标'])[g % 6 + 1],
           '指标' || (g % 997), '≥' || (80 + g % 20) || '%', (70 + g % 31) || '%', 10, 10 - g % 3, '≥', 80 + g % 20, '%', 1, g % 60
      FROM generate_series(0, ${indicators - 1}) g;
    INSERT INTO funding_rows (form_id, ordinal, source, initial_budget, annual_budget, executed, weight, rate, score, amount_unit)
    SELECT g / 3 + 1, g % 3, (ARRAY['年度资金总额', '其中：财政拨款', '其他资金'])[g % 3 + 1], 100 + g % 50, 100 + g % 50, 90 + g % 40, 10, 0.9, 9, '万元'
      FROM generate_series(0, ${forms * 3 - 1}) g;
    INSERT INTO anomalies (id, document_id, ordinal, form_id, rule, severity, indicator, expected, found, message)
    SELECT g, (g - 1) / 100 + 1, (g - 1) % 100, (g - 1) / 2 + 1, (ARRAY['TOTAL_SCORE', 'SCORE_RULE', 'EXECUTION_RATE', 'WEIGHT_SUM'])[g % 4 + 1],
           CASE WHEN g % 3 = 0 THEN 'error' ELSE 'warning' END, '指标' || (g % 997), '90', '85', 'synthetic anomaly ' || g
      FROM generate_series(1, ${forms * 2}) g;
    INSERT INTO anomaly_evidence (anomaly_id, ordinal, field, value, page, line)
    SELECT g / 2 + 1, g % 2, 'indicator.score', '8.5', 1, g % 60 FROM generate_series(0, ${forms * 4 - 1}) g;
    INSERT INTO anomaly_reviews (anomaly_id, decision, reviewer, reason)
    SELECT g, (ARRAY['confirmed', 'dismissed'])[g / 20 % 2 + 1], 'bench', 'synthetic' FROM generate_series(20, ${forms * 2}, 20) g;
    SELECT setval('documents_id_seq', ${docs}); SELECT setval('forms_id_seq', ${forms}); SELECT setval('anomalies_id_seq', ${forms * 2});`);
  // what autovacuum would do soon after such a load: statistics, and the visibility map that
  // lets index-only scans skip the heap
  await db.exec('VACUUM ANALYZE');
}

/** East Asian characters take two columns in a terminal. */
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length - (s.match(/[\u3000-\u9fff]/g)?.length ?? 0)));

export async function benchApi(): Promise<void> {
  const n = option('indicators', 1_000_000);
  const requests = option('requests', 200);
  const concurrency = option('concurrency', 10);
  const reuse = text('db'); // a database an earlier --keep run seeded (with as many indicators)
  if (reuse && !/^ziping_bench_api_[0-9a-f]+$/.test(reuse)) throw new Error('--db: the name a --keep run printed');
  const keep = reuse !== null || process.argv.includes('--keep');
  const base = await benchDatabase(reuse ?? `ziping_bench_api_${randomBytes(4).toString('hex')}`, !reuse);
  const { name } = base;
  const db = openPostgres(base.url);
  const filesDir = await mkdtemp(join(tmpdir(), 'ziping-bench-api-'));
  try {
    await migrate(db);
    let t = performance.now();
    if (!reuse) await seed(db, n);
    const forms = Math.ceil(n / 20);
    if (!reuse) console.log(`seeded ${n} indicators, ${forms} forms, ${forms * 3} funding rows, ${forms * 2} anomalies in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const api = { ...loadConfig({ ...process.env, API_TOKEN: TOKEN }).api, port: 0 };
    const app = await buildApi({ api, filesDir, db, queue: null, logLevel: 'silent' });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const deep = (key: (i: number) => number[]) => (i: number) => `&after=${encodeCursor(key(i))}`;
    const rnd = (i: number, max: number) => 1 + ((i * 7919 + 13) % max); // spread, reproducible
    const cases: [string, (i: number) => string][] = [
      ['/indicators?limit=50', () => ''],
      ['/indicators?limit=50&after=…', deep((i) => [rnd(i, forms), 5])],
      ['/indicators?limit=50&department=部门7&after=…', deep((i) => [rnd(i, forms), 0])],
      ['/indicators?limit=50&year=2021&level1=产出指标', () => ''],
      ['/indicators?limit=50&document_id=…', (i) => `&document_id=${rnd(i, Math.ceil(forms / 50))}`],
      ['/forms?limit=50', () => ''],
      ['/forms?limit=50&after=…', deep((i) => [rnd(i, forms)])],
      ['/forms?limit=50&department=部门7&year=2020', () => ''],
      ['/forms?limit=50&department=部门7&year=2021 (matches none)', () => ''],
      ['/funding?limit=50&after=…', deep((i) => [rnd(i, forms), 0])],
      ['/funding?limit=50&project=项目42', () => ''],
      ['/anomalies?limit=50', () => ''],
      ['/anomalies?limit=50&after=…', deep((i) => [rnd(i, forms * 2)])],
      ['/anomalies?limit=50&review=confirmed', () => ''],
      ['/anomalies?limit=50&rule=WEIGHT_SUM&severity=error&department=部门2', () => ''],
      ['/anomalies?limit=50&rule=WEIGHT_SUM&severity=error&department=部门3 (matches none)', () => ''],
    ];
    console.log(`${requests} requests per endpoint, ${concurrency} at a time (ms)`);
    console.log(`${'endpoint'.padEnd(64)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}`);
    for (const [label, extra] of cases) {
      const path = label.replace(/&(after|document_id)=…| \(.*\)$/g, '');
      let times: number[] = [];
      let next = 0;
      const worker = async (count: number) => {
        for (let i = next++; i < count; i = next++) {
          t = performance.now();
          const res = await fetch(`${base}${path}${extra(i)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
          const body = await res.json() as { items?: unknown[] };
          if (label.endsWith('(matches none)') && body.items?.length) throw new Error(`${label}: ${body.items.length} rows`);
          if (!label.endsWith('(matches none)') && !body.items?.length) throw new Error(`${label}: no rows`);
          times.push(performance.now() - t);
          if (res.status !== 200 || !body.items) throw new Error(`${path}${extra(i)}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, () => worker(concurrency))); // warm-up: connections, plans
      [times, next] = [[], 0];
      await Promise.all(Array.from({ length: concurrency }, () => worker(requests)));
      console.log(`${pad(label, 64)}${quantile(times, 0.5).toFixed(1).padStart(8)}${quantile(times, 0.95).toFixed(1).padStart(8)}${Math.max(...times).toFixed(1).padStart(8)}`);
    }
    await app.close();
  } finally {
    await db.close();
    await rm(filesDir, { recursive: true, force: true });
    if (keep) console.log(`kept database ${name}`);
    else await base.drop();
  }
}
