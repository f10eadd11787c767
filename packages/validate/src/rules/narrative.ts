// Figures stated in prose ("实际执行 2.4 万元", "总得分 95.23 分") against the form the prose
// describes (see prose.ts), each compared at the precision both sides print; prose about a
// budget table is checked in table-narrative.ts.
import type { AnomalyX, Evidence, FormX } from '@ziping/core';
import { fmt, formFig, formLabel, fundingFig, matchesOf, once, quietly, report, totalRow, unitFactor, type Ctx, type Finding } from '../context.ts';
import { overlaps, printed } from '../precision.ts';
import { passages } from '../prose.ts';
import { sums, total } from '../sums.ts';
import { run as aboutTables } from './table-narrative.ts';

export const code = 'NARRATIVE' as const;
export const severity = 'error' as const;

const NUM = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const SAYS = String.raw`(?:为|是|了|：|:)?\s?`;
/** A figure followed by a comparison is a target ("预算执行率 90%≤…"), not a statement. */
const STATED = String.raw`(?!\s?[≤≥<>＜＞~～])`;

interface Claim {
  what: string;
  re: RegExp;
  /** The table's figures the claim may refer to (any one agreeing is enough); the first is reported. */
  table(f: FormX): { value: number; evidence: Evidence; indicator: string | null }[];
  /** Factor from the claim's unit to the table's; null when they cannot be related. */
  scale(f: FormX, unit: string | undefined): number | null;
}

const amountScale = (f: FormX, unit: string | undefined): number | null => unitFactor(unit, f.amount_unit);

function fundingTotal(f: FormX, fields: ('annual_budget' | 'initial_budget' | 'executed' | 'rate')[]) {
  const k = totalRow(f);
  if (k < 0) return [];
  const r = f.funding[k]!;
  return fields.flatMap((field) => r[field] == null ? [] : [{ value: r[field]!, evidence: fundingFig(f, k, field), indicator: r.source }]);
}

const formScore = (field: 'total_score' | 'budget_score') => (f: FormX) =>
  f[field] == null ? [] : [{ value: f[field]!, evidence: formFig(f, field), indicator: null }];

const CLAIMS: Claim[] = [
  { what: '全年预算数', re: new RegExp(String.raw`预算(?:数|资金|金额)?${SAYS}${NUM}\s?(万元|元)${STATED}`, 'g'),
    table: (f) => fundingTotal(f, ['annual_budget', 'initial_budget']), scale: amountScale },
  { what: '全年执行数', re: new RegExp(String.raw`执行(?:数|金额|资金)?${SAYS}${NUM}\s?(万元|元)${STATED}`, 'g'),
    table: (f) => fundingTotal(f, ['executed']), scale: amountScale },
  { what: '执行率', re: new RegExp(String.raw`预算执行率${SAYS}${NUM}\s?(%)${STATED}`, 'g'),
    table: (f) => fundingTotal(f, ['rate']), scale: () => 0.01 },
  { what: '总分', re: new RegExp(String.raw`(?:总得分|自评得分|综合得分|总分)${SAYS}${NUM}\s?分${STATED}`, 'g'),
    table: formScore('total_score'), scale: () => 1 },
  { what: '预算执行率得分', re: new RegExp(String.raw`预算执行(?:情况|率)?得分${SAYS}${NUM}\s?分${STATED}`, 'g'),
    table: formScore('budget_score'), scale: () => 1 },
  { what: '指标得分合计', re: new RegExp(String.raw`指标完成情况得分${SAYS}${NUM}\s?分${STATED}`, 'g'),
    table: (f) => {
      const s = sums(f);
      return s ? [{ value: total(s.scores), evidence: { field: 'indicators[].score', value: total(s.scores), prov: null }, indicator: null }] : [];
    },
    scale: () => 1 },
];

export function run(ctx: Ctx): AnomalyX[] {
  const found = new Map<string, Finding>();
  for (const p of once(ctx, passages)) {
    for (const claim of CLAIMS) {
      for (const m of matchesOf(claim.re, p.text)) {
        const i = p.formAt(m.index!);
        if (i == null) continue;
        const f = ctx.x.forms[i]!;
        const said = Number(m[1]!.replace(/,/g, ''));
        const scale = claim.scale(f, m[2]);
        const table = claim.table(f);
        if (scale == null || table.length === 0) continue;
        const claimed = printed(said, scale);
        if (table.some((t) => overlaps(claimed, printed(t.value)))) continue;
        const t = table[0]!;
        const value = Math.round(said * scale * 1e8) / 1e8;
        const { page, line } = p.lineAt(m.index!);
        const prose: Evidence = { field: 'prose', value: m[0], prov: { page, line } };
        const key = `${i}|${claim.what}|${value}`;
        const seen = found.get(key);
        if (seen) { seen.evidence.push(prose); continue; }
        // both figures as the prose prints them: its unit and its precision
        const decimals = (m[1]!.split('.')[1] ?? '').length;
        found.set(key, {
          form: i,
          indicator: null,
          expected: scale === 1 ? t.value : Math.round((t.value / scale) * 10 ** decimals) / 10 ** decimals,
          found: said,
          message: `${formLabel(f, i)}: the prose (line ${line}) says "${m[0]}", but the table gives ${claim.what} ${fmt(t.value)}.`,
          evidence: [prose, t.evidence],
        });
      }
    }
  }
  return [...report({ code, severity }, [...found.values()]), ...quietly(() => aboutTables(ctx))];
}
