// A pdftotext line of a budget table → tokens, then row segments. Blank cells are simply
// absent in such text, and an amount runs into the next code or label (`5,269.54302 商品…`,
// `201,109.34一、…`): amounts are cut at the decimals the table prints.
import { isDash } from '../text.ts';

export type TokKind = 'amt' | 'int' | 'dash' | 'text';
export interface Tok { kind: TokKind; text: string; value: number | null }

const num = (s: string): number => Number(s.replace(/,/g, ''));

/** How many decimals the amounts of these lines show (the commonest count among clean numbers). */
export function decimalsOf(texts: string[]): number {
  const counts = new Map<number, number>();
  for (const t of texts) {
    for (const m of t.matchAll(/(?:^|\s)-?[\d,]*\d\.(\d+)(?=\s|$)/g)) counts.set(m[1]!.length, (counts.get(m[1]!.length) ?? 0) + 1);
  }
  let best = 0;
  let n = 0;
  for (const [d, c] of counts) if (c > n) { best = d; n = c; }
  return best;
}

/** Split one line into amounts (`d` decimals), bare integers (codes, 行次, whole amounts), dashes and text. */
export function tokenize(line: string, d: number): Tok[] {
  const out: Tok[] = [];
  const amount = d > 0
    ? new RegExp(`^-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)\\.\\d{${d}}`)
    : /^-?\d{1,3}(?:,\d{3})+(?![\d.])/;
  for (const word of line.trim().split(/\s+/)) {
    if (word === '') continue;
    if (isDash(word)) { out.push({ kind: 'dash', text: word, value: null }); continue; }
    let rest = word;
    let text = '';
    const flush = () => { if (text) out.push({ kind: 'text', text, value: null }); text = ''; };
    while (rest !== '') {
      const a = amount.exec(rest);
      const startsNumber = text === '' || /[^\d,.\-]$/.test(text);
      if (a && startsNumber) {
        flush();
        out.push({ kind: 'amt', text: a[0], value: num(a[0]) });
        rest = rest.slice(a[0].length);
        continue;
      }
      if (text === '' && /^\d+$/.test(rest)) {
        out.push({ kind: 'int', text: rest, value: Number(rest) });
        rest = '';
        continue;
      }
      text += rest[0];
      rest = rest.slice(1);
    }
    flush();
  }
  return out;
}

export interface Segment {
  code: string | null;
  label: string;
  /** The 行次 printed after the label; dropped from the values. */
  rowNo: number | null;
  /** Printed cells left to right (null for a dash). */
  values: (number | null)[];
}

export interface SegmentOptions {
  /** The table has a code column (科目编码): a 3/5/7-digit integer before a label is a code. */
  codes: boolean;
  /** The table has a 行次 column: the integer after a label is its row number. */
  rowNumbers: boolean;
  /**
   * The code is printed in 类 / 款 / 项 columns (`208 05 05`, or only `05` under the row above):
   * the last code read, carried from line to line to complete a code printed in part.
   */
  codeParts?: { last: string | null };
}

/**
 * Code cells printed apart → one code token: `208 05 05 label` → `2080505`; a bare `05` before a
 * label completes the code above it (a 款 under a 类, a 项 under a 款 or beside another 项).
 */
export function joinCodeParts(toks: Tok[], ctx: { last: string | null }): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const atStart = out.length === 0 || out[out.length - 1]!.kind !== 'text';
    if (t.kind === 'int' && atStart && looksCode(t.text) && t.text.length > 3 && toks[i + 1]?.kind === 'text') ctx.last = t.text;
    if (t.kind !== 'int' || !atStart || !/^\d{2,3}$/.test(t.text)) { out.push(t); continue; }
    let j = i;
    const parts: string[] = [];
    while (j < toks.length && toks[j]!.kind === 'int' && /^\d{2,3}$/.test(toks[j]!.text) && parts.length < 3) parts.push(toks[j++]!.text);
    if (toks[j]?.kind !== 'text' || (parts[0]!.length === 2 && !ctx.last) || parts.slice(1).some((p) => p.length !== 2)) { out.push(t); continue; }
    let code: string;
    if (parts[0]!.length === 3) code = parts.join('');
    else if (parts.length === 2) code = ctx.last!.slice(0, 3) + parts.join('');
    else code = ctx.last!.length <= 3 ? ctx.last! + parts[0] : ctx.last!.slice(0, 5) + parts[0];
    ctx.last = code;
    out.push({ kind: 'int', text: code, value: Number(code) });
    i = j - 1;
  }
  return out;
}

const DATE = /^\d{4}(?:[.\-/年]\d{1,2}){1,2}/;
const looksCode = (t: string) => /^\d{3}(?:\d{2}){0,4}$/.test(t);
const joinText = (a: string, b: string) => (/[\u3000-\u9fff）)]$/.test(a) && /^[\u3000-\u9fff（(]/.test(b) ? a + b : `${a} ${b}`);

/** Tokens of one line → its row segments: [code] label [行次] values…, possibly several per line. */
export function segments(tokens: Tok[], opt: SegmentOptions): Segment[] {
  const toks = opt.codeParts ? joinCodeParts(tokens, opt.codeParts) : tokens;
  const out: Segment[] = [];
  let cur: Segment | null = null;
  const start = (): Segment => {
    cur = { code: null, label: '', rowNo: null, values: [] };
    out.push(cur);
    return cur;
  };
  toks.forEach((t, i) => {
    const c = cur as Segment | null;
    if (t.kind === 'text') {
      // a date or period after the amounts (预算执行时间) is a text column, not a new row
      if (c && c.values.length > 0 && DATE.test(t.text)) return;
      if (!c || c.values.length > 0 || c.rowNo !== null) start().label = t.text;
      else c.label = c.label ? joinText(c.label, t.text) : t.text;
      return;
    }
    if (t.kind === 'int') {
      const nextIsText = toks[i + 1]?.kind === 'text';
      if (opt.codes && looksCode(t.text) && nextIsText && (!c || c.code !== null || c.label !== '' || c.values.length > 0)) {
        start().code = t.text;
        return;
      }
      if (opt.codes && looksCode(t.text) && nextIsText && c && c.code === null && c.label === '') { c.code = t.text; return; }
      if (opt.rowNumbers) {
        if (c && c.rowNo === null && c.values.length === 0) c.rowNo = t.value;
        else start().rowNo = t.value;
        return;
      }
    }
    (c ?? start()).values.push(t.value);
  });
  return out;
}
