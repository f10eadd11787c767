// PGlite's WebAssembly module, compiled once per process for a quick start. Most ziping
// processes open the embedded database for a few queries (`keys`, `anomalies`, one
// `ingest`), and on this 2-core machine a start of PGlite 0.3 cost 2.4 CPU-s and 400 MB,
// mostly for two things this file changes:
// - V8 recompiles a wasm function with its optimising compiler (TurboFan) once it has run
//   a while (the "tiering budget"); starting Postgres makes hundreds of functions that hot,
//   and recompiling them took about 1 CPU-s on background threads that a short process
//   never gets back. The module is compiled with a budget 100 times V8's: a start tiers up
//   almost nothing, a query of several seconds still gets its hot loops optimised.
//   Compared on `ziping reconcile` over 60 documents (15 CPU-s): 12.8 CPU-s with this
//   budget, 14.5 with V8's, 16.8 with no TurboFan at all (--liftoff-only).
// - PGlite starts Postgres with `-c shared_buffers=128MB` built into its binary (0.3 has no
//   option for it), and Postgres zeroes that memory at every start. The buffers are made
//   16 MB by rewriting that setting in the bytes before compiling; a binary without it
//   (another PGlite version) is compiled as it is, and `embedded.test.ts` notices.
// Together: `ziping keys list` on the embedded database about 1.2 CPU-s and 160 MB, from 2.6–3.1
// and 400 (`pnpm bench startup`).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import v8 from 'node:v8';

export const SHARED_BUFFERS = '16MB';
const BUILT_IN = 'shared_buffers=128MB\0';
// V8 reads the flag when it compiles a module, and flags are process-wide: it is raised for
// this compile only, so other WebAssembly (OCR, pdf.js decoders) keeps V8's default (Node 20).
const TIERING_BUDGET = 180_000_000;
const V8_TIERING_BUDGET = 1_800_000;

let compiled: Promise<WebAssembly.Module> | undefined;

export function pgliteModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const bytes = await readFile(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm'));
    const at = bytes.indexOf(BUILT_IN);
    // same length, NUL-padded: the C string ends earlier and nothing after it moves
    if (at >= 0) bytes.fill(0, at, at + BUILT_IN.length).write(`shared_buffers=${SHARED_BUFFERS}`, at);
    v8.setFlagsFromString(`--wasm-tiering-budget=${TIERING_BUDGET}`);
    try {
      return await WebAssembly.compile(bytes);
    } finally {
      v8.setFlagsFromString(`--wasm-tiering-budget=${V8_TIERING_BUDGET}`);
    }
  })();
  return compiled;
}
