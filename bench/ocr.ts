// `pnpm bench ocr [--engines paddle,tesseract,native] [--scans DIR] [--pages 1,2] [--out DIR]`
//
// OCR on the fixture scans (fixtures/scans/*.pdf whose original is in fixtures/pdf/), per engine,
// in one run:
//   paddle     PP-OCRv4 through our layout stage (packages/ocr), the default
//   tesseract  tesseract.js through the same layout stage
//   native     the Debian `tesseract` CLI (tesseract-ocr + tesseract-ocr-chi-sim) on the whole
//              page, its own layout, OMP_THREAD_LIMIT=1, as many processes at once as our pools
//              have workers; skipped (said so) when the CLI or chi_sim is missing
// Figures per engine: seconds per page (wall, and CPU: this process with its worker threads,
// or the tesseract processes), and the character error rate against the known text, i.e. the
// original PDF's text layer.
//
// CER = max(missed, extra) / characters of the known text, characters compared per page as
// multisets (white space dropped, NFKC on both sides, so `（` = `(`): the edit distance when
// the reading order is right, and blind to reading order, which differs between engines (a
// table read row by row or column by column; a wrapped cell joined or not). The top and bottom
// 5 % of each page (running heads, page numbers) are left out on every side, as our layout
// drops them on purpose. recall = known characters read, junk = characters read not there.
//
// With --out DIR, paddle and tesseract also run the rest of the pipeline (reconstruct →
// validate) and write DIR/<engine>/<stem>.json in form-extract/v1 for shared/eval/score.mjs.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toInterchange, type SourceDocument } from '../packages/core/src/index.ts';
import {
  closeEngines, encodeGray, formOfLine, ocrPages, openPdf, rasterizePdf, warningsToAnomalies, type EngineName, type PageImage,
} from '../packages/ocr/src/index.ts';
import { defaultPoolSize } from '../packages/ocr/src/engine.ts';
import { reconstruct } from '../packages/reconstruct/src/index.ts';
import { validate } from '../packages/validate/src/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DPI = 200;
const BAND = 0.05; // top and bottom of the page left out of the comparison

type BenchEngine = EngineName | 'native';
interface Scan { file: string; stem: string; images: PageImage[]; truth: Map<number, string> }
interface Row { engine: string; version: string; pages: number; wall: number; cpu: number | null; truth: number; read: number; common: number; errors: number }

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

function bag(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const ch of norm(s)) m.set(ch, (m.get(ch) ?? 0) + 1);
  return m;
}

/** Known text vs read text of one page, as multisets of characters. */
function compare(truth: string, read: string) {
  const t = bag(truth), r = bag(read);
  let common = 0, nt = 0, nr = 0;
  for (const [ch, n] of t) { nt += n; common += Math.min(n, r.get(ch) ?? 0); }
  for (const n of r.values()) nr += n;
  return { truth: nt, read: nr, common, errors: Math.max(nt - common, nr - common) };
}

/** The original's text layer on one page, without the top and bottom bands. */
async function knownText(original: Uint8Array, pages: number[]): Promise<Map<number, string>> {
  const doc = await openPdf(new Uint8Array(original));
  const out = new Map<number, string>();
  try {
    for (const n of pages) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      const tc = await page.getTextContent();
      let s = '';
      for (const it of tc.items) {
        if (!('str' in it)) continue;
        const [, y] = vp.convertToViewportPoint(it.transform[4] as number, it.transform[5] as number) as [number, number];
        if (y > BAND * vp.height && y < (1 - BAND) * vp.height) s += it.str;
      }
      out.set(n, s);
    }
  } finally {
    await doc.destroy();
  }
  return out;
}

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** paddle / tesseract.js through packages/ocr. */
async function benchOurs(engine: EngineName, scans: Scan[], outDir: string | undefined): Promise<Row> {
  const row: Row = { engine: engine === 'tesseract' ? 'tesseract.js' : engine, version: '', pages: 0, wall: 0, cpu: 0, truth: 0, read: 0, common: 0, errors: 0 };
  row.version = (await ocrPages([], { engine })).engine.version; // load the models before the clock starts
  for (const s of scans) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const doc = await ocrPages(s.images, { engine });
    row.wall += ms(t0);
    const c = process.cpuUsage(c0);
    row.cpu! += (c.user + c.system) / 1e6;
    row.pages += s.images.length;
    for (const img of s.images) {
      const got = doc.lines.filter((l) => l.page === img.page).map((l) => l.cells.map((c) => c.text).join('')).join('');
      add(row, compare(s.truth.get(img.page)!, got));
    }
    if (outDir) {
      const source: SourceDocument = { name: s.file, path: join(ROOT, 'fixtures/scans', s.file), mediaType: 'application/pdf', sha256: '', bytes: 0, pageCount: s.images.length, lines: doc.lines, blocks: [] };
      const rebuilt = reconstruct(source);
      const found = validate(rebuilt, source);
      const x = { ...rebuilt, anomalies: [...rebuilt.anomalies, ...found, ...warningsToAnomalies(doc.warnings, formOfLine(rebuilt.forms))] };
      mkdirSync(join(outDir, engine), { recursive: true });
      writeFileSync(join(outDir, engine, `${s.stem}.json`), JSON.stringify(toInterchange(x), null, 1));
      writeFileSync(join(outDir, engine, `${s.stem}.lines.txt`), doc.lines.map((l) => `${l.page}:${l.line}\t${l.cells.map((c) => c.text).join('\t')}`).join('\n') + '\n');
    }
  }
  await closeEngines();
  return row;
}

function add(row: Row, c: ReturnType<typeof compare>) {
  row.truth += c.truth; row.read += c.read; row.common += c.common; row.errors += c.errors;
}

