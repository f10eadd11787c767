// Parses an indicator's printed target (`≥2000 人次`, `≤15个工作日`, `约10000个`) into
// operator, value and unit so targets can be compared in SQL.
//
// Decisions:
// - `op` is only what the document states. A bare figure (`100%`, `12个月`) has op null and
//   a value: the store does not guess whether "reach 100%" means = or ≥.
// - 约 / 大约 / ≈ / 左右 set `approx`; the op stays null.
// - 以上 / 以内 / 以下 after the figure read as ≥ / ≤ / ≤ (the usual reading in these forms).
// - Anything that is not one figure with a short unit (`提高`, `2023年12月底前`) is all null.

export type TargetOp = '≥' | '≤' | '>' | '<' | '=';
export interface ParsedTarget {
  op: TargetOp | null;
  value: number | null;
  unit: string | null;
  approx: boolean;
}

const NONE: ParsedTarget = { op: null, value: null, unit: null, approx: false };

// Longest spellings first so `>=` is not read as `>`.
const PREFIX_OPS: [string, TargetOp][] = [
  ['大于等于', '≥'], ['大于或等于', '≥'], ['不低于', '≥'], ['不少于', '≥'], ['至少', '≥'], ['>=', '≥'], ['≥', '≥'], ['≧', '≥'],
  ['小于等于', '≤'], ['小于或等于', '≤'], ['不高于', '≤'], ['不超过', '≤'], ['不多于', '≤'], ['<=', '≤'], ['≤', '≤'], ['≦', '≤'],
  ['大于', '>'], ['高于', '>'], ['超过', '>'], ['>', '>'],
  ['小于', '<'], ['低于', '<'], ['<', '<'],
  ['等于', '='], ['=', '='],
].sort((a, b) => b[0].length - a[0].length) as [string, TargetOp][];
const SUFFIX_OPS: [string, TargetOp][] = [['以上', '≥'], ['以内', '≤'], ['以下', '≤']];
const APPROX_PREFIX = /^(大约|约|≈)/;
const APPROX_SUFFIX = /左右$/;
const FIGURE = /^([+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?)(.*)$/;
const MAX_UNIT = 8;

export function parseTarget(text: string | null | undefined): ParsedTarget {
  if (!text) return NONE;
  // NFKC folds full-width ＞＝％１ into their ASCII forms; white space carries no meaning here.
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  let approx = false;
  let op: TargetOp | null = null;
  if (APPROX_PREFIX.test(s)) [approx, s] = [true, s.replace(APPROX_PREFIX, '')];
  const pre = PREFIX_OPS.find(([w]) => s.startsWith(w));
  if (pre) [op, s] = [pre[1], s.slice(pre[0].length)];
  if (APPROX_SUFFIX.test(s)) [approx, s] = [true, s.replace(APPROX_SUFFIX, '')];
  const suf = SUFFIX_OPS.find(([w]) => s.endsWith(w));
  if (suf && !op) [op, s] = [suf[1], s.slice(0, -suf[0].length)];
  const m = FIGURE.exec(s);
  if (!m) return NONE;
  const unit = m[2];
  if (/\d/.test(unit) || unit.length > MAX_UNIT) return NONE;
  return { op, value: Number(m[1].replace(/,/g, '')), unit: unit || null, approx };
}
