// Token shapes of space-separated form text, and the split of an indicator's values line
// (`name target actual weight score deviation`) when cells themselves contain spaces.
import { clean, isBareNumber, parseNumber, squash } from '../text.ts';
import { levelOf } from '../vocab.ts';

export const tokensOf = (text: string): string[] => clean(text).split(' ').filter((t) => t !== '');


/** A funding value cell: number, percent or dash placeholder. */
export const isFundingValue = (t: string): boolean => parseNumber(t) !== undefined;

const OP_CHARS = /[≥≤<>＜＞≦≧=＝]/;
const OP_WORD = /^(约|近|超|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|高于|低于|达到|超过|≥|≤|>|<|＞|＜|≧|≦|>=|<=|=)$/;
const SENTENCE = /[，。；！？,;!?]/;

/**
 * N bare number, P percent, O number with a comparison (`≥322.5`, `90%≤预算执行率≤100%`),
 * W a comparison word standing alone (`约`), U a short word without digits (a unit like `万人`,
 * `次/月`, or a one-word value like `完成`), T longer text.
 */
export type TokenClass = 'N' | 'P' | 'O' | 'W' | 'U' | 'T';

export function classOf(t: string): TokenClass {
  if (isBareNumber(t)) return 'N';
  if (/^[+-]?\d+(\.\d+)?[%％]$/.test(t)) return 'P';
  if (OP_WORD.test(t)) return 'W';
  if (/\d/.test(t) && (OP_CHARS.test(t) || /^(约|不低于|不少于|不高于|不超过|达到)/.test(t))) return 'O';
  if (!/\d/.test(t) && [...t].length <= 4 && !SENTENCE.test(t)) return 'U';
  return 'T';
}

const shapeOf = (ts: string[]): string => ts.map(classOf).join('');

/** A value cell (目标值 / 实际完成值) as a token run: `≥322.5 万人`, `2020 年 12 月`, `完成`. */
function valueScore(ts: string[]): number {
  if (ts.length === 0) return -3;
  const shape = shapeOf(ts);
  if (/^W?[NPO](U|NU|PU?)*$/.test(shape)) return 3;
  if (ts.length === 1) return [...ts[0]!].length <= 16 && !SENTENCE.test(ts[0]!) ? 2 : 0;
  return -3 * (ts.length - 1);
}

/** Shape of a value for comparing target with actual: comparison signs and words dropped. */
const normShape = (ts: string[]): string => shapeOf(ts).replace(/W/g, '').replace(/[OP]/g, 'N').replace(/T/g, 'U');

function nameScore(ts: string[]): number {
  if (ts.length === 0) return 0;
  const shape = shapeOf(ts);
  let s = 0;
  if (/^[OPW]/.test(shape)) s -= 4;
  if (/N$/.test(shape)) s -= 1;
  if (/NU/.test(shape)) s -= 1; // a number with its unit is a value, not part of a name
  return s;
}

/** A unit after a number belongs to it: a cell boundary between them is unlikely. */
const boundaryPenalty = (left: string[], right: string[]): number =>
  left.length && right.length && /[NPO]$/.test(shapeOf(left)) && classOf(right[0]!) === 'U' && !levelOf(right[0]!) ? -2 : 0;

export interface ValuesSplit {
  /** Leading level labels (`质量指标`, `产出指标 数量指标`). */
  levels: string[];
  name: string | null;
  /** 年初指标值, only when the form has both 年初 and 调整后 target columns. */
  target_initial: string | null;
  target: string | null;
  actual: string | null;
  weight: number;
  score: number;
  /** Text after the score: the start of the deviation cell. */
  deviation: string | null;
  /** How many of the text cells (name, [target_initial,] target, actual; from the left) are not on this line. */
  missing: number;
  quality: number;
}

/** Level labels at the start of a line: `产出指标 数量指标 …`, also `产出 指标`. */
export function leadingLevels(ts: string[]): { levels: string[]; rest: string[] } {
  const levels: string[] = [];
  let i = 0;
  let last = 0; // labels come in order: a 一级 then a 二级; `满意度指标 满意度 …` is a label and a name
  while (i < ts.length) {
    const a = ts[i]!;
    const lv = squash(a) === '指标' ? null : levelOf(a);
    if (lv == null || lv <= last) break;
    last = lv;
    if (!/指标$/.test(a) && ts[i + 1] === '指标') { levels.push(a + '指标'); i += 2; continue; }
    levels.push(a);
    i++;
  }
  return { levels, rest: ts.slice(i) };
}

