// Benchmarks. `pnpm bench pdf`: pages per second of the PDF path (ingestPdf: text, rulings,
// grids, lines) on the fixture PDFs, against `pdftotext -layout` (poppler-utils) in the same run.
// `pnpm bench ingest`: documents per minute of service mode with 1 and 2 worker processes
// (bench/ingest.ts; needs the local Postgres and Redis).
// `pnpm bench ocr`: seconds per page and character error rate of each OCR engine on the fixture
// scans (bench/ocr.ts; the Debian tesseract CLI too when installed).
// `pnpm bench upload`: time, RSS and /health latency of the API under a zip bomb (bench/upload.ts).
// `pnpm bench scale [--seed 000] [--sizes 10,50,200]`: seconds and peak RSS of one text dump of
// a seed repeated N times (bench/scale.ts); the time per copy must stay flat.
// `pnpm bench source`: milliseconds of the source view for a text, a PDF, a workbook and a scan
// (bench/source.ts; needs the local Postgres).
// `pnpm bench startup`: wall, CPU and peak RSS of one `ziping extract`, from source (tsx) and
// compiled (bench/startup.ts).
// `pnpm bench api [--indicators 1000000]`: p50/p95 of the analyst API's list endpoints on a
// database seeded with a million synthetic indicators (bench/api.ts; needs the local Postgres).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ingestPdf } from '../packages/ingest/src/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PDFS = ['000_ca0dcd0154b0e201', '001_ba783ae97283a765', '004_339364824c9abd23'].map((s) => join(ROOT, 'fixtures/pdf', `${s}.pdf`));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function benchPdf(): Promise<void> {
  const files = PDFS.map((path) => ({ path, buf: readFileSync(path) }));
  const pages = new Map<string, number>();
  for (const f of files) pages.set(f.path, (await ingestPdf(f.buf, f.path)).pageCount); // warm-up, page counts
  let hasPdftotext = true;
  try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); } catch { hasPdftotext = false; }

  const rows: { file: string; pages: number; ours: number; poppler: number | null }[] = [];
  for (const f of files) {
    let ours = 0;
    let poppler = 0;
    for (let r = 0; r < ROUNDS; r++) {
      ours += await timed(() => ingestPdf(f.buf, f.path));
      if (hasPdftotext) poppler += await timed(() => execFileSync('pdftotext', ['-layout', f.path, '-'], { maxBuffer: 1 << 28 }));
    }
    rows.push({ file: basename(f.path), pages: pages.get(f.path)!, ours: ours / ROUNDS, poppler: hasPdftotext ? poppler / ROUNDS : null });
  }
  const fmt = (x: number) => x.toFixed(1).padStart(8);
  console.log(`PDF ingestion, mean of ${ROUNDS} rounds (pages/s; higher is better)`);
  console.log(`${'file'.padEnd(28)}${'pages'.padStart(6)}${'ziping'.padStart(9)}${'pdftotext'.padStart(11)}${'ratio'.padStart(8)}`);
  for (const r of rows) {
    const a = r.pages / r.ours;
    const b = r.poppler ? r.pages / r.poppler : null;
    console.log(`${r.file.padEnd(28)}${String(r.pages).padStart(6)}${fmt(a)} ${b ? fmt(b) : '       —'}  ${b ? (a / b).toFixed(2).padStart(6) : '     —'}`);
  }
  const total = rows.reduce((s, r) => s + r.pages, 0);
  const ours = total / rows.reduce((s, r) => s + r.ours, 0);
  const pop = hasPdftotext ? total / rows.reduce((s, r) => s + r.poppler!, 0) : null;
  console.log(`${'all'.padEnd(28)}${String(total).padStart(6)}${fmt(ours)} ${pop ? fmt(pop) : '       —'}  ${pop ? (ours / pop).toFixed(2).padStart(6) : '     —'}`);
  console.log(pop ? `ziping's PDF path runs at ${(ours / pop).toFixed(2)}× the speed of pdftotext -layout (which gives text only, no cells).` : 'pdftotext not found (apt-get install poppler-utils) — no comparison.');
}

const benches: Record<string, () => Promise<void>> = { pdf: benchPdf, ocr: async () => (await import('./ocr.ts')).benchOcr(), ingest: async () => (await import('./ingest.ts')).benchIngest(),
  upload: async () => (await import('./upload.ts')).benchUpload(),
  scale: async () => (await import('./scale.ts')).benchScale(),
  source: async () => (await import('./source.ts')).benchSource(),
  startup: async () => (await import('./startup.ts')).benchStartup(),
  api: async () => (await import('./api.ts')).benchApi(),
};
const which = process.argv[2] ?? 'pdf';
const run = benches[which];
if (!run) {
  console.error(`unknown bench "${which}"; one of: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
await run();
