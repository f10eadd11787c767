// `pnpm bench ocr [--engines paddle,tesseract,native] [--rounds 3] [--scans DIR] [--pages 1,2] [--out DIR]`
//
// OCR on the fixture scans (fixtures/scans/*.pdf whose original is in fixtures/pdf/), per engine:
//   paddle     PP-OCRv4 through our layout stage (packages/ocr), the default
//   tesseract  tesseract.js through the same layout stage
//   native     the Debian `tesseract` CLI (tesseract-ocr + tesseract-ocr-chi-sim) on the whole
//              page, its own layout, OMP_THREAD_LIMIT=1, as many processes at once as our pools
//              have workers; skipped (said so) when the CLI or chi_sim is missing
// Every engine is timed the same way: pages rasterised (and written as PNG for the CLI) and
// models loaded before any clock starts; then per round each engine reads every scan, the
// engines taking turns (the order rotating each round), so a change in the machine's load
// (other sessions share its 2 cores) falls on all of them alike. Per engine: seconds per page,
// wall and CPU (this process with its worker threads, or the tesseract processes), median and
// min–max over the rounds, and the 1-minute load average seen at its runs; the readings come
// from the first round (later rounds must read the same, or the bench says so).
//
// CER = max(missed, extra) / characters of the known text (the original PDF's text layer),
// characters compared per page as multisets (white space dropped, NFKC on both sides, so
// `（` = `(`): the edit distance when the reading order is right, and blind to reading order,
// which differs between engines (a table read row by row or column by column; a wrapped cell
// joined or not). The top and bottom 5 % of each page (running heads, page numbers) are left
// out on every side, as our layout drops them on purpose. recall = known characters read,
// junk = characters read not there.
//
// With --out DIR, paddle and tesseract also run the rest of the pipeline (reconstruct →
// validate) on the first round's reading and write DIR/<engine>/<stem>.json in form-extract/v1
// for shared/eval/score.mjs.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism as cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toInterchange, type SourceDocument } from '../packages/core/src/index.ts';
import {
  closeEngines, encodeGray, formOfLine, ocrPages, openPdf, rasterizePdf, warningsToAnomalies, type EngineName, type OcrDocument, type PageImage,
} from '../packages/ocr/src/index.ts';
import { defaultPoolSize } from '../packages/ocr/src/engine.ts';
import { reconstruct } from '../packages/reconstruct/src/index.ts';
import { validate } from '../packages/validate/src/index.ts';
import { GNU_TIME, TIME_FORMAT, spread, timeOf } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DPI = 200;
const BAND = 0.05; // top and bottom of the page left out of the comparison

type BenchEngine = EngineName | 'native';
interface Scan { file: string; stem: string; images: PageImage[]; truth: Map<number, string>; pngs: Map<number, string> }
/** What an engine read of one scan (text per page), and the CPU seconds it took (null: unknown). */
interface Reading { texts: Map<number, string>; cpu: number | null; doc?: OcrDocument }
/** One engine as the bench drives it; models are loaded before it is made. */
interface Runner { engine: string; version: string; read(s: Scan): Promise<Reading> }
/** Per page: wall and CPU seconds; load = 1-minute load average when the run started. */
interface Run { wall: number; cpu: number | null; load: number }
interface Row { runner: Runner; runs: Run[]; first: Map<string, Map<number, string>>; unstable: number }

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

/** paddle / tesseract.js through packages/ocr, the engine loaded and kept for every round. */
async function ours(engine: EngineName): Promise<Runner> {
  const version = (await ocrPages([], { engine })).engine.version;
  return {
    engine: engine === 'tesseract' ? 'tesseract.js' : engine,
    version,
    async read(s) {
      const c0 = process.cpuUsage();
      const doc = await ocrPages(s.images, { engine });
      const c = process.cpuUsage(c0);
      const texts = new Map(s.images.map((img) => [img.page, doc.lines.filter((l) => l.page === img.page).map((l) => l.cells.map((c) => c.text).join('')).join('')]));
      return { texts, cpu: (c.user + c.system) / 1e6, doc };
    },
  };
}

