// A tabbed row as its non-empty cells, with the column each sits in.
import type { TextLine } from '@ziping/core';

export interface Cell { col: number; text: string; bbox?: [number, number, number, number] }

export const cellsOf = (l: TextLine): Cell[] =>
  l.cells.filter((c) => c.text !== '').map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ').trim() }));