/**
 * Split a values line. The weight and score are a pair of bare numbers; what follows them is
 * deviation text, what precedes them is `[name] [target] [actual]`, split where the token
 * shapes make well-formed values (operator + number + unit; a unit stays with its number).
 * `nameInline`: whether the name is expected on this line (no text lines wait for it).
 * `valueCells`: 2 (target, actual) or 3 (target_initial, target, actual).
 * Returns null when the line has no weight/score pair.
 */
export function splitValuesLine(text: string, nameInline = true, valueCells = 2): ValuesSplit | null {
  const { levels, rest: ts } = leadingLevels(tokensOf(text));
  let best: ValuesSplit | null = null;
  for (let k = ts.length - 2; k >= 0; k--) {
    if (!isBareNumber(ts[k]!) || !isBareNumber(ts[k + 1]!)) continue;
    const after = ts.slice(k + 2);
    const split = splitPrefix(ts.slice(0, k), nameInline || levels.length > 0, valueCells);
    let quality = split.quality;
    if (after.length && classOf(after[0]!) === 'U' && [...after[0]!].length > 1 && after.length <= 2) quality -= 1.5;
    if (k === ts.length - 2) quality += 0.5;
    if (!best || quality > best.quality) {
      const [name, ...vals] = split.cells;
      best = {
        levels,
        name: name!,
        target_initial: valueCells === 3 ? vals[0]! : null,
        target: vals[vals.length - 2]!,
        actual: vals[vals.length - 1]!,
        weight: Number(ts[k]),
        score: Number(ts[k + 1]),
        deviation: after.length ? after.join(' ') : null,
        missing: split.missing,
        quality,
      };
    }
  }
  return best;
}

interface PrefixSplit { cells: (string | null)[]; missing: number; quality: number }

/** Cut the tokens before the weight into name + value cells; the cells present are a suffix. */
function splitPrefix(p: string[], nameInline: boolean, valueCells: number): PrefixSplit {
  const n = valueCells + 1;
  let best: PrefixSplit | null = null;
  const consider = (cuts: number[]) => {
    const bounds = [0, ...cuts, p.length];
    const cells = Array.from({ length: n }, (_, c) => p.slice(bounds[c], bounds[c + 1]));
    const firstPresent = cells.findIndex((c) => c.length > 0);
    const missing = firstPresent < 0 ? n : firstPresent;
    if (cells.slice(missing).some((c) => c.length === 0)) return; // a gap: present cells must be a suffix
    let q = nameScore(cells[0]!);
    for (let c = 1; c < n; c++) {
      const v = cells[c]!;
      q += v.length ? valueScore(v) : -3;
      if (c > 1 && v.length && cells[c - 1]!.length && normShape(cells[c - 1]!) === normShape(v)) q += 1.5 / (valueCells - 1);
      q += boundaryPenalty(cells[c - 1]!, v);
    }
    if (missing > 0 && nameInline) q -= 4;
    if (!best || q > best.quality) best = { cells: cells.map((c) => (c.length ? c.join(' ') : null)), missing, quality: q };
  };
  const rec = (from: number, left: number, cuts: number[]) => {
    if (left === 0) { consider(cuts); return; }
    for (let c = from; c <= p.length; c++) rec(c, left - 1, [...cuts, c]);
  };
  rec(0, n - 1, []);
  return best!;
}

// ---------- line text ----------

const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/** Display width: a CJK or full-width character is 1, anything else ½. */
export const widthOf = (s: string): number => [...clean(s)].reduce((w, c) => w + (CJK.test(c) ? 1 : 0.5), 0);

/** Join the lines of one wrapped cell: no space at a break unless both sides are Latin letters or digits. */
export function joinWrapped(parts: string[]): string {
  let out = '';
  for (const raw of parts) {
    const p = clean(raw);
    if (p === '') continue;
    out = out === '' ? p : /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(p) ? `${out} ${p}` : out + p;
  }
  return despace(out);
}

/** Characters spaced out for justification (`受 疫 情 影 响`) closed up again. */
export function despace(s: string): string {
  return s.replace(/(?:[\u4e00-\u9fff，。、；：] ){2,}[\u4e00-\u9fff，。、；：]/g, (run) => run.replace(/ /g, ''));
}

/** Ends like a sentence (deviation text usually does). */
export const endsSentence = (s: string): boolean => /[。；;！!？?]$/.test(clean(s));
