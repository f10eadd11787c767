// Bytes → string for every text input: the encoding is detected, not assumed. Chinese
// government files come as UTF-8 (with or without BOM), UTF-16 with BOM (Windows "Unicode"
// exports) and GB18030/GBK (older tools, Windows "ANSI" in a Chinese locale).
export interface Decoded { text: string; encoding: string }

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Decodes cleanly, or null. `stream` tolerates a sequence cut at the end of a sample. */
function tryDecode(enc: string, buf: Uint8Array): string | null {
  try {
    return new TextDecoder(enc, { fatal: true }).decode(buf, { stream: true });
  } catch {
    return null;
  }
}

// CJK ideographs, CJK punctuation, full-width forms, and the symbols GB2312 carries with them
// (“” — … ° × ≥ ℃ ① ■).
const CJKISH = /[\u00b0-\u00b7\u00d7\u00f7\u2010-\u206f\u2100-\u22ff\u2460-\u25ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

/** Mostly CJK among the non-ASCII characters: what real GB18030 text decodes to (mis-detected bytes give rare symbols). */
function mostlyCjk(text: string): boolean {
  let wide = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (CJKISH.test(ch)) wide++;
    else other++;
  }
  return wide > 0 && wide >= (wide + other) * 0.9;
}

/** The encoding of a text (or a sample of its first bytes), or null when it is none of these. */
export function detectEncoding(buf: Uint8Array): TextEncoding | null {
  if (buf[0] === 0xff && buf[1] === 0xfe) return tryDecode('utf-16le', buf) !== null ? 'utf-16le' : null;
  if (buf[0] === 0xfe && buf[1] === 0xff) return tryDecode('utf-16be', buf) !== null ? 'utf-16be' : null;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  const bomless = utf16Order(buf);
  if (bomless) return tryDecode(bomless, buf) !== null ? bomless : null;
  const gb = () => {
    const text = tryDecode('gb18030', buf);
    return text !== null && mostlyCjk(text);
  };
  const utf8 = tryDecode('utf-8', buf);
  // A few GB18030 characters can be valid UTF-8 by chance (two common ideographs, CD A9 CF AA, also read as ͩϪ); a
  // Chinese document without a single CJK character under UTF-8 is then better read as GB18030.
  if (utf8 !== null) return !CJKISH.test(utf8) && /[^\x00-\x7f]/.test(utf8) && gb() ? 'gb18030' : 'utf-8';
  // GB18030 read as UTF-8 gives replacement characters everywhere; UTF-8 with a stray broken
  // sequence still fails as GB18030 (the next newline, space or digit after an odd byte breaks it).
  if (gb()) return 'gb18030';
  const lossy = new TextDecoder('utf-8').decode(buf);
  return (lossy.match(/\uFFFD/g) ?? []).length <= Math.max(2, lossy.length * 0.001) ? 'utf-8' : null;
}

/**
 * UTF-16 without a BOM (some exporters write none): its ASCII characters (digits, tabs, line
 * ends) put a NUL in every other byte, on one side only. Text in any 8-bit encoding has no NULs.
 */
function utf16Order(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, 64 * 1024) & ~1;
  if (n < 16) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.05 && even <= odd * 0.2) return 'utf-16le';
  if (even >= pairs * 0.05 && odd <= even * 0.2) return 'utf-16be';
  return null;
}

export function decodeText(buf: Uint8Array): Decoded {
  const encoding = detectEncoding(buf) ?? 'utf-8';
  // TextDecoder drops a UTF-8/UTF-16 BOM; GB18030's own BOM (84 31 95 33) decodes to U+FEFF.
  const text = new TextDecoder(encoding).decode(buf).replace(/^\uFEFF/, '');
  return { text, encoding };
}
