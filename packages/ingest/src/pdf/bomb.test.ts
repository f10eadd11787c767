import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '@ziping/core';
import { checkPdfStreams } from './bomb.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A PDF object holding `unpacked` zero bytes as a Flate stream; `end` false cuts it off before `endstream`. */
function object(n: number, unpacked: number, { dict = '', end = true } = {}): Buffer {
  const data = deflateSync(Buffer.alloc(unpacked));
  const head = `${n} 0 obj\n<< /Length ${data.length} /Filter /FlateDecode ${dict}>>\nstream\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from(end ? '\nendstream\nendobj\n' : '', 'latin1')]);
}
const pdf = (...objects: Buffer[]) => Buffer.concat([Buffer.from('%PDF-1.7\n'), ...objects, Buffer.from('%%EOF\n')]);
const failure = (buf: Buffer, limit: number) => {
  try {
    checkPdfStreams(buf, '/in/x.pdf', limit);
  } catch (e) {
    return e;
  }
  return null;
};

describe('checkPdfStreams', () => {
  it('counts what all Flate streams unpack to against one budget', () => {
    expect(failure(pdf(object(1, 600 * KiB)), MiB)).toBeNull();
    const two = pdf(object(1, 600 * KiB), object(2, 600 * KiB));
    const err = failure(two, MiB);
    expect(err).toBeInstanceOf(InputError);
    // the second stream's keyword: the first `stream` after the first `endstream`
    const second = two.indexOf('stream\n', two.indexOf('endstream') + 'endstream'.length);
    expect(err).toMatchObject({ code: 'TOO_LARGE', file: '/in/x.pdf' });
    expect((err as Error).message).toContain(`the stream at byte ${second}`);
  });

  it('leaves images out (they are decoded only for OCR, page by page)', () => {
    const image = object(2, 2 * MiB, { dict: '/Type /XObject /Subtype /Image /Width 1024 /Height 2048 ' });
    expect(failure(pdf(object(1, 600 * KiB), image), MiB)).toBeNull();
    expect(failure(pdf(object(1, 600 * KiB), object(2, 2 * MiB)), MiB)).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('counts a stream cut off before its endstream, up to the end of the file', () => {
    expect(failure(pdf(object(1, 2 * MiB, { end: false })), MiB)).toMatchObject({ code: 'TOO_LARGE' });
    // `stream` keywords without a Flate dictionary before them count for nothing; the streams after them do
    const words = Buffer.from('stream\nendstream stream\n'.repeat(10_000));
    expect(failure(Buffer.concat([words, object(1, 600 * KiB), words]), MiB)).toBeNull();
    expect(failure(Buffer.concat([words, object(1, 600 * KiB), words, object(2, 600 * KiB)]), MiB)).toMatchObject({ code: 'TOO_LARGE' });
  });
});
