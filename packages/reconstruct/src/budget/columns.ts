// Column headers → column paths (`本年支出/小计`) and the sums they imply (a 合计 or 小计
// column is the sum of its siblings), for pdftotext-style headers that lost their geometry.
import { squash } from '../text.ts';

export interface Relation { total: number; parts: number[] }

interface Node { name: string; children: Node[] }

const isTotalName = (s: string): boolean => /^(?:合计|小计|总计)$|合计$/.test(squash(s));
const isRunStart = (s: string): boolean => /^(?:合计|小计)$/.test(squash(s));

/** Label-column words in a header (they name the code and label columns, not amounts). */
const LABEL_WORDS = /(?:功能分类|经济分类|科目编码|科目名称|品目编码|采购品目|预算单位|实施单位|单位名称|项目名称)/g;
/** Header cells over text columns (dates, notes), not amounts. */
const TEXT_COLUMN = /^(?:.*(?:时间|日期|期限)|备注|说明|年度目标)$/;
/** Words that end a complete header cell; a line holding one piece without them continues below. */
const COMPLETE = /(?:收入|支出|费|合计|小计|总计|数|结余|拨款|金额|资金|项目|次|额|计|款|用)$/;

/** A name's character bigrams with their counts (a one-character name is its own gram). */
export function grams(s: string): Map<string, number> {
  const t = squash(s);
  const out = new Map<string, number>();
  for (let i = 0; i < t.length - 1; i++) out.set(t.slice(i, i + 2), (out.get(t.slice(i, i + 2)) ?? 0) + 1);
  if (t.length === 1) out.set(t, 1);
  return out;
}

/** Bigram overlap (Dice) of two gram counts. */
export function dice(A: Map<string, number>, B: Map<string, number>): number {
  let inter = 0;
  let n = 0;
  for (const v of A.values()) n += v;
  for (const v of B.values()) n += v;
  for (const [k, v] of A) inter += Math.min(v, B.get(k) ?? 0);
  return n === 0 ? 0 : (2 * inter) / n;
}

/** Bigram overlap (Dice), for matching header and row names that differ by a word. */
export const similarity = (a: string, b: string): number => dice(grams(a), grams(b));

/** Normalise the spaced-out label words (`项 目`, `栏 次`, `行 次`). */
export const normaliseHeader = (s: string): string =>
  s.replace(/项\s+目/g, '项目').replace(/栏\s+次/g, '栏次').replace(/行\s+次/g, '行次');

/**
 * Header lines → tokens in reading order. A line holding one incomplete piece (`附属单位`,
 * `一般公共预`) is the top of a cell wrapped over lines and is joined with the next;
 * cells run together (`上缴上级支出经营支出`) are split after 支出 / 收入 / 费.
 */
export function headerTokens(lines: string[]): string[] {
  const rows = lines.map((l) => normaliseHeader(l).trim().split(/\s+/).filter((t) => t !== ''));
  const out: string[] = [];
  let carry = '';
  for (const row of rows) {
    if (row.length === 0) continue;
    const toks = [...row];
    if (carry) { toks[0] = carry + toks[0]; carry = ''; }
    if (toks.length === 1 && !COMPLETE.test(toks[0]!) && !/^(?:项目|行次|栏次)$/.test(toks[0]!)) { carry = toks[0]!; continue; }
    out.push(...toks);
  }
  if (carry) out.push(carry);
  return out
    .map((t) => (/^(?:项目|行次|栏次)$/.test(t) ? t : t.replace(LABEL_WORDS, '')))
    .filter((t) => t !== '' && !TEXT_COLUMN.test(t))
    .flatMap(splitGlued);
}

/** `上缴上级支出经营支出` → two cells: split after 支出 / 收入 / 费 where the rest is itself a cell. */
export function splitGlued(t: string): string[] {
  const re = /(?:支出|收入|费)(?![合小总用）)])/g;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const at = m.index + m[0].length;
    const rest = t.slice(at);
    if (rest.length >= 3 && /(?:支出|收入|费)$/.test(rest)) return [t.slice(0, at), ...splitGlued(rest)];
  }
  return [t];
}

/**
 * Names (in reading order) → `n` column paths. With more names than columns, the surplus are
 * group headers: each run that starts with 合计 / 小计 belongs under the name it resembles most
 * (first the names not in any run, in order), as `预算数/公务用车购置及运行费/小计`.
 */
export function buildColumns(names: string[], n: number): { columns: string[]; relations: Relation[] } {
  const nodes: Node[] = names.map((name) => ({ name, children: [] }));
  let roots = [...nodes];
  const surplus = names.length - n;
  if (surplus > 0) {
    const starts = names.map((s, i) => (isRunStart(s) && i > 0 ? i : -1)).filter((i) => i >= 0).slice(0, surplus);
    const runOf = new Map<number, number>(); // name index → run number
    starts.forEach((s, r) => {
      const stop = r + 1 < starts.length ? starts[r + 1]! : names.length;
      for (let i = s; i < stop && !(i > s && isRunStart(names[i]!)); i++) runOf.set(i, r);
    });
    const used = new Set<number>();
    const inRun = (i: number) => runOf.has(i);
    starts.forEach((s, r) => {
      const members = [...runOf].filter(([, rr]) => rr === r).map(([i]) => i);
      const score = (i: number) => Math.max(...members.map((m) => similarity(names[i]!, names[m]!)));
      const pick = (pool: number[]) => pool.reduce((b, i) => (b < 0 || score(i) > score(b) ? i : b), -1);
      const eligible = [...names.keys()].filter((i) => i < s && !used.has(i) && !members.includes(i));
      let parent = pick(eligible.filter((i) => !inRun(i)));
      if (parent < 0) parent = pick(eligible.filter((i) => !members.some((m) => squash(names[m]!) === squash(names[i]!))));
      if (parent < 0) return;
      used.add(parent);
      nodes[parent]!.children.push(...members.map((m) => nodes[m]!));
    });
    const placed = new Set(nodes.flatMap((x) => x.children));
    roots = nodes.filter((x) => !placed.has(x));
  }
  const columns: string[] = [];
  const relations: Relation[] = [];
  // returns the column index that stands for the node (its own, or its 合计/小计 child), or its leaves
  const walk = (node: Node, prefix: string): number[] => {
    const path = prefix ? `${prefix}/${node.name}` : node.name;
    if (node.children.length === 0) { columns.push(path); return [columns.length - 1]; }
    return group(node.children, path);
  };
  const group = (kids: Node[], prefix: string): number[] => {
    const reps = kids.map((k) => walk(k, prefix));
    const t = kids.findIndex((k) => k.children.length === 0 && isTotalName(k.name));
    if (t >= 0 && kids.length > 1) {
      relations.push({ total: reps[t]![0]!, parts: reps.filter((_, i) => i !== t).flat() });
      return reps[t]!;
    }
    return reps.flat();
  };
  group(roots, '');
  while (columns.length < n) columns.push('');
  return { columns: columns.slice(0, Math.max(n, 0)), relations: relations.filter((r) => r.total < n && r.parts.every((p) => p < n)) };
}
