import { describe, expect, it } from 'vitest';
import { inRegions } from './regions.ts';

describe('inRegions', () => {
  it('marks start ≤ i < end of each region, overlapping or not, and nothing else', () => {
    const inside = inRegions(10, [{ start: 2, end: 4 }, { start: 3, end: 6 }, { start: 9, end: 12 }]);
    expect([...Array(10).keys()].filter(inside)).toEqual([2, 3, 4, 5, 9]);
    expect(inside(-1)).toBe(false);
    expect(inside(11)).toBe(true); // past the lines, still inside the last region
    expect(inside(12)).toBe(false);
  });
});
