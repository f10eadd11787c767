// Summaries the benches print: other agents share this machine's CPUs, so a figure is given as
// the median of several rounds with its range, next to the load average it was measured under.
import { loadavg } from 'node:os';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `median (min–max)` of a sample. */
export const spread = (xs: number[], digits: number): string =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

/** The 1, 5 and 15 minute load averages. */
export const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
