// Decide what a file is from its bytes, not its name: uploads are often misnamed.
import type { MediaType } from '@ziping/core';
import { isOle } from './office/cfb.ts';
import { OFFICE_TYPE, officeKind } from './office/ooxml.ts';
import { detectEncoding } from './text/decode.ts';

/**
 * An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): a legacy .doc / .xls / .ppt, a WPS file or a
 * password-protected .xlsx / .docx. Not read directly: office/legacy.ts says which it is.
 */
export const OLE_TYPE = 'application/x-ole-storage';

export function sniffMediaType(buf: Buffer): MediaType | typeof OLE_TYPE | 'binary' | 'empty' {
  if (buf.length === 0) return 'empty';
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf[0] === 0x89 && buf.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  const tiff = buf.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'image/tiff';
  if (isOle(buf)) return OLE_TYPE;
  // A ZIP is an Office document by its parts ([Content_Types].xml and the main part), whatever its name.
  if (buf.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    const office = officeKind(buf);
    return office ? OFFICE_TYPE[office] : 'binary';
  }
  return looksLikeText(buf) ? 'text/plain' : 'binary';
}

/**
 * Text in an encoding decodeText reads (UTF-8, UTF-16 with BOM, GB18030) with almost no control
 * characters. Binary junk has NULs or many controls, or decodes in none of them.
 */
function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 64 * 1024);
  const enc = detectEncoding(sample);
  if (enc === 'utf-16le' || enc === 'utf-16be') {
    // NUL bytes are half of UTF-16: count control characters among the decoded ones instead.
    const text = new TextDecoder(enc).decode(sample);
    return fewControls([...text].map((c) => c.charCodeAt(0)));
  }
  if (sample.includes(0) || !fewControls(sample)) return false;
  return enc !== null;
}

function fewControls(codes: Iterable<number>): boolean {
  let control = 0;
  let n = 0;
  for (const c of codes) {
    n++;
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control <= n * 0.01;
}