/** The rest of the pipeline on one engine's reading of a scan, as form-extract/v1 for score.mjs. */
function writeOut(outDir: string, engine: string, s: Scan, doc: OcrDocument) {
  const source: SourceDocument = { name: s.file, path: join(ROOT, 'fixtures/scans', s.file), mediaType: 'application/pdf', sha256: '', bytes: 0, pageCount: s.images.length, lines: doc.lines, blocks: doc.blocks };
  const rebuilt = reconstruct(source);
  const found = validate(rebuilt, source);
  const x = { ...rebuilt, anomalies: [...rebuilt.anomalies, ...found, ...warningsToAnomalies(doc.warnings, formOfLine(rebuilt.forms))] };
  mkdirSync(join(outDir, engine), { recursive: true });
  writeFileSync(join(outDir, engine, `${s.stem}.json`), JSON.stringify(toInterchange(x), null, 1));
  writeFileSync(join(outDir, engine, `${s.stem}.lines.txt`), doc.lines.map((l) => `${l.page}:${l.line}\t${l.cells.map((c) => c.text).join('\t')}`).join('\n') + '\n');
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

/** The CLI on each page's PNG (written before the clock), as many processes at once as our pools have workers. */
function native(version: string): Runner {
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  let timeCmd = true; // GNU time for the children's CPU
  try { execFileSync(GNU_TIME, ['-f', '%U', 'true'], { stdio: 'ignore' }); } catch { timeCmd = false; }
  return {
    engine: 'tesseract (Debian)',
    version: `${version}, chi_sim`,
    async read(s) {
      const texts = new Map<number, string>();
      let cpu: number | null = timeCmd ? 0 : null;
      const queue = [...s.images];
      await Promise.all(Array.from({ length: defaultPoolSize() }, async () => {
        for (let img = queue.shift(); img; img = queue.shift()) {
          const args = [s.pngs.get(img.page)!, 'stdout', '-l', 'chi_sim', '--dpi', String(DPI), 'tsv'];
          const r = timeCmd ? await run(GNU_TIME, ['-f', TIME_FORMAT, 'tesseract', ...args], env) : await run('tesseract', args, env);
          const t = timeOf(r.stderr);
          if (cpu !== null) cpu = t ? cpu + t.cpu : null;
          texts.set(img.page, tsvText(r.stdout, img.image.height));
        }
      }));
      return { texts, cpu };
    },
  };
}

export async function benchOcr(): Promise<void> {
  const engines = (opt('engines') ?? 'paddle,tesseract,native').split(',') as BenchEngine[];
  const rounds = Math.max(1, Number(opt('rounds') ?? 3));
  const onlyPages = opt('pages')?.split(',').map(Number);
  const outDir = opt('out');
  const scanDir = opt('scans') ?? join(ROOT, 'fixtures/scans');
  const files = readdirSync(scanDir).filter((f) => f.endsWith('.pdf')).sort();
  const tmp = mkdtempSync(join(tmpdir(), 'ziping-bench-ocr-'));
  try {
    const scans: Scan[] = [];
    for (const file of files) {
      let original: Uint8Array;
      try { original = new Uint8Array(readFileSync(join(ROOT, 'fixtures/pdf', file))); } catch { continue; }
      const images = await rasterizePdf(new Uint8Array(readFileSync(join(scanDir, file))), { dpi: DPI, pages: onlyPages });
      const stem = file.replace(/\.pdf$/, '');
      const pngs = new Map<number, string>();
      for (const img of images) {
        const png = join(tmp, `${stem}-${img.page}.png`);
        writeFileSync(png, await encodeGray(img.image, 'png'));
        pngs.set(img.page, png);
      }
      scans.push({ file, stem, images, truth: await knownText(original, images.map((i) => i.page)), pngs });
    }
    const pages = scans.reduce((n, s) => n + s.images.length, 0);
    console.log(`OCR on ${scans.map((s) => `${s.file} (${s.images.length} p)`).join(', ')}: ${pages} pages at ${DPI} dpi, ${defaultPoolSize()} workers per engine, ${rounds} rounds`);

    const rows: Row[] = [];
    for (const e of engines) {
      let runner: Runner;
      if (e === 'native') {
        const t = nativeTesseract();
        if ('missing' in t) { console.log(`tesseract (Debian): skipped, ${t.missing} (apt-get install -y tesseract-ocr tesseract-ocr-chi-sim)`); continue; }
        runner = native(t.version);
      } else if (e === 'paddle' || e === 'tesseract') {
        runner = await ours(e);
      } else {
        throw new Error(`unknown engine "${e}"; one of paddle, tesseract, native`);
      }
      rows.push({ runner, runs: [], first: new Map(), unstable: 0 });
    }
    if (rows.length === 0) return;

    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < rows.length; k++) {
        const row = rows[(k + round) % rows.length]!;
        const load = loadavg()[0]!;
        let wall = 0;
        let cpu: number | null = 0;
        for (const s of scans) {
          const t0 = process.hrtime.bigint();
          const got = await row.runner.read(s);
          wall += ms(t0);
          cpu = cpu === null || got.cpu === null ? null : cpu + got.cpu;
          const before = row.first.get(s.stem);
          if (!before) {
            row.first.set(s.stem, got.texts);
            if (outDir && got.doc) {
              try { writeOut(outDir, row.runner.engine, s, got.doc); } catch (e) { console.log(`  ${row.runner.engine} ${s.file}: no form-extract written: ${(e as Error).message}`); }
            }
          } else if ([...got.texts].some(([page, text]) => before.get(page) !== text)) {
            row.unstable++;
          }
        }
        row.runs.push({ wall: wall / pages, cpu: cpu === null ? null : cpu / pages, load });
        console.log(`  round ${round + 1}: ${row.runner.engine} ${(wall / pages).toFixed(2)} s/page wall, ${cpu === null ? '—' : (cpu / pages).toFixed(2)} CPU, load ${load.toFixed(1)}`);
      }
    }
    await closeEngines();
    report(rows, scans);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function report(rows: Row[], scans: Scan[]) {
  const pages = scans.reduce((n, s) => n + s.images.length, 0);
  console.log(`\n${'engine'.padEnd(20)}${'pages'.padStart(6)}  ${'s/page wall'.padEnd(18)}${'s/page CPU'.padEnd(18)}${'CER'.padStart(7)}${'recall'.padStart(8)}${'junk'.padStart(8)}  ${'load'.padEnd(16)}version`);
  let known = 0;
  for (const r of rows) {
    const c = { truth: 0, read: 0, common: 0, errors: 0 };
    for (const s of scans) {
      for (const img of s.images) {
        const x = compare(s.truth.get(img.page)!, r.first.get(s.stem)!.get(img.page)!);
        c.truth += x.truth; c.read += x.read; c.common += x.common; c.errors += x.errors;
      }
    }
    known = c.truth;
    const cpus = r.runs.flatMap((x) => (x.cpu === null ? [] : [x.cpu]));
    console.log(`${r.runner.engine.padEnd(20)}${String(pages).padStart(6)}  ${spread(r.runs.map((x) => x.wall), 2).padEnd(18)}${(cpus.length ? spread(cpus, 2) : '—').padEnd(18)}${(c.errors / c.truth).toFixed(4).padStart(7)}${(c.common / c.truth).toFixed(4).padStart(8)}${((c.read - c.common) / c.read).toFixed(4).padStart(8)}  ${spread(r.runs.map((x) => x.load), 1).padEnd(16)}${r.runner.version}`);
    if (r.unstable) console.log(`  ${r.runner.engine}: ${r.unstable} later reading(s) of a scan differ from the first round's`);
  }
  console.log(`(median (min–max) over ${rows[0]!.runs.length} rounds, engines interleaved; load = 1-minute load average at the start of each run, on ${cpus()} cores; ${known} known characters; CER = max(missed, extra) / known, per page as multisets, running heads and page numbers left out)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchOcr();
