// Accuracy on the development corpus's scans (fixtures/corpus/scan and png, read by OCR),
// scored against the exact gold like every other rendition in corpus.test.ts. A file of its
// own so that its minutes of OCR run beside the other files instead of after them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, scoreFiles } from './testing/score.ts';

const corpus = fixture('corpus');
const kind = (k: string) => readdirSync(join(corpus, k)).filter((f) => !f.startsWith('.')).sort().map((f) => join(corpus, k, f));

// Scans: every planted contradiction found, and no finding on a clean form.
describe.each([['scan', 0.99], ['png', 0.99]] as const)('corpus rendition %s (OCR)', (k, cells) => {
  it(`reads every document: forms F1 1, cells F1 ≥ ${cells}, anomalies F1 ≥ 0.9`, async () => {
    const { overall } = await scoreFiles(kind(k), { dir: join(corpus, 'gold') });
    expect(overall.forms.f1).toBe(1);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(cells);
    expect(overall.anomalies.f1).toBeGreaterThanOrEqual(0.9);
  }, 600_000);
});
