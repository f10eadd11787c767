// `pnpm bench pdf`: pages per second and peak RSS of whole-process `ziping extract` (the compiled
// CLI, rebuilt first so the figures are of this source) against whole-process `pdftotext -layout`
// (poppler-utils), on the fixture PDFs and on a 300-page PDF joined from the text-layer fixtures
// with pdfunite. Both pay their process start; runs alternate between the two, round by round, and
// the load average is printed, since on a shared machine it moves the figures more than any change.
// CPU seconds (user + system, all threads) are printed too: they move less with the load.
// `--compare DIR`: also time the ziping built in DIR (e.g. an earlier commit's dist/, at the same
// depth as this one so its relative imports resolve), as `before`, interleaved with the rest.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ensureBuilt } from '../services/cli/src/run-cli.ts';
import { GNU_TIME, TIME_FORMAT, load, median, timeOf } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = ['000_ca0dcd0154b0e201', '001_ba783ae97283a765', '004_339364824c9abd23'].map((s) => join(ROOT, 'fixtures/pdf', `${s}.pdf`));
/** Text-layer PDFs (no scans: those time OCR, see `pnpm bench ocr`) joined into the long one. */
const SOURCES = [...FIXTURES, ...['corpus/pdf', 'corpus/pdf-lo', 'renditions/pdf-chrome', 'renditions/novel-pdf-lo', 'renditions/novel3-pdf-lo']
  .flatMap((d) => readdirSync(join(ROOT, 'fixtures', d)).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(ROOT, 'fixtures', d, f)))];
const BIG_PAGES = 300;
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const pageCount = (pdf: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

/** The text-layer fixtures, in turn, until there are at least BIG_PAGES pages. */
function bigPdf(dir: string): string {
  const parts: string[] = [];
  for (let pages = 0; pages < BIG_PAGES;) {
    for (const f of SOURCES) {
      parts.push(f);
      pages += pageCount(f);
      if (pages >= BIG_PAGES) break;
    }
  }
  const out = join(dir, `joined-${BIG_PAGES}.pdf`);
  execFileSync('pdfunite', [...parts, out]);
  return out;
}

interface Run { seconds: number; rssMiB: number | null; cpu: number | null }

/** One whole process: wall seconds and (with GNU time) peak RSS; its output is discarded. */
function run(cmd: string, args: string[]): Run {
  const gnu = existsSync(GNU_TIME);
  const t = process.hrtime.bigint();
  const r = gnu
    ? spawnSync(GNU_TIME, ['-f', TIME_FORMAT, cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const time = gnu ? timeOf(r.stderr) : null;
  return { seconds, rssMiB: time?.rssMiB ?? null, cpu: time?.cpu ?? null };
}


export async function benchPdf(): Promise<void> {
  for (const [cmd, arg] of [['pdftotext', '-v'], ['pdfinfo', '-v'], ['pdfunite', '-v']] as const) {
    if (!has(cmd, arg)) throw new Error(`${cmd} not found: apt-get install poppler-utils`);
  }
  await ensureBuilt(); // dist/ from the current sources
  const dir = mkdtempSync(join(tmpdir(), 'ziping-bench-pdf-'));
  try {
    const docs = [...FIXTURES, bigPdf(dir)].map((path) => ({ path, pages: pageCount(path) }));
    const at = process.argv.indexOf('--compare');
    const before = at >= 0 ? resolve(process.argv[at + 1] ?? '', 'ziping.mjs') : null;
    if (before && !existsSync(before)) throw new Error(`--compare: ${before} not found`);
    const tools: Record<string, (f: string) => Run> = {
      ziping: (f: string) => run(process.execPath, [join(ROOT, 'dist/ziping.mjs'), 'extract', f]),
      ...(before ? { before: (f: string) => run(process.execPath, [before, 'extract', f]) } : {}),
      pdftotext: (f: string) => run('pdftotext', ['-layout', f, '-']),
    };
    const runs = new Map<string, Run[]>();
    const loadBefore = load();
    for (let r = 0; r < ROUNDS; r++) {
      for (const d of docs) {
        // alternate which goes first, so neither always follows the other's cache warming
        const order = r % 2 ? Object.keys(tools).reverse() : Object.keys(tools);
        for (const t of order) {
          const key = `${d.path}\t${t}`;
          runs.set(key, [...(runs.get(key) ?? []), tools[t](d.path)]);
        }
      }
    }
    const f1 = (x: number) => x.toFixed(1).padStart(8);
    console.log(`\nPDF, whole processes, ${ROUNDS} interleaved rounds; pages/s (higher is better) and peak RSS`);
    console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after, on ${(await import('node:os')).availableParallelism()} cores`);
    console.log(`${'file'.padEnd(28)}${'pages'.padStart(6)}  ${'tool'.padEnd(10)}${'median'.padStart(8)}${'min'.padStart(8)}${'max'.padStart(8)}${'CPU s'.padStart(8)}${'RSS MiB'.padStart(9)}${'ratio'.padStart(8)}`);
    for (const d of docs) {
      const rate = (t: string) => runs.get(`${d.path}\t${t}`)!.map((x) => d.pages / x.seconds);
      const ours = median(rate('ziping'));
      for (const t of Object.keys(tools)) {
        const rates = rate(t);
        const rss = runs.get(`${d.path}\t${t}`)!.map((x) => x.rssMiB).filter((x): x is number => x !== null);
        const cpu = runs.get(`${d.path}\t${t}`)!.map((x) => x.cpu).filter((x): x is number => x !== null);
        const name = t === 'ziping' ? basename(d.path) : '';
        const ratio = t === 'ziping' ? '' : (ours / median(rates)).toFixed(2).padStart(8);
        console.log(`${name.padEnd(28)}${(t === 'ziping' ? String(d.pages) : '').padStart(6)}  ${t.padEnd(10)}${f1(median(rates))}${f1(Math.min(...rates))}${f1(Math.max(...rates))}${(cpu.length ? median(cpu).toFixed(2) : '—').padStart(8)}${(rss.length ? Math.max(...rss).toFixed(0) : '—').padStart(9)}${ratio}`);
      }
    }
    console.log('ratio: ziping median / that tool\'s median; CPU s: median; RSS: the highest (pdftotext gives text only: no cells, no rulings).');
    if (!existsSync(GNU_TIME)) console.log(`${GNU_TIME} not found (apt-get install time): no peak RSS.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
