// A PARSE finding whose message names a line (`第3页第147行`, `line 92`) cites that line in its
// evidence, so the review desk can show it: over the fixtures that need no OCR, every kind of
// source. Only evidence is checked; which findings there are is other tests' subject.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '@ziping/ingest';
import { describe, expect, it } from 'vitest';
import { reconstruct } from './reconstruct.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const DIRS = ['seeds', 'corpus/text', 'corpus/csv', 'corpus/docx', 'corpus/html', 'corpus/xlsx', 'corpus/pdftotext', 'corpus/layout'];

/** The lines a message names: `第P页第L行` and `line L`. */
const namedLines = (m: string) => [...m.matchAll(/第\d+页第(\d+)行|line (\d+)/g)].map((x) => Number(x[1] ?? x[2]));

describe('PARSE findings cite the lines their messages name', () => {
  it('holds over the fixtures', async () => {
    let named = 0;
    const uncited: string[] = [];
    for (const dir of DIRS) {
      for (const f of readdirSync(join(FIXTURES, dir))) {
        const doc = await ingestFile(join(FIXTURES, dir, f));
        const x = (() => { try { return reconstruct(doc); } catch { return null; } })();
        for (const a of x?.anomalies ?? []) {
          if (a.rule !== 'PARSE') continue;
          const cited = new Set(a.evidence.flatMap((e) => (e.prov ? [e.prov.line] : [])));
          for (const line of namedLines(a.message)) {
            named++;
            if (!cited.has(line)) uncited.push(`${dir}/${f}: ${a.message}`);
          }
        }
      }
    }
    expect(named).toBeGreaterThan(10);
    expect(uncited).toEqual([]);
  });
});
