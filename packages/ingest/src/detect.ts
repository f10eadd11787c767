// Decide what a file is from its bytes, not its name: uploads are often misnamed.
import type { MediaType } from '@ziping/core';

export function sniffMediaType(buf: Buffer): MediaType | 'binary' | 'empty' {
  if (buf.length === 0) return 'empty';
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf[0] === 0x89 && buf.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  const tiff = buf.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'image/tiff';
  return looksLikeText(buf) ? 'text/plain' : 'binary';
}

/** UTF-8 that decodes cleanly with almost no control characters. */
function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > sample.length * 0.01) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(sample);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  return bad <= Math.max(2, text.length * 0.001);
}
