import { describe, expect, it } from 'vitest';
import { withSpaces } from './spacing.ts';
import type { InkMask } from './textlines.ts';

// two 24-pixel characters at x 0–24 and 48–72 of a 24-pixel line: a 24-pixel gap between them
const W = 80, H = 24;
const line = { x0: 0, y0: 0, x1: 72, y1: 24 };
const mask = (dot?: [number, number]): Required<InkMask> => {
  const ink = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (const x0 of [0, 48]) for (let x = x0; x < x0 + 24; x++) ink[y * W + x] = 1;
  const fine = new Uint8Array(ink);
  if (dot) for (let y = dot[1]; y < dot[1] + 3; y++) for (let x = dot[0]; x < dot[0] + 3; x++) fine[y * W + x] = 1;
  return { width: W, height: H, ink, fine };
};
const reading = (text: string) => ({ text, confidence: 0.99, xs: [12, 60] });

describe('what a recogniser drops between two Chinese characters', () => {
  it('puts back the space a blank stretch stands for', () => {
    expect(withSpaces(reading('人天'), mask(), line).text).toBe('人 天');
  });

  it('puts back a middle dot where a small mark sits in the middle of the gap', () => {
    expect(withSpaces(reading('人天'), mask([35, 10]), line).text).toBe('人·天');
  });

  it('keeps a space where the mark is low (a speck, not a dot of the print) or off centre', () => {
    expect(withSpaces(reading('人天'), mask([35, 20]), line).text).toBe('人 天');
    expect(withSpaces(reading('人天'), mask([25, 10]), line).text).toBe('人 天');
  });

  it('adds nothing next to a figure', () => {
    expect(withSpaces(reading('人5'), mask([35, 10]), line).text).toBe('人5');
  });
});
