// Key/value labels of a table whose cells a reader met in reading order (plain pdftotext:
// LayoutParagraph.interleaved). A column of row labels comes out as one text flow, top to
// bottom (`项目名称` / `主管部门` / `项目资金` …), and the column of their values as another,
// often after other flows (a funding header, a column of figures). Where the labels the
// vocabulary knows (项目名称, 实施单位 …) head such a flow, the i-th of them names the i-th
// line of the first flow of free values that follows; the pairs become rows of two cells.
// Where no such flow is found the labels are left out, so that no other line is taken for
// their value (better no value than a wrong one).
import { isBlankMark, parseNumber } from '../text.ts';
import type { Row } from './rows.ts';
import { joinWrappedKeys } from './key-wrap.ts';
import {
  attachmentOf, fundingField, indicatorField, isGrade, isGradeLabel, isTotalLabel, isUnitTail, levelOf, metaField, sectionKind, titleKind, yearLine,
} from './vocabulary.ts';

/** Flows looked at after the labels' own before giving up. */
const MAX_FLOWS = 4;

const textOf = (row: Row): string => row.slots[0]!.text;
const lineOf = (row: Row): number => row.slots[0]!.prov.line;
const pageOf = (row: Row): number => row.slots[0]!.prov.page;

/** A name behind an organisation code (`412-某某局`): a value, no figure. */
const ORG_CODE = /^\d{3,}-\s*[\u3400-\u9fff]/;

/** A line of the vocabulary: a label of any block, a figure, a unit, a grade. */
function known(text: string): boolean {
  return metaField(text) != null || sectionKind(text) != null || fundingField(text) != null || indicatorField(text) != null
    || titleKind(text) != null || attachmentOf(text) != null || yearLine(text) != null || isUnitTail(text) || levelOf(text) != null
    || isTotalLabel(text) || isGradeLabel(text) || isGrade(text) || isBlankMark(text) || parseNumber(text) !== undefined
    || (/^[≥≤<>=＞＜±+-]?\s*\d/.test(text) && !ORG_CODE.test(text));
}

/**
 * Line `k` is a label, or the first piece of a label wrapped over the next lines (`年度预算` /
 * `执行情况`: neither piece is a label, together they are).
 */
function labelAt(rows: Row[], k: number): boolean {
  let joined = textOf(rows[k]!);
  if (known(joined)) return true;
  for (let j = k + 1; j < rows.length && j < k + 3; j++) {
    if (!rows[j]!.paragraph || lineOf(rows[j]!) !== lineOf(rows[j - 1]!) + 1 || known(textOf(rows[j]!))) break;
    joined += textOf(rows[j]!);
    if (known(joined)) return true;
  }
  return false;
}

/** Line `k` is (or starts) a label of some block: words, not a figure. */
const wordsAt = (rows: Row[], k: number): boolean => labelAt(rows, k) && parseNumber(textOf(rows[k]!)) === undefined && !/^[≥≤<>=＞＜±+-]?\s*\d/.test(textOf(rows[k]!));

/** A value cell's text: short, no sentence, nothing the vocabulary knows. */
const freeAt = (rows: Row[], k: number): boolean => {
  const t = textOf(rows[k]!);
  // a line `项目名称 某项目` or `单位：万元` is a pair of its own
  return [...t].length <= 40 && !/[，。；;,:：]/.test(t) && !/^其中/.test(t) && metaField(t.split(/\s/)[0]!) == null && !labelAt(rows, k);
};

/**
 * Line `k` comes right after a line of amount column labels (`年初预算 全年预算 全年执行`): a
 * funding row's label (资金总额), not a key's value.
 */
const underFundingHeader = (rows: Row[], k: number): boolean => {
  const prev = rows[k - 1];
  if (!prev?.paragraph || pageOf(prev) !== pageOf(rows[k]!) || lineOf(rows[k]!) - lineOf(prev) > 2) return false;
  const parts = prev.parts ?? [textOf(prev)];
  return parts.length > 0 && parts.every((t) => { const f = fundingField(t); return f != null && f !== 'sources' && f !== 'ignore'; });
};

/** The flows (runs of paragraph lines without a blank line between) from row `k` on, as [start, end) pairs. */
function flowsFrom(rows: Row[], k: number, count: number): [number, number][] {
  const out: [number, number][] = [];
  let s = k;
  // a table the reader rebuilt between the flows is passed over
  for (let j = k; j <= rows.length && out.length < count; j++) {
    const breaks = j === rows.length || !rows[j]!.paragraph || !rows[s]!.paragraph || pageOf(rows[j]!) !== pageOf(rows[s]!)
      || (j > s && lineOf(rows[j]!) !== lineOf(rows[j - 1]!) + 1);
    if (!breaks) continue;
    if (j > s && rows[s]!.paragraph) out.push([s, j]);
    if (j === rows.length || (rows[j]!.paragraph && pageOf(rows[j]!) !== pageOf(rows[k]!))) break;
    s = j;
  }
  return out;
}

