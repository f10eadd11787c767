// Extraction accuracy on the seed documents against their hand-checked gold (copied into
// fixtures/ so a fresh clone can run it), scored by the project's copy of the shared scorer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInterchange } from '@ziping/core';
import { extractFile } from './pipeline.ts';

const root = resolve(import.meta.dirname, '../../..');
const seeds = join(root, 'fixtures/seeds');
const goldForms = join(root, 'fixtures/gold/forms');
const scorer = join(root, 'fixtures/eval/score.mjs');

interface Tally { p: number; r: number; f1: number }
let overall: Record<'cells' | 'forms' | 'anomalies', Tally>;
const out = mkdtempSync(join(tmpdir(), 'ziping-accuracy-'));

beforeAll(async () => {
  const stems = readdirSync(goldForms).map((f) => basename(f, '.json'));
  for (const stem of stems) {
    const { extraction } = await extractFile(join(seeds, `${stem}.txt`));
    writeFileSync(join(out, `${stem}.json`), JSON.stringify(toInterchange(extraction)));
  }
  const json = execFileSync(process.execPath, [scorer, '--gold', goldForms, '--pred', out, '--json'], { encoding: 'utf8' });
  // the scorer prints its JSON, then a one-line summary
  overall = JSON.parse(json.slice(0, json.lastIndexOf('\noverall:'))).overall;
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('accuracy on the seed forms', () => {
  it('finds every form and no other', () => {
    expect(overall.forms.f1).toBe(1);
  });
  it('reads the cells with F1 ≥ 0.97', () => {
    expect(overall.cells.f1).toBeGreaterThanOrEqual(0.97);
  });
});
