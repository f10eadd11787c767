// `pnpm build`: the compiled program in dist/ — the CLI (which also serves the API), the
// standalone worker, its health check, the extraction child and the OCR recognition thread —
// bundled by esbuild into ES modules run by plain node. Dynamic imports become chunks, so a
// command loads only what it uses.
//
// Two rules keep the bundle working from dist/ without copying anything:
// - Workspace code is bundled; third-party packages stay external, imported by their path
//   in node_modules relative to dist/ (pnpm does not hoist them to the root, so a bare
//   name would not resolve from here). Native and wasm packages (sharp, PGlite,
//   onnxruntime) keep their files beside them this way.
// - `import.meta.url` in workspace code keeps meaning the source file's own URL, so every
//   file it finds at run time (migrations, the review pages, PDFium's wasm through
//   createRequire, OCR models) resolves the same from src/ and from dist/, next to which
//   the sources stay.
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const ENTRIES = {
  ziping: 'services/cli/src/main.ts',
  worker: 'services/worker/src/main.ts',
  'worker-health': 'services/worker/src/health.ts',
  'extract-worker': 'packages/pipeline/src/extract-worker.ts',
  'pdf-pages': 'packages/ingest/src/pdf/pages-worker.ts',
  'paddle-worker': 'packages/ocr/src/paddle-worker.ts',
};

const inWorkspace = (path) => !path.split(sep).includes('node_modules') && path.startsWith(ROOT + sep);
const fromDist = (path) => relative(DIST, path).split(sep).join('/');

/** @type {import('esbuild').Plugin} */
const workspace = {
  name: 'ziping-workspace',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:') || args.path.startsWith('@ziping/')) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (r.errors.length > 0 || r.external || !r.path || inWorkspace(r.path)) return undefined; // node's own modules, or bundled
      return { path: `./${fromDist(r.path)}`, external: true };
    });
    b.onLoad({ filter: /\.(ts|mjs)$/ }, async (args) => {
      if (!inWorkspace(args.path)) return undefined;
      const source = await readFile(args.path, 'utf8');
      const own = `new URL(${JSON.stringify(fromDist(args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: extname(args.path) === '.ts' ? 'ts' : 'js' };
    });
  },
};

const started = Date.now();
// Built beside dist/ (the same depth, so the same relative paths) and swapped in: a program
// running from dist/ meanwhile, or a second build, never sees half a build.
const next = join(ROOT, `.dist-${process.pid}`);
const old = join(ROOT, `.dist-old-${process.pid}`);
await rm(next, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: Object.entries(ENTRIES).map(([out, src]) => ({ out, in: src })),
  outdir: next,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // no "module" condition: externals resolve to what node itself would load
  conditions: [],
  define: { ZIPING_COMPILED: 'true' },
  plugins: [workspace],
  sourcemap: 'linked',
  charset: 'utf8',
  logLevel: 'warning',
});
const aside = [];
for (let attempt = 1; ; attempt++) {
  // a concurrent build may put its dist/ back between the two renames: move that one aside too
  const to = `${old}-${aside.length}`;
  if (await rename(DIST, to).then(() => true, (e) => (e.code === 'ENOENT' ? false : Promise.reject(e)))) aside.push(to);
  try {
    await rename(next, DIST);
    break;
  } catch (e) {
    if ((e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') || attempt >= 10) throw e;
  }
}
await Promise.all(aside.map((dir) => rm(dir, { recursive: true, force: true })));
process.stderr.write(`built dist/ in ${Date.now() - started} ms\n`);
