// The non-blank lines of a region, text cleaned, each keeping its source line for provenance.
import type { Prov, TextLine } from '@ziping/core';
import { provOf } from '../form.ts';
import { clean } from '../text.ts';

export interface SLine {
  src: TextLine;
  /** The line's text, white space runs collapsed. */
  text: string;
}

export function nonBlank(lines: TextLine[], from: number, to: number): SLine[] {
  const out: SLine[] = [];
  for (let i = from; i < to; i++) {
    const text = clean(lines[i]!.text);
    if (text !== '') out.push({ src: lines[i]!, text });
  }
  return out;
}

/** Provenance of a run of lines (first to last). */
export const provSpan = (ls: SLine[]): Prov => provOf(ls[0]!.src, ls[ls.length - 1]!.src);
