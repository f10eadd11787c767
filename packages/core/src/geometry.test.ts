import { describe, expect, it } from 'vitest';
import { cluster } from './geometry.ts';

describe('cluster', () => {
  it('merges runs of close values into their mean, in order', () => {
    expect(cluster([10, 50.5, 10.4, 50, 90], 1)).toEqual([10.2, 50.25, 90]);
  });
  it('chains neighbours: each value is compared with the previous one', () => {
    const [a, b] = cluster([0, 0.8, 1.6, 5], 1);
    expect(a).toBeCloseTo(0.8, 9);
    expect(b).toBe(5);
  });
});