/** The Debian tesseract CLI, or why it cannot run. */
function nativeTesseract(): { version: string } | { missing: string } {
  try {
    const v = execFileSync('tesseract', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
    const langs = execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (!/^chi_sim$/m.test(langs)) return { missing: 'tesseract-ocr-chi-sim is not installed' };
    return { version: v };
  } catch {
    return { missing: 'the tesseract CLI is not installed' };
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { env, maxBuffer: 1 << 26, encoding: 'utf8' }, (e, stdout, stderr) => (e ? fail(new Error(`${cmd}: ${e.message}\n${stderr}`)) : ok({ stdout, stderr })));
  });
}

/** Words of a `tesseract … tsv` page outside the top and bottom bands. */
function tsvText(tsv: string, height: number): string {
  let s = '';
  for (const line of tsv.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const y = Number(f[7]) + Number(f[9]) / 2;
    if (y > BAND * height && y < (1 - BAND) * height) s += f[11];
  }
  return s;
}

async function benchNative(version: string, scans: Scan[]): Promise<Row> {
  const row: Row = { engine: 'tesseract (Debian)', version: `${version}, chi_sim`, pages: 0, wall: 0, cpu: 0, truth: 0, read: 0, common: 0, errors: 0 };
  const tmp = mkdtempSync(join(tmpdir(), 'ziping-bench-ocr-'));
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  let timeCmd = true; // GNU time for the children's CPU
  try { execFileSync('/usr/bin/time', ['-f', '%U', 'true'], { stdio: 'ignore' }); } catch { timeCmd = false; row.cpu = null; }
  try {
    for (const s of scans) {
      const jobs = [];
      for (const img of s.images) {
        const png = join(tmp, `${s.stem}-${img.page}.png`);
        writeFileSync(png, await encodeGray(img.image, 'png'));
        jobs.push({ img, png });
      }
      const t0 = process.hrtime.bigint();
      const texts = new Map<number, string>();
      const queue = [...jobs];
      await Promise.all(Array.from({ length: defaultPoolSize() }, async () => {
        for (let j = queue.shift(); j; j = queue.shift()) {
          const args = [j.png, 'stdout', '-l', 'chi_sim', '--dpi', String(DPI), 'tsv'];
          const r = timeCmd ? await run('/usr/bin/time', ['-f', 'CPU %U %S', 'tesseract', ...args], env) : await run('tesseract', args, env);
          const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
          if (m && row.cpu !== null) row.cpu += Number(m[1]) + Number(m[2]);
          texts.set(j.img.page, tsvText(r.stdout, j.img.image.height));
        }
      }));
      row.wall += ms(t0);
      row.pages += jobs.length;
      for (const { img } of jobs) add(row, compare(s.truth.get(img.page)!, texts.get(img.page)!));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return row;
}

export async function benchOcr(): Promise<void> {
  const engines = (opt('engines') ?? 'paddle,tesseract,native').split(',') as BenchEngine[];
  const onlyPages = opt('pages')?.split(',').map(Number);
  const outDir = opt('out');
  const scanDir = opt('scans') ?? join(ROOT, 'fixtures/scans');
  const files = readdirSync(scanDir).filter((f) => f.endsWith('.pdf')).sort();
  const scans: Scan[] = [];
  for (const file of files) {
    let original: Uint8Array;
    try { original = new Uint8Array(readFileSync(join(ROOT, 'fixtures/pdf', file))); } catch { continue; }
    const images = await rasterizePdf(new Uint8Array(readFileSync(join(scanDir, file))), { dpi: DPI, pages: onlyPages });
    scans.push({ file, stem: file.replace(/\.pdf$/, ''), images, truth: await knownText(original, images.map((i) => i.page)) });
  }
  const total = scans.reduce((n, s) => n + s.images.length, 0);
  console.log(`OCR on ${scans.map((s) => `${s.file} (${s.images.length} p)`).join(', ')}: ${total} pages at ${DPI} dpi, ${defaultPoolSize()} workers per engine`);

  const rows: Row[] = [];
  for (const e of engines) {
    if (e === 'native') {
      const t = nativeTesseract();
      if ('missing' in t) { console.log(`tesseract (Debian): skipped, ${t.missing} (apt-get install -y tesseract-ocr tesseract-ocr-chi-sim)`); continue; }
      rows.push(await benchNative(t.version, scans));
    } else if (e === 'paddle' || e === 'tesseract') {
      rows.push(await benchOurs(e, scans, outDir));
    } else {
      throw new Error(`unknown engine "${e}"; one of paddle, tesseract, native`);
    }
    const r = rows.at(-1)!;
    console.log(`  ${r.engine} done: ${r.wall.toFixed(0)} s`);
  }

  if (rows.length === 0) return;
  const f = (x: number, d: number, w: number) => x.toFixed(d).padStart(w);
  console.log(`\n${'engine'.padEnd(20)}${'pages'.padStart(6)}${'s/page wall'.padStart(13)}${'s/page CPU'.padStart(12)}${'CER'.padStart(8)}${'recall'.padStart(8)}${'junk'.padStart(8)}  version`);
  for (const r of rows) {
    console.log(`${r.engine.padEnd(20)}${String(r.pages).padStart(6)}${f(r.wall / r.pages, 2, 13)}${r.cpu === null ? '           —' : f(r.cpu / r.pages, 2, 12)}${f(r.errors / r.truth, 4, 8)}${f(r.common / r.truth, 4, 8)}${f((r.read - r.common) / r.read, 4, 8)}  ${r.version}`);
  }
  console.log(`(${rows[0]!.truth} known characters; CER = max(missed, extra) / known, per page as multisets, running heads and page numbers left out; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchOcr();
