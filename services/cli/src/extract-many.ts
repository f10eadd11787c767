// Extract many files in one process (no start-up per file) into a folder of form-extract/v1
// JSON, named `<stem>.json` with `source` set to `<stem>.txt` so score.mjs pairs them with gold.
//   pnpm tsx services/cli/src/extract-many.ts OUT_DIR FILE…
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { toInterchange } from '@ziping/core';
import { closeOcr } from '@ziping/ingest';
import { extractFile } from '@ziping/pipeline';

const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
  console.error('usage: tsx scripts/extract-many.ts OUT_DIR FILE…');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
for (const f of files) {
  const stem = basename(f, extname(f));
  try {
    const { extraction } = await extractFile(f);
    writeFileSync(join(out, `${stem}.json`), JSON.stringify({ ...toInterchange(extraction), source: `${stem}.txt` }, null, 2));
  } catch (e) {
    console.error(`${f}: ${(e as Error).message}`);
  }
}
await closeOcr();
