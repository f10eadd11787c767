// Extraction accuracy on a scan: the whole pipeline (ingest → OCR with the default engine →
// reconstruct → validate) on fixtures/scans/000_ca0dcd0154b0e201.pdf (an image-only PDF made
// by scripts/make-fixture-scans.ts from fixtures/pdf/000_…pdf), scored against the same gold
// as the text-layer seeds. 8 pages of OCR: ~40 s on a quiet 2-core machine.
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr } from '@ziping/ingest';
import { DEFAULT_ENGINE } from '@ziping/ocr';
import { fixture, scoreFiles } from './testing/score.ts';

afterAll(() => closeOcr());

describe(`accuracy on the scan of seed 000 (OCR, ${DEFAULT_ENGINE})`, () => {
  it('reads the scan with the default engine: every form, cells F1 ≥ 0.90', async () => {
    const { overall, docs } = await scoreFiles([fixture('scans/000_ca0dcd0154b0e201.pdf')], 'forms');
    expect(docs[0]!.ocr?.engine).toBe(DEFAULT_ENGINE);
    expect(overall.forms.f1).toBe(1);
    expect(overall.cells.f1).toBeGreaterThanOrEqual(0.9);
  }, 240_000); // the machine is shared: allow for a loaded CPU
});
