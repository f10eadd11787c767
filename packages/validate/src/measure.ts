// Indicator targets and actuals as numbers: "≥2000 人次", "约 845 组", "=12个月", "97.5%".
// Anything else (提高, 合规, 足额到位, a date, a range) is qualitative and yields null.

export type Direction = 'at-least' | 'at-most';
export interface Measure { value: number; unit: string; direction: Direction }

const OPS: [RegExp, Direction][] = [
  [/^(≥|>=|＞=|>|＞|大于等于|大于|不低于|不少于)/, 'at-least'],
  [/^(≤|<=|＜=|<|＜|小于等于|小于|不高于|不超过|低于)/, 'at-most'],
  // "=", "约" and no operator all mean a figure to reach.
  [/^(=|＝|约为|约)/, 'at-least'],
];

export function measure(text: string | null): Measure | null {
  if (text == null) return null;
  let s = text.replace(/\s+/g, '').replace(/“|”|"/g, '');
  let direction: Direction = 'at-least';
  for (const [re, dir] of OPS) {
    const m = re.exec(s);
    if (m) { direction = dir; s = s.slice(m[0].length); break; }
  }
  const m = /^(\d+(?:\.\d+)?)([^\d.,，、;；:：]{0,6})$/.exec(s);
  if (!m) return null;
  return { value: Number(m[1]), unit: m[2]!, direction };
}

/**
 * The score published practice gives: full marks when the actual meets the target, else
 * actual / target × 分值 (target / actual for an upper bound). Null when the two are not
 * comparable (different units, a zero target).
 */
export function ruleScore(target: Measure, actual: Measure, weight: number): number | null {
  if (actual.unit !== '' && actual.unit !== target.unit) return null;
  if (target.direction === 'at-least') {
    if (actual.value >= target.value) return weight;
    return target.value > 0 ? (actual.value / target.value) * weight : null;
  }
  if (actual.value <= target.value) return weight;
  return (target.value / actual.value) * weight;
}
