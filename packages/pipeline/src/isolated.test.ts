// The isolated extraction gives what the in-process pipeline gives — OCR included, since
// onnxruntime must load in the child too — and errors keep their type across the process.
import { fileURLToPath } from 'node:url';
import { InputError } from '@ziping/core';
import { closeOcr } from '@ziping/ingest';
import { afterAll, describe, expect, it } from 'vitest';
import { IsolatedExtractor } from './isolated.ts';
import { extractFile } from './pipeline.ts';

const FIXTURE = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));
const OCR = { engine: 'paddle', dpi: 200, workers: 1 } as const;

describe('IsolatedExtractor', { timeout: 300_000 }, () => {
  const x = new IsolatedExtractor({ timeoutMs: 240_000, maxMemoryMb: 1024, ingest: { ocr: OCR } });
  afterAll(async () => {
    await x.close();
    await closeOcr();
  });

  it('reads a scanned form by OCR in the child exactly as in process', async () => {
    const file = FIXTURE('corpus/png/d02_luzhou_scjg_2023.png');
    const isolated = await x.extract(file);
    expect(isolated.doc.ocr?.engine).toBe('paddle');
    expect(isolated.extraction.forms.length).toBeGreaterThan(0);
    expect(isolated).toEqual(await extractFile(file, undefined, { ocr: OCR }));
  });

  it('hands back an InputError with its code, and goes on with the same child', async () => {
    const e = await x.extract(FIXTURE('bad/empty.txt')).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'EMPTY_FILE', file: FIXTURE('bad/empty.txt'), message: `${FIXTURE('bad/empty.txt')}: the file is empty` });
    expect(await x.facts(FIXTURE('bad/empty.txt'))).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // sha256 of no bytes
      bytes: 0,
    });
    expect(await x.facts(FIXTURE('bad/missing.txt'))).toBeNull();
  });
});
