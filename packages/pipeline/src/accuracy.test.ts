// Extraction accuracy on the seed documents, as text dumps and as the project's fixture PDFs
// (ruled and borderless), against their hand-checked gold; budget tables of 003 and 004 too.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, scoreFiles } from './testing/score.ts';

const stems = readdirSync(fixture('gold/forms')).map((f) => basename(f, '.json'));
const PDF_STEMS = ['000_ca0dcd0154b0e201', '001_ba783ae97283a765', '004_339364824c9abd23'];

describe.each([
  ['text dumps', stems.map((s) => fixture(`seeds/${s}.txt`))],
  ['ruled PDFs', PDF_STEMS.map((s) => fixture(`pdf/${s}.pdf`))],
  ['borderless PDFs', PDF_STEMS.map((s) => fixture(`pdf/borderless/${s}.pdf`))],
])('accuracy on the seed forms: %s', (_name, files) => {
  it('finds every form and no other, and reads the cells with F1 ≥ 0.97', async () => {
    const { overall } = await scoreFiles(files, 'forms', { ocr: false });
    expect(overall.forms.f1).toBe(1);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(0.97);
  });
});

describe('accuracy on the seed budget tables', () => {
  for (const stem of readdirSync(fixture('gold/tables')).map((f) => basename(f, '.json'))) {
    it(`${stem}: finds every table and no other, and reads the cells (P, R ≥ 0.995)`, async () => {
      const { overall } = await scoreFiles([fixture(`seeds/${stem}.txt`)], 'tables');
      expect(overall.tables.f1).toBe(1);
      expect(overall.cells.p).toBeGreaterThanOrEqual(0.995);
      expect(overall.cells.r).toBeGreaterThanOrEqual(0.995);
    });
  }
});
