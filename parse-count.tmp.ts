import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '@ziping/pipeline';
const root = process.argv[2] ?? '/tmp/wt-i/fixtures';
const files: string[] = [];
const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (!/gold|\.json$|\.md$/.test(p)) files.push(p); } };
walk(root);
let total = 0, names = 0, cites = 0, namesNoCite = 0;
for (const f of files) {
  try {
    const { extraction } = await extractFile(f);
    for (const a of extraction.anomalies ?? []) {
      if (a.rule !== 'PARSE') continue;
      total++;
      const named = /line \d+|第\d+行/.test(a.message);
      const cited = a.evidence.some((e: any) => e.prov?.line != null);
      if (named) names++;
      if (cited) cites++;
      if (named && !cited) { namesNoCite++; console.log('NOCITE', f.replace(root, ''), a.message.slice(0, 100)); }
    }
  } catch (e) { console.log('ERR', f, (e as Error).message.slice(0, 80)); }
}
console.log(JSON.stringify({ files: files.length, total, names, cites, namesNoCite }));
