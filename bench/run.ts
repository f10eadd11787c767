// Benchmarks. `pnpm bench pdf`: pages per second and peak RSS of whole-process `ziping extract`
// against whole-process `pdftotext -layout` on the fixture PDFs and a 300-page one (bench/pdf.ts).
// `pnpm bench ingest`: documents per minute and the CPU split per document with 1 and 2 worker processes
// (bench/ingest.ts; needs the local Postgres and Redis).
// `pnpm bench ocr`: seconds per page (interleaved rounds) and character error rate of each OCR
// engine on the fixture scans (bench/ocr.ts; the Debian tesseract CLI too when installed).
// `pnpm bench upload`: time, RSS and /health latency of the API under a zip bomb (bench/upload.ts).
// `pnpm bench scale [--seed 000[,003,004]] [--sizes 10,50,200] [--rounds 3]`: wall and CPU seconds
// and peak RSS of one text dump of a seed repeated N times, sizes capped under MAX_LINES
// (bench/scale.ts); the time per copy must stay flat.
// `pnpm bench source`: milliseconds of the source view for a text, a PDF, a workbook and a scan
// (bench/source.ts; needs the local Postgres).
// `pnpm bench startup`: wall, CPU and peak RSS of one `ziping extract`, from source (tsx) and
// compiled (bench/startup.ts).
// `pnpm bench api [--indicators 1000000]`: p50/p95 of the analyst API's list endpoints on a
// database seeded with a million synthetic indicators (bench/api.ts; needs the local Postgres).
// `pnpm bench save`: time, CPU and statements per document to store seed 000's extraction 50
// times into Postgres and PGlite (bench/save.ts; needs the local Postgres).
const benches: Record<string, () => Promise<void>> = { pdf: async () => (await import('./pdf.ts')).benchPdf(), ocr: async () => (await import('./ocr.ts')).benchOcr(), ingest: async () => (await import('./ingest.ts')).benchIngest(),
  upload: async () => (await import('./upload.ts')).benchUpload(),
  scale: async () => (await import('./scale.ts')).benchScale(),
  source: async () => (await import('./source.ts')).benchSource(),
  startup: async () => (await import('./startup.ts')).benchStartup(),
  api: async () => (await import('./api.ts')).benchApi(),
  save: async () => (await import('./save.ts')).benchSave(),
};
const which = process.argv[2] ?? 'pdf';
const run = benches[which];
if (!run) {
  console.error(`unknown bench "${which}"; one of: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
await run();
