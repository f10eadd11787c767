// Test helper: SLines from plain strings, numbered from 1.
import type { SLine } from './lines.ts';

export const slines = (texts: string[], first = 1): SLine[] =>
  texts.map((text, i) => ({ src: { page: 1, line: first + i, text, cells: [{ text, col: 0 }] }, text }));
