import { describe, expect, it } from 'vitest';
import { agrees, decimals, div, overlaps, printed, rateText, sumAgrees } from './precision.ts';

describe('printed precision', () => {
  it('recovers the places a number was printed with, ignoring float noise', () => {
    expect(decimals(72.26)).toBe(2);
    expect(decimals(0.7226)).toBe(4);
    expect(decimals(72.26 / 100)).toBe(4);
    expect(decimals(8.7)).toBe(1);
    expect(decimals(100)).toBe(0);
  });

  it('accepts a figure that rounds from the recomputed value', () => {
    expect(agrees(72.26, 72.2577)).toBe(true);
    expect(agrees(0.87, 0.8678)).toBe(true);
    expect(agrees(7.23, 7.2258)).toBe(true);
    expect(agrees(72.26, 72.2677)).toBe(false);
    expect(agrees(0.87, 0.8578)).toBe(false);
  });

  it('reads a rate stored as a fraction at the percent places it was printed with', () => {
    expect(rateText(0.7226)).toBe('72.26%');
    expect(rateText(0.87)).toBe('0.87');
    // 6.25 / 8.65 = 0.72254 but the amounts are rounded: 62,502.5 / 86,500 = 0.722572.
    expect(overlaps(printed(0.7226), div(printed(6.25), printed(8.65))!)).toBe(true);
    expect(overlaps(printed(0.7226), div(printed(6.1), printed(8.65))!)).toBe(false);
  });

  it('has no ratio for a zero budget', () => {
    expect(div(printed(0), printed(0))).toBeNull();
  });

  it('lets a sum of rounded parts drift by one unit of the finest place', () => {
    expect(sumAgrees(95.23, [7.23, 88])).toBe(true);
    expect(sumAgrees(94.15, [9.48, 4.66, 80])).toBe(true);
    expect(sumAgrees(98.48, [9, 84.48])).toBe(false);
  });
});
