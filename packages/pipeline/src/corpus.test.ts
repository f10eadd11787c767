// Accuracy on the development corpus (fixtures/corpus: 8 documents in templates beyond the
// seeds, each in several renditions, with exact gold): every document × every rendition it
// has, scored per rendition kind. The floors are the figures the extractor reaches, so a
// change that reads any kind worse fails here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, scoreFiles } from './testing/score.ts';

const corpus = fixture('corpus');
const kind = (k: string) => readdirSync(join(corpus, k)).filter((f) => !f.startsWith('.')).sort().map((f) => join(corpus, k, f));

/** Per kind: minimum forms F1, cells F1, anomalies F1. */
const FLOORS: [string, number, number, number][] = [
  ['text', 1, 0.99, 0.99],
  ['csv', 1, 0.99, 0.99],
  ['html', 1, 0.99, 0.99],
  ['pdf', 1, 0.97, 0.9],
  ['pdf-lo', 1, 0.99, 0.99],
];

describe.each(FLOORS)('corpus rendition %s', (k, forms, cells, anomalies) => {
  it(`reads every document: forms F1 ≥ ${forms}, cells F1 ≥ ${cells}, anomalies F1 ≥ ${anomalies}`, async () => {
    const { overall } = await scoreFiles(kind(k), { dir: join(corpus, 'gold') }, { ocr: false });
    expect(overall.forms.f1).toBeGreaterThanOrEqual(forms);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(cells);
    expect(overall.anomalies.f1).toBeGreaterThanOrEqual(anomalies);
  }, 300_000);
});
