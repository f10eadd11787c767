// Printed figures are rounded; a recomputation is only wrong if no value that rounds to the
// printed figures could produce the printed result. Every figure becomes the interval of
// values that print the same, and comparisons ask whether intervals meet.

/** Closed interval of the values a figure may stand for. */
export interface Interval { lo: number; hi: number }

const EPS = 1e-9;

/**
 * Decimal places a number was printed with. The extraction keeps only the number, so this is
 * the fewest places that reproduce it (0.7226 → 4, 8.7 → 1); float noise such as
 * 0.7225999999999999 from 72.26 / 100 does not count as extra places.
 */
export function decimals(x: number): number {
  for (let d = 0; d < 10; d++) {
    if (Math.abs(round(x, d) - x) <= EPS * Math.max(1, Math.abs(x))) return d;
  }
  return 10;
}

export const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/** Half of the last printed digit: how far the true value may lie from the printed one. */
export const halfUnit = (x: number, d = decimals(x)): number => 0.5 * 10 ** -d;

/** The values that print as `x`; `scale` converts units (万元 → 元: 10000). */
export function printed(x: number, scale = 1): Interval {
  const h = halfUnit(x);
  return { lo: (x - h) * scale, hi: (x + h) * scale };
}

export const exact = (x: number): Interval => ({ lo: x, hi: x });

export const add = (a: Interval, b: Interval): Interval => ({ lo: a.lo + b.lo, hi: a.hi + b.hi });
export const sub = (a: Interval, b: Interval): Interval => ({ lo: a.lo - b.hi, hi: a.hi - b.lo });

export function mul(a: Interval, b: Interval): Interval {
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: Math.min(...p), hi: Math.max(...p) };
}

/** a / b, or null when b may be zero (nothing can be recomputed from a zero budget). */
export function div(a: Interval, b: Interval): Interval | null {
  if (b.lo <= 0 && b.hi >= 0) return null;
  return mul(a, { lo: 1 / b.hi, hi: 1 / b.lo });
}

export const overlaps = (a: Interval, b: Interval): boolean =>
  a.lo <= b.hi + EPS * Math.max(1, Math.abs(b.hi)) && b.lo <= a.hi + EPS * Math.max(1, Math.abs(a.hi));

/** Whether a printed figure is consistent with a recomputed value or interval. */
export const agrees = (shown: number, computed: number | Interval): boolean =>
  overlaps(printed(shown), typeof computed === 'number' ? exact(computed) : computed);

/**
 * Whether a printed total fits the sum of printed parts. Parts were rounded before the
 * author added them up (or after, from unrounded values), so the sum may drift by one
 * unit of the finest place printed among the parts.
 */
export function sumAgrees(total: number, parts: number[]): boolean {
  const finest = Math.max(0, ...parts.map((p) => decimals(p)));
  const slack = finest > 0 ? 10 ** -finest : 0;
  const sum = parts.reduce((s, p) => s + p, 0);
  return Math.abs(total - sum) <= Math.max(halfUnit(total), slack) + EPS;
}

/**
 * How a rate stored as a fraction was printed: 0.7226 came from "72.26" (percent, 2 places),
 * 0.87 from "0.87" or "87%" — either way the same tolerance, since it is the fraction's places
 * that bound the printed value.
 */
export function rateText(rate: number): string {
  const d = decimals(rate);
  return d > 2 ? `${round(rate * 100, d - 2).toFixed(d - 2)}%` : rate.toFixed(d);
}
