// Accuracy on renditions made here of documents whose readers were tuned on other renditions
// (fixtures/renditions/README.md): the same floors guard how well a reader generalises.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, scoreFiles } from './testing/score.ts';

const files = (k: string) => readdirSync(fixture(join('renditions', k))).filter((f) => !f.startsWith('.')).sort().map((f) => fixture(join('renditions', k, f)));
const corpusGold = { dir: fixture('corpus/gold') };
const novelGold = { dir: fixture('renditions/novel-gold') };

/** Per folder: its gold, minimum forms F1, cells F1, anomalies F1. */
const FLOORS: [string, 'tables' | { dir: string }, number, number, number][] = [
  ['layout-pdf', corpusGold, 1, 0.99, 0.95],
  ['layout-pdf-lo', corpusGold, 1, 0.99, 0.95],
  ['pdftotext-pdf', corpusGold, 0.8, 0.7, 0],
  ['pdf-chrome', corpusGold, 1, 0.99, 0.95],
  ['html-budget', 'tables', 1, 0.99, 0.95],
  ['xlsx-budget', 'tables', 1, 0.99, 0.9],
  ['novel-html', novelGold, 1, 0.99, 0.95],
  ['novel-text', novelGold, 1, 0.99, 0.95],
  ['novel-layout', novelGold, 1, 0.99, 0.95],
  ['novel-pdf-lo', novelGold, 1, 0.99, 0.95],
];

describe.each(FLOORS)('renditions %s', (k, gold, forms, cells, anomalies) => {
  it(`forms F1 ≥ ${forms}, cells F1 ≥ ${cells}, anomalies F1 ≥ ${anomalies}`, async () => {
    const { overall } = await scoreFiles(files(k), gold, { ocr: false });
    expect(overall.forms.f1).toBeGreaterThanOrEqual(forms);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(cells);
    expect(overall.anomalies.f1).toBeGreaterThanOrEqual(anomalies);
  }, 300_000);
});
