// Table accuracy on the seed budget reports (003: tab-separated 部门预算, 004: pdftotext
// 部门决算) against their hand-checked gold, scored by the project's copy of the scorer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInterchange } from '@ziping/core';
import { ingestFile } from '@ziping/ingest';
import { reconstruct } from '../reconstruct.ts';

const root = resolve(import.meta.dirname, '../../../..');
const gold = join(root, 'fixtures/gold/tables');
const scorer = join(root, 'fixtures/eval/score.mjs');

interface Tally { p: number; r: number; f1: number }
let docs: Record<string, Record<'cells' | 'tables', Tally>>;
const out = mkdtempSync(join(tmpdir(), 'ziping-tables-'));

beforeAll(async () => {
  for (const stem of readdirSync(gold).map((f) => basename(f, '.json'))) {
    const doc = await ingestFile(join(root, 'fixtures/seeds', `${stem}.txt`));
    writeFileSync(join(out, `${stem}.json`), JSON.stringify(toInterchange(reconstruct(doc))));
  }
  const json = execFileSync(process.execPath, [scorer, '--gold', gold, '--pred', out, '--json'], { encoding: 'utf8' });
  const parsed: { documents: ({ source: string } & Record<'cells' | 'tables', Tally>)[] } = JSON.parse(json.slice(0, json.lastIndexOf('\noverall:')));
  docs = Object.fromEntries(parsed.documents.map((d) => [d.source, d]));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('accuracy on the seed budget tables', () => {
  for (const stem of ['003_69315ee9fbc7324a', '004_339364824c9abd23']) {
    it(`${stem}: finds every table and no other, and reads the cells (P, R ≥ 0.995)`, () => {
      const d = docs[stem]!;
      expect(d.tables.f1).toBe(1);
      expect(d.cells.p).toBeGreaterThanOrEqual(0.995);
      expect(d.cells.r).toBeGreaterThanOrEqual(0.995);
    });
  }
});
