// `pnpm bench source`: latency of the source view (GET /documents/:id/source, what the
// document and review pages load) for a text dump, a PDF with a text layer, a workbook and a
// scanned PDF, and a large generated CSV sheet, over HTTP on a fresh Postgres database
// (dropped afterwards). The documents are stored first the way `ziping ingest` stores them (the
// scan's OCR takes a minute or more, outside the clock); the view then reads only the stored
// layout, which it decodes whole on every request. Goal: ≤ 200 ms each.
//
//   BENCH_ROUNDS (20)          requests per document and kind of request
//   BENCH_SHEET_ROWS (20000)   rows of the generated sheet (0: none)
//   BENCH_ADMIN_URL            Postgres to create the database on (postgres://postgres@127.0.0.1:5432/postgres)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApi } from '@ziping/api';
import { extractFile } from '@ziping/pipeline';
import { closeOcr } from '../packages/ingest/src/index.ts';
import { migrate, openPostgres, saveExtraction } from '@ziping/store';
import { benchDatabase } from './db.ts';
import { quantile } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SHEET_ROWS = Number(process.env.BENCH_SHEET_ROWS ?? 20_000);
const GOAL_MS = 200;
const DOCS: [string, string][] = [
  ['text', 'seeds/000_ca0dcd0154b0e201.txt'],
  ['pdf', 'pdf/001_ba783ae97283a765.pdf'],
  ['xlsx', 'corpus/xlsx/d01_fenglin_slj_2022.xlsx'],
  ['scan', 'scans/000_ca0dcd0154b0e201.pdf'],
].map(([k, f]) => [k!, join(ROOT, 'fixtures', f!)]);

/** A budget sheet of `n` rows and ten columns. */
function sheet(n: number): string {
  const rows = ['序号,项目名称,单位,预算数,执行数,执行率,分值,得分,备注,编码'];
  for (let i = 1; i <= n; i++) rows.push(`${i},某某项目${i},某某局,${(i * 1.37).toFixed(2)},${(i * 1.2).toFixed(2)},87.6%,10,8.76,无,2010${i}`);
  return `${rows.join('\n')}\n`;
}

export async function benchSource(): Promise<void> {
  const base = await benchDatabase();
  const db = openPostgres(base.url);
  const tmp = await mkdtemp(join(tmpdir(), 'ziping-bench-source-'));
  try {
    await migrate(db);
    const docs = [...DOCS];
    if (SHEET_ROWS > 0) {
      await writeFile(join(tmp, 'sheet.csv'), sheet(SHEET_ROWS));
      docs.push([`csv ${SHEET_ROWS / 1000}k`, join(tmp, 'sheet.csv')]);
    }
    const stored: { kind: string; id: number; lines: number; ingestS: number }[] = [];
    for (const [kind, file] of docs) {
      const t = performance.now();
      const { doc, extraction } = await extractFile(file);
      const { documentId } = await saveExtraction(db, doc, extraction);
      stored.push({ kind, id: documentId, lines: doc.lines.length, ingestS: (performance.now() - t) / 1000 });
    }
    await closeOcr();
    const sizes = await db.query<{ id: number; gz: number }>(
      `SELECT l.document_id AS id, octet_length(l.layout) + coalesce(sum(octet_length(p.data)), 0) AS gz
         FROM document_layouts l LEFT JOIN document_layout_parts p USING (document_id) GROUP BY l.document_id`);
    const app = await buildApi({
      api: { host: '127.0.0.1', port: 0, token: null, maxFileBytes: 1 << 20, maxFiles: 1 }, filesDir: join(ROOT, 'fixtures'), db, queue: null, logLevel: 'silent',
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      console.log(`source view over HTTP, ${ROUNDS} requests each (ms; goal ≤ ${GOAL_MS})`);
      console.log(`${'document'.padEnd(10)}${'lines'.padStart(6)}${'stored'.padStart(9)}${'ingest'.padStart(9)}  ${'whole: median'.padStart(13)}${'p95'.padStart(7)}  ${'window: median'.padStart(14)}${'p95'.padStart(7)}`);
      let worst = 0;
      for (const d of stored) {
        const row: string[] = [];
        for (const q of ['', `?from=${Math.max(1, d.lines >> 1)}&to=${(d.lines >> 1) + 2}&context_rows=3`]) {
          const ms: number[] = [];
          await (await fetch(`${base}/documents/${d.id}/source${q}`)).arrayBuffer(); // warm-up
          for (let r = 0; r < ROUNDS; r++) {
            const t = performance.now();
            const res = await fetch(`${base}/documents/${d.id}/source${q}`);
            const body = (await res.json()) as { available: boolean; reason?: string; error?: { message: string } };
            ms.push(performance.now() - t);
            if (!body.available) throw new Error(`document ${d.id} (${d.kind}) ${q}: ${res.status} ${body.reason ?? body.error?.message}`);
          }
          worst = Math.max(worst, quantile(ms, 0.95));
          row.push(quantile(ms, 0.5).toFixed(1).padStart(q ? 14 : 13), quantile(ms, 0.95).toFixed(1).padStart(7));
        }
        const kb = `${((sizes.find((s) => s.id === d.id)?.gz ?? 0) / 1024).toFixed(0)} kB`;
        console.log(`${d.kind.padEnd(10)}${String(d.lines).padStart(6)}${kb.padStart(9)}${`${d.ingestS.toFixed(1)} s`.padStart(9)}  ${row[0]}${row[1]}  ${row[2]}${row[3]}`);
      }
      console.log(worst <= GOAL_MS ? `every source view answered within ${GOAL_MS} ms (worst p95 ${worst.toFixed(1)} ms)` : `over the goal: worst p95 ${worst.toFixed(1)} ms > ${GOAL_MS} ms`);
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    await rm(tmp, { recursive: true, force: true });
    await base.drop();
  }
}
