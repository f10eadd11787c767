// Known misreadings of form vocabulary, corrected after recognition and recorded.
// Label misreadings shared with re-typed forms live in core (correctLabel); the glyph
// confusions below are the recognisers' own.
import { correctLabel } from '@ziping/core';

const GLYPHS: [RegExp, string][] = [
  [/岀/g, '出'], // 产岀
  [/满意庋|满意虔/g, '满意度'],
  [/指栎|指示(?=值)/g, '指标'],
  [/^(?:>?z|≥z)(?=\d)/, '≥'], // tesseract's "≥1 次" → "z1次"
];

/** Brackets a recogniser garbles without changing what the cell says: fixed silently. */
const PUNCT: [RegExp, string][] = [
  [/[（(](万?元)(?:[)）D]|$)$/, '（$1）'], // 项目资金（元） wrapped in a narrow cell: the lone ） misread
];

const DASH = /^[一_\-－–—]{1,3}$/;

export interface Correction {
  text: string;
  /** The reading before correction when something changed. */
  from?: string;
  rule?: 'lexicon' | 'dash' | 'number' | 'punct';
}

/** A figure with a stray speck read as a point before or after it (`6.25.`, `.100%`). */
const SPECKED_NUMBER = /^[.·。,，]+(?=[\d≥≤<>])|(?<=\d[%‰]?)[.·。,，]+$/g;
const NUMBER_LIKE = /^[.·。,，]*[≥≤<>]?\d[\d,.]*(?:%+|%0|‰)?[.·。,，]*$/;
/** A figure's sign misread: `‰` as `%0` (its two small rings), `%` emitted twice. */
const FIGURE_SIGN: [RegExp, string][] = [[/(?<=\d)%0(?=[.·。,，]*$)/, '‰'], [/%%+/, '%']];

/** A cell's reading after the domain lexicon. */
export function correctReading(text: string): Correction {
  if (text === '') return { text };
  // a lone dash is the forms' "not applicable" mark (—), whatever the recogniser made of it
  if (DASH.test(text)) return text === '—' ? { text } : { text: '—', from: text, rule: 'dash' };
  if (NUMBER_LIKE.test(text)) {
    const n = FIGURE_SIGN.reduce((t, [re, to]) => t.replace(re, to), text).replace(SPECKED_NUMBER, '');
    return n === text ? { text } : { text: n, from: text, rule: 'number' };
  }
  let out = text;
  for (const [re, to] of GLYPHS) out = out.replace(re, to);
  const label = correctLabel(out);
  if (label.corrected) out = label.text;
  if (out !== text) return { text: out, from: text, rule: 'lexicon' };
  for (const [re, to] of PUNCT) out = out.replace(re, to);
  return out === text ? { text } : { text: out, from: text, rule: 'punct' };
}
