// Small text helpers shared by the layouts.

/** Runs of white space collapsed to one space, ends trimmed (FORMAT.md: "as printed"). */
export const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** All white space removed: for matching labels that the layout split ("一级 指标"). */
export const squash = (s: string): string => s.replace(/\s+/g, '');

/** Placeholder cells that mean "nothing here" rather than a value. */
export const isDash = (s: string): boolean => /^[—–\-－一]+$/.test(squash(s)) || /^-{2,}$/.test(squash(s));

/**
 * A printed number: `31611787.00`, `86,500`, `72.26%`, `95.23`. Returns undefined when the
 * text is not a bare number (a unit or words around it), null for a dash placeholder.
 */
export function parseNumber(text: string): number | null | undefined {
  const t = squash(text).replace(/[，,](?=\d{3}(\D|$))/g, '');
  if (t === '') return undefined;
  if (isDash(t)) return null;
  const m = /^([+-]?\d+(?:\.\d+)?)(%)?$/.exec(t);
  if (!m) return undefined;
  return m[2] ? Number(m[1]) / 100 : Number(m[1]);
}

/** A bare number as 分值 / 得分 are printed: digits, no unit, no percent sign. */
export const isBareNumber = (t: string): boolean => /^[+-]?\d+(\.\d+)?$/.test(squash(t));

/** Number of decimals a printed number shows (`72.26` → 2), for precision-aware checks. */
export const printedDecimals = (text: string): number => {
  const m = /\.(\d+)/.exec(squash(text));
  return m ? m[1]!.length : 0;
};

/**
 * An execution rate as a fraction. Forms print it as `0.87`, `87%` or `72.26` (a percent
 * without the sign); a bare number above 1 is read as a percent.
 */
export function parseRate(text: string): number | null | undefined {
  const t = squash(text);
  const n = parseNumber(t);
  if (n == null) return n;
  if (t.endsWith('%')) return round(n, 6);
  return n > 1 ? round(n / 100, 6) : n;
}

/** A cell that says "nothing here": a dash or a slash (normalisation folded the full-width one). */
export const isBlankMark = (s: string): boolean => isDash(s) || squash(s) === '/';

/** The year a title names (`某县2022年度项目支出绩效自评表` → 2022). */
export function yearIn(title: string): number | null {
  const m = /(\d{4})\s*年/.exec(title);
  return m ? Number(m[1]) : null;
}

/** Drops a leading organisation code: `0102025 某市某局`, `0102025001某市某局`, `303-某局`. */
export const dropOrgCode = (s: string): string =>
  s.replace(/^\d{3,}(?:\s*[-－—]\s*|\s+|(?=[^\d年月日号万亿元个次人%．.，,、\s]))(?=\S)/, '');

export const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
