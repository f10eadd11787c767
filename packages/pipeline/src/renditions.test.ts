// Accuracy on renditions made here of documents whose readers were tuned on other renditions
// (fixtures/renditions/README.md): the same floors guard how well a reader generalises.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from './pipeline.ts';
import { fixture, scoreFiles } from './testing/score.ts';

const files = (k: string) => readdirSync(fixture(join('renditions', k))).filter((f) => !f.startsWith('.')).sort().map((f) => fixture(join('renditions', k, f)));
const corpusGold = { dir: fixture('corpus/gold') };
const novelGold = { dir: fixture('renditions/novel-gold') };
const novel3Gold = { dir: fixture('renditions/novel3-gold') };

/** Per folder: its gold, minimum forms F1, cells F1, anomalies F1. */
const FLOORS: [string, 'tables' | { dir: string }, number, number, number][] = [
  ['layout-pdf', corpusGold, 1, 0.99, 0.95],
  ['layout-pdf-lo', corpusGold, 1, 0.99, 0.95],
  ['pdftotext-pdf', corpusGold, 1, 0.83, 0.6],
  ['pdf-chrome', corpusGold, 1, 0.99, 0.95],
  ['html-budget', 'tables', 1, 0.99, 0.95],
  ['xlsx-budget', 'tables', 1, 0.99, 0.9],
  ['novel-html', novelGold, 1, 0.99, 0.95],
  ['novel-text', novelGold, 1, 0.99, 0.95],
  ['novel-layout', novelGold, 1, 0.99, 0.95],
  ['novel-pdf-lo', novelGold, 1, 0.99, 0.95],
  ['novel3-html', novel3Gold, 1, 0.99, 0.95],
  ['novel3-text', novel3Gold, 1, 0.99, 0.95],
  ['novel3-docx', novel3Gold, 1, 0.99, 0.95],
  ['novel3-xlsx', novel3Gold, 1, 0.99, 0.95],
  ['novel3-pdf-lo', novel3Gold, 1, 0.99, 0.95],
  // narrow columns wrapped over lines: read in part, a false anomaly or two
  ['novel3-layout', novel3Gold, 1, 0.8, 0.6],
];

describe.each(FLOORS)('renditions %s', (k, gold, forms, cells, anomalies) => {
  it(`forms F1 ≥ ${forms}, cells F1 ≥ ${cells}, anomalies F1 ≥ ${anomalies}`, async () => {
    const { overall } = await scoreFiles(files(k), gold, { ocr: false });
    expect(overall.forms.f1).toBeGreaterThanOrEqual(forms);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(cells);
    expect(overall.anomalies.f1).toBeGreaterThanOrEqual(anomalies);
  }, 300_000);
});

// Plain pdftotext of the LibreOffice PDFs prints most indicator tables one cell per line with
// the header labels among the values: those forms are said, once each, never guessed.
describe('renditions novel-pdftotext', () => {
  it('reads what it reads precisely and reports every form it cannot read with one PARSE warning', async () => {
    let unread = 0;
    for (const file of files('novel-pdftotext')) {
      const { extraction: x } = await extractFile(file, undefined, { ocr: false });
      x.forms.forEach((f, i) => {
        if (f.indicators.length > 0) return;
        unread++;
        const parse = x.anomalies.filter((a) => a.rule === 'PARSE' && a.form === i);
        expect(parse, `${file} form ${i}`).toHaveLength(1);
        expect(parse[0]!.message).toMatch(/无法可靠/);
      });
    }
    expect(unread).toBeGreaterThan(0);
    const { overall } = await scoreFiles(files('novel-pdftotext'), novelGold, { ocr: false });
    expect(overall.cells.p).toBeGreaterThanOrEqual(0.9);
    expect(overall.forms.f1).toBeGreaterThanOrEqual(0.8);
  }, 300_000);
});
