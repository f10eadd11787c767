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

/** The element at ⌊q·n⌋ of the sorted sample (q = 0.95: the p95). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** GNU time (Debian package `time`): a child's CPU seconds and peak RSS, which node cannot see. */
export const GNU_TIME = '/usr/bin/time';
/** The `-f` format that `timeOf` reads. */
export const TIME_FORMAT = '%e %U %S %M';

/** Wall and CPU (user + sys) seconds and peak RSS from the last stderr line of a run under `GNU_TIME -f TIME_FORMAT`; null if it is not there. */
export function timeOf(stderr: string): { wall: number; cpu: number; rssMiB: number } | null {
  const [wall, user, sys, kib, ...rest] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (rest.length || ![wall, user, sys, kib].every((x) => x !== undefined && Number.isFinite(x))) return null;
  return { wall: wall!, cpu: user! + sys!, rssMiB: kib! / 1024 };
}