/** Row `b` right under row `a`, or one blank line below it. */
const near = (a: Row, b: Row): boolean => a.paragraph && b.paragraph && pageOf(a) === pageOf(b) && lineOf(b) > lineOf(a) && lineOf(b) <= lineOf(a) + 2;

/**
 * The values of `n` labels printed a blank line apart: the first `n` free lines in a row (each a
 * blank line below the last) within a few lines after them, right after a label, the next line
 * a label again; null where a free line follows them (more values than labels) or a funding
 * header comes first.
 */
function spacedValues(rows: Row[], k: number, n: number, taken: ReadonlySet<Row>): Row[] | null {
  for (let s = k; s < rows.length && s < k + 2 * MAX_FLOWS; s++) {
    if (underFundingHeader(rows, s)) return null;
    const run = rows.slice(s, s + n);
    if (run.length < n || !run.every((r, q) => (q === 0 || near(run[q - 1]!, r)) && freeAt(rows, s + q) && !taken.has(r))) continue;
    if (s > k && !(near(rows[s - 1]!, rows[s]!) && labelAt(rows, s - 1))) continue;
    const after = rows[s + n];
    return after && near(run.at(-1)!, after) && freeAt(rows, s + n) ? null : run;
  }
  return null;
}

/** A key/value label whose value is one cell (`项目资金` heads a block of its own). */
const keyLabel = (text: string): boolean => !/[:：]./.test(text) && [...text].length <= 12 && metaField(text) != null && sectionKind(text) == null;

/** A pair as the line `label：value` a text dump prints (the value's place in the source kept). */
const pairRow = (label: Row, value: Row): Row => {
  const v = value.slots[0]!;
  const text = `${textOf(label).replace(/\s+/g, '')}：${v.text}`;
  const { parts: _, ...rest } = label;
  return { ...rest, slots: [{ ...v, text, raw: text }] };
};

/** The rows with the key/value labels of interleaved flows paired with their values (see the file comment). */
export function pairKeyColumns(rows: Row[]): Row[] {
  const out = joinWrappedKeys(rows, known);
  const taken = new Set<Row>();
  for (let i = 0; i < out.length; i++) {
    const row = out[i]!;
    if (!row.interleaved || taken.has(row) || !keyLabel(textOf(row))) continue;
    // the labels the vocabulary knows heading the flow, one per line
    let k = i;
    // (one blank line between them where the writer spaced every cell as a paragraph)
    while (k < out.length && out[k]!.interleaved && keyLabel(textOf(out[k]!)) && (k === i || near(out[k - 1]!, out[k]!))) k++;
    const labels = out.slice(i, k);
    let values: Row[] | null = null;
    const ignored = labels.length === 1 && metaField(textOf(labels[0]!)) === 'ignore';
    // the value right under a single label, in the same flow (`实施单位` / `某某中心`)
    if (labels.length === 1 && k < out.length && out[k]!.paragraph && lineOf(out[k]!) === lineOf(labels[0]!) + 1 && freeAt(out, k)) values = [out[k]!];
    else {
      // labels a blank line apart (every cell a paragraph): their values likewise, after a label
      const gapped = labels.some((l, q) => q > 0 && lineOf(l) !== lineOf(labels[q - 1]!) + 1);
      if (gapped) values = spacedValues(out, k, labels.length, taken);
      const flows = gapped ? [] : flowsFrom(out, i, MAX_FLOWS + 1).slice(1);
      for (const [s, e] of flows) {
        // the values, then the flow ends or goes on with a label (of the next column); a flow of
        // labels or figures, or of free lines going on (row labels of another block), is another column
        const n = labels.length;
        // past a funding header's labels the block's rows begin: no key's value after them
        if (underFundingHeader(out, s)) break;
        // a code or a phone number is the value of a label the form does not keep (项目编码)
        const fits = (q: number) => (ignored ? !wordsAt(out, q) : freeAt(out, q)) && !taken.has(out[q]!);
        if (e - s < n || !out.slice(s, s + n).every((_, q) => fits(s + q))) continue;
        if (s + n < e && !labelAt(out, s + n)) continue;
        // a free line right after the values, their flow ended: values of more labels than
        // these (cells of two columns interleaved), which is whose cannot be told
        if (s + n === e && out[e] && near(out[e - 1]!, out[e]!) && freeAt(out, e)) break;
        values = out.slice(s, s + n);
        break;
      }
    }
    // without values the labels go, lest the next line be taken for a value
    labels.forEach((l, q) => {
      const v = values?.[q] ?? null;
      if (v) { out[i + q] = pairRow(l, v); taken.add(v); }
      else taken.add(l);
    });
    i = k - 1;
  }
  return out.filter((r) => !taken.has(r));
}
