// Accuracy on the development corpus (fixtures/corpus: 8 documents in templates beyond the
// seeds, each in several renditions, with exact gold): every document × every rendition it
// has, scored per rendition kind. The floors are the figures the extractor reaches, so a
// change that reads any kind worse fails here. The scans (OCR) are corpus-ocr.test.ts's: a
// file of their own, run beside this one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from './pipeline.ts';
import { fixture, scoreFiles } from './testing/score.ts';

const corpus = fixture('corpus');
const kind = (k: string) => readdirSync(join(corpus, k)).filter((f) => !f.startsWith('.')).sort().map((f) => join(corpus, k, f));

/** Per kind: minimum forms F1, cells F1, anomalies F1. */
const FLOORS: [string, number, number, number][] = [
  ['text', 1, 0.99, 0.99],
  ['csv', 1, 0.99, 0.99],
  ['html', 1, 0.99, 0.99],
  ['xlsx', 1, 0.99, 0.99],
  ['docx', 1, 0.99, 0.99],
  ['pdf', 1, 0.99, 0.99],
  ['pdf-lo', 1, 0.99, 0.99],
  ['layout', 1, 0.99, 0.99],
  // plain pdftotext interleaves the columns: read where rows and names pair up exactly
  ['pdftotext', 1, 0.95, 0.99],
];

describe.each(FLOORS)('corpus rendition %s', (k, forms, cells, anomalies) => {
  it(`reads every document: forms F1 ≥ ${forms}, cells F1 ≥ ${cells}, anomalies F1 ≥ ${anomalies}`, async () => {
    const { overall } = await scoreFiles(kind(k), { dir: join(corpus, 'gold') }, { ocr: false });
    expect(overall.forms.f1).toBeGreaterThanOrEqual(forms);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(cells);
    expect(overall.anomalies.f1).toBeGreaterThanOrEqual(anomalies);
  }, 300_000);
});

// Plain pdftotext: a form whose indicator block cannot be paired up is said, once, instead of guessed.
describe('corpus rendition pdftotext', () => {
  it('reports each form it cannot read with one PARSE warning', async () => {
    for (const file of kind('pdftotext')) {
      const { extraction: x } = await extractFile(file, undefined, { ocr: false });
      x.forms.forEach((f, i) => {
        if (f.indicators.length > 0) return;
        const parse = x.anomalies.filter((a) => a.rule === 'PARSE' && a.form === i);
        expect(parse, `${file} form ${i}`).toHaveLength(1);
        expect(parse[0]!.message).toMatch(/无法可靠/);
      });
    }
  }, 300_000);
});
