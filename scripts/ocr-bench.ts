// OCR benchmark on the fixture scans, per engine:
//   tsx scripts/ocr-bench.ts [--engines paddle,tesseract] [--pages 1,2] [--out DIR] [--scans DIR]
// For each scan in fixtures/scans/*.pdf (or --scans DIR) whose original is in fixtures/pdf/, every page is
// OCR'd and compared with the original's text layer as a bag of characters (white space
// ignored): recall = characters of the original found, junk = characters read that are not
// in the original. With --out, the whole pipeline (OCR → reconstruct → validate) writes
// DIR/<engine>/<stem>.json in form-extract/v1 for shared/eval/score.mjs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toInterchange, type SourceDocument } from '../packages/core/src/index.ts';
import { closeEngines, formOfLine, ocrPages, openPdf, rasterizePdf, warningsToAnomalies, type EngineName } from '../packages/ocr/src/index.ts';
import { reconstruct } from '../packages/reconstruct/src/index.ts';
import { validate } from '../packages/validate/src/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const opt = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const engines = (opt('engines') ?? 'paddle,tesseract').split(',') as EngineName[];
const onlyPages = opt('pages')?.split(',').map(Number);
const outDir = opt('out');
const scanDir = opt('scans') ?? join(root, 'fixtures/scans');

async function textLayer(pdf: Uint8Array, page: number): Promise<string> {
  const doc = await openPdf(new Uint8Array(pdf));
  try {
    const tc = await (await doc.getPage(page)).getTextContent();
    return tc.items.map((i) => ('str' in i ? i.str : '')).join('');
  } finally {
    await doc.destroy();
  }
}

function bag(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const ch of s.replace(/\s+/g, '')) m.set(ch, (m.get(ch) ?? 0) + 1);
  return m;
}

function compare(truth: string, read: string) {
  const t = bag(truth), r = bag(read);
  let common = 0, nt = 0, nr = 0;
  for (const [ch, n] of t) { nt += n; common += Math.min(n, r.get(ch) ?? 0); }
  for (const n of r.values()) nr += n;
  return { truth: nt, read: nr, common };
}

const scans = readdirSync(scanDir).filter((f) => f.endsWith('.pdf'));
for (const engine of engines) {
  let truth = 0, read = 0, common = 0, pagesDone = 0, ms = 0, cpu = 0;
  for (const f of scans) {
    const scan = new Uint8Array(readFileSync(join(scanDir, f)));
    const original = new Uint8Array(readFileSync(join(root, 'fixtures/pdf', f)));
    const images = await rasterizePdf(scan, { dpi: 200, pages: onlyPages });
    await ocrPages([], { engine }); // load the models before the clock starts
    const t0 = Date.now();
    const c0 = process.cpuUsage();
    const doc = await ocrPages(images, { engine });
    ms += Date.now() - t0;
    const c1 = process.cpuUsage(c0);
    cpu += (c1.user + c1.system) / 1000;
    pagesDone += images.length;
    for (const img of images) {
      const got = doc.lines.filter((l) => l.page === img.page).map((l) => l.cells.map((c) => c.text).join('')).join('');
      const c = compare(await textLayer(original, img.page), got);
      truth += c.truth; read += c.read; common += c.common;
    }
    if (outDir) {
      const source: SourceDocument = { name: f, path: join(scanDir, f), mediaType: 'application/pdf', sha256: '', bytes: scan.length, pageCount: images.length, lines: doc.lines };
      const rebuilt = reconstruct(source);
      const found = validate(rebuilt, source);
      const x = { ...rebuilt, anomalies: [...rebuilt.anomalies, ...found, ...warningsToAnomalies(doc.warnings, formOfLine(rebuilt.forms))] };
      mkdirSync(join(outDir, engine), { recursive: true });
      writeFileSync(join(outDir, engine, f.replace(/\.pdf$/, '.json')), JSON.stringify(toInterchange(x), null, 1));
      // the positioned text as a tab dump, to compare with fixtures/seeds/<stem>.txt
      writeFileSync(join(outDir, engine, f.replace(/\.pdf$/, '.lines.txt')), doc.lines.map((l) => `${l.page}:${l.line}\t${l.cells.map((c) => c.text).join('\t')}`).join('\n') + '\n');
      console.log(`${engine} ${f}: ${rebuilt.forms.length} forms, ${doc.warnings.length} OCR warnings (${doc.warnings.filter((w) => w.kind === 'LOW_CONFIDENCE').length} low confidence)`);
    }
  }
  console.log(
    `${engine}: ${pagesDone} pages, ${(ms / pagesDone / 1000).toFixed(2)} s/page wall, ${(cpu / pagesDone / 1000).toFixed(2)} s/page CPU, recall ${(common / truth).toFixed(4)}, junk ${((read - common) / read).toFixed(4)} (${truth} chars in the originals, ${read} read)`,
  );
  await closeEngines();
}
