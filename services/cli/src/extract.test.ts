import { ExtractDocSchema } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

describe('ziping extract', () => {
  it('prints a form-extract/v1 document for a seed', async () => {
    const r = await runCli(['extract', 'fixtures/seeds/000_ca0dcd0154b0e201.txt']);
    expect(r.code).toBe(0);
    const doc = ExtractDocSchema.parse(JSON.parse(r.stdout));
    expect(doc.source).toBe('000_ca0dcd0154b0e201.txt');
    expect(r.stdout).toContain('\n  "format": "form-extract/v1"');
  });

  it('keeps provenance only when asked', async () => {
    const plain = await runCli(['extract', 'fixtures/seeds/000_ca0dcd0154b0e201.txt']);
    const withProv = await runCli(['extract', 'fixtures/seeds/000_ca0dcd0154b0e201.txt', '--provenance']);
    expect(plain.stdout).not.toContain('"prov"');
    expect(JSON.parse(withProv.stdout).forms[0]).toHaveProperty('prov');
  });

  it.each([
    ['fixtures/bad/missing.txt', /^ziping extract: NOT_FOUND: fixtures\/bad\/missing\.txt: no such file\n$/],
    ['fixtures/bad/empty.txt', /^ziping extract: EMPTY_FILE: fixtures\/bad\/empty\.txt: the file is empty\n$/],
    ['fixtures/bad/junk.bin', /^ziping extract: BINARY_JUNK: fixtures\/bad\/junk\.bin: .*binary/],
  ])('fails on %s with exit 1 and a message naming the code and the file', async (file, message) => {
    const r = await runCli(['extract', file]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(message);
  });

  it('rejects bad usage with exit 2', async () => {
    expect((await runCli(['extract'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});
