// Bytes → string for every text input: the encoding is detected, not assumed.
// STUB: UTF-8 only; the text-readers work replaces this (BOMs, UTF-16, GB18030).
export interface Decoded { text: string; encoding: string }

export function decodeText(buf: Buffer): Decoded {
  return { text: buf.toString('utf8').replace(/^\uFEFF/, ''), encoding: 'utf-8' };
}
