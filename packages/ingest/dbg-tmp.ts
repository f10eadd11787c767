import { ingestFile } from './src/ingest.ts';
const doc = await ingestFile(process.argv[2]!);
for (const l of doc.lines) console.log(l.page, l.cells.length > 1 ? l.cells.map((c) => `${c.col}:${c.text}`).filter((s) => !/^\d+:$/.test(s)).join(' | ') : `  ${l.text}`);
