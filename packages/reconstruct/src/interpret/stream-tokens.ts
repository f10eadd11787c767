// The cells of a plain pdftotext indicator block as tokens, told apart by shape (a level label,
// a bare number, a direction, a figure, a sentence, a text), and the pieces such a dump breaks
// apart put back together: a date wrapped inside a value, a level label wrapped over lines.
import type { LayoutCell } from '@ziping/core';
import { isBareNumber, isBlankMark, parseNumber } from '../text.ts';
import { directionOp, levelOf } from './vocabulary.ts';

export type Tok = {
  text: string; cell: LayoutCell; kind: 'level' | 'num' | 'dir' | 'figure' | 'sentence' | 'text';
  /** A label wrapped over lines: its last piece. */
  end?: LayoutCell;
};

/** A token's figure, where its kind says it has one. */
export const num = (t: Tok): number => parseNumber(t.text) as number;

export function tokenOf(text: string, cell: LayoutCell): Tok {
  const kind = levelOf(text) ? 'level' : isBareNumber(text) ? 'num' : directionOp(text) !== undefined ? 'dir'
    : /[，。；;]/.test(text) || [...text].length > 30 ? 'sentence'
    : /^(?:约|≥|≤|<|>|=)?\s*\d/.test(text) || isBlankMark(text) ? 'figure' : 'text';
  return { text, cell, kind };
}

/** A date broken after its month's or day's number (`2020年11`): no value ends so. */
const DATE_HEAD = /^(?:[≥≤<>＜＞=]|不晚于|不迟于)?\d{4}年(?:\d{1,2}月)?\d{1,2}$/;
/** The rest of such a date (`月底前`, `月20日`): a unit with nothing to count, no value alone. */
const DATE_TAIL = /^[月日号]/;
/** Tokens looked at from a broken date to its tails. */
const WRAP_SPAN = 12;

/**
 * Values of one row wrapped inside a date (`2020年11` / `月底前`): the first lines stand with
 * the row's other cells, the tails one line further down, after the row's 分值 / 得分, in the
 * order of their columns (cells side by side come out left to right). Where the heads and the
 * tails are as many and the heads all alike (else which tail ends which head is a guess), each
 * head is put together with the tail of its column; the row's bare numbers (实际值, 分值, 得分)
 * are moved after the joined values, where a row prints them. Otherwise the stream is left as
 * it is (and the row does not read).
 */
export function joinWrappedDates(toks: Tok[]): void {
  for (let i = 0; i < toks.length; i++) {
    if (!DATE_HEAD.test(toks[i]!.text)) continue;
    const heads = [i];
    const tails: number[] = [];
    let j = i + 1;
    for (; j < toks.length && j < i + WRAP_SPAN; j++) {
      const t = toks[j]!;
      if (DATE_TAIL.test(t.text)) tails.push(j);
      else if (tails.length > 0) break;
      else if (DATE_HEAD.test(t.text)) heads.push(j);
    }
    if (tails.length === 0 || tails.length !== heads.length || heads.some((h) => toks[h]!.text !== toks[i]!.text)) continue;
    const span = toks.slice(i, j);
    const joined = tails.map((t) => tokenOf(toks[i]!.text + toks[t]!.text, toks[heads[0]!]!.cell));
    const skip = new Set([...heads, ...tails]);
    const rest = span.filter((_, q) => !skip.has(i + q));
    const nums = rest.filter((t) => t.kind === 'num');
    const others = rest.filter((t) => t.kind !== 'num');
    toks.splice(i, span.length, ...others, ...joined, ...nums);
    i += others.length + joined.length + nums.length - 1;
  }
}

/**
 * A level label wrapped over two lines of its merged cell (`服务对象满意` … `度指标`), its pieces
 * apart in the stream: put together where the vocabulary knows the whole.
 */
export function joinLabelPieces(toks: Tok[]): void {
  for (let i = 0; i < toks.length; i++) {
    const a = toks[i]!;
    if ((a.kind !== 'text' && a.kind !== 'level') || [...a.text].length > 8 || a.text.endsWith('指标')) continue;
    for (let j = i + 1; j < Math.min(toks.length, i + 12); j++) {
      const b = toks[j]!;
      if (b.kind !== 'text' || [...b.text].length > 4 || !levelOf(a.text + b.text)) continue;
      toks[i] = { ...a, text: a.text + b.text, kind: 'level', end: b.cell };
      toks.splice(j, 1);
      break;
    }
  }
}
