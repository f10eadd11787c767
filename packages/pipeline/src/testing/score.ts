// Scores extractions against the hand-checked gold copied into fixtures/, with the project's
// copy of the shared scorer, so accuracy tests run in a fresh clone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { toInterchange, type SourceDocument } from '@ziping/core';
import type { IngestOptions } from '@ziping/ingest';
import { extractFile } from '../pipeline.ts';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const fixture = (p: string) => join(ROOT, 'fixtures', p);

export interface Tally { p: number; r: number; f1: number; tp: number; fn: number; fp: number }
export type Overall = Record<'cells' | 'forms' | 'tables' | 'anomalies', Tally>;

/**
 * Extracts each file, scores the lot against `fixtures/gold/<gold>` (or a gold folder's path):
 * the overall figures, and the documents as ingested. Predictions are paired with gold by stem,
 * whatever the file's extension (`d01.xlsx` ↔ `d01.json`).
 */
export async function scoreFiles(files: string[], gold: 'forms' | 'tables' | { dir: string }, opts: IngestOptions = {}): Promise<{ overall: Overall; docs: SourceDocument[] }> {
  const out = mkdtempSync(join(tmpdir(), 'ziping-score-'));
  const docs: SourceDocument[] = [];
  try {
    for (const f of files) {
      const { doc, extraction } = await extractFile(f, undefined, opts);
      docs.push(doc);
      const stem = basename(f).replace(/\.[^.]+$/, '');
      writeFileSync(join(out, `${stem}.json`), JSON.stringify({ ...toInterchange(extraction), source: `${stem}.txt` }));
    }
    const stems = files.map((f) => basename(f).replace(/\.[^.]+$/, '')).join(',');
    const goldDir = typeof gold === 'string' ? fixture(`gold/${gold}`) : gold.dir;
    const json = execFileSync(process.execPath,
      [fixture('eval/score.mjs'), '--gold', goldDir, '--pred', out, '--sources', stems, '--json'], { encoding: 'utf8' });
    // the scorer prints its JSON, then a one-line summary
    return { overall: JSON.parse(json.slice(0, json.lastIndexOf('\noverall:'))).overall, docs };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
