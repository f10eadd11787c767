import { writeFileSync, mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { extractFile } from './src/index.ts';
import { toInterchange } from '@ziping/core';
const out = process.argv[2]!;
mkdirSync(out, { recursive: true });
for (const f of process.argv.slice(3)) {
  try {
    const { extraction } = await extractFile(f);
    writeFileSync(`${out}/${basename(f, '.txt')}.json`, JSON.stringify(toInterchange(extraction), null, 1));
  } catch (e) { console.error(String(e)); }
}
