// `ziping reconcile [--department X]`: each evaluated project against what its budget and its
// target declaration said in other documents of the same department — amounts in 元 (with
// the rounding the printed precision allows) and target drift — each figure with its source.
import { reconcileAmounts, reconcileTargets, type AmountCheck, type ReconcileSource, type TargetCheck } from '@ziping/store';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { withDb } from '../with-db.ts';

export const reconcile: Command = async (args, config) => {
  const { values } = parseArgs({ args, options: { department: { type: 'string' } } });
  const filter = { department: values.department };
  const [amounts, targets] = await withDb(config, async (db) => [await reconcileAmounts(db, filter), await reconcileTargets(db, filter)] as const);
  process.stdout.write(render(amounts, targets));
  return 0;
};

const SIGN: Record<AmountCheck['status'], string> = { exact: '=', rounding: '≈', mismatch: '≠', unknown: '?' };
const num = (n: number | null) => (n == null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const at = (s: ReconcileSource) => `${s.document} p${s.page ?? '?'} l${s.line ?? '?'}`;

export function render(amounts: AmountCheck[], targets: TargetCheck[]): string {
  const out: string[] = [];
  const keys = [...new Set([...amounts, ...targets].map((r) => key(r)))];
  for (const k of keys) {
    const a = amounts.filter((r) => key(r) === k);
    const t = targets.filter((r) => key(r) === k);
    const head = a[0] ?? t[0]!;
    out.push(`${head.department ?? '(department unknown)'} · ${head.project}${head.year ? ` (${head.year})` : ''}`);
    if (a.length > 0) {
      const e = a[0]!.evaluated;
      out.push(`  amount  evaluated ${e.field ?? '年初预算数'} ${num(e.amount)} ${e.unit ?? ''} = ${num(e.yuan)} 元  (${at(e)})`);
      for (const r of a) {
        const d = r.declared;
        const diff = r.differenceYuan == null ? '' : r.status === 'exact' ? '' : `, difference ${r.differenceYuan > 0 ? '+' : ''}${num(r.differenceYuan)} 元${r.status === 'rounding' ? ` within ±${num(r.toleranceYuan)}` : ''}`;
        out.push(`    ${SIGN[r.status]} ${r.status.padEnd(8)} ${d.in} · ${d.name}${d.field ? ` · ${d.field}` : ''}: ${num(d.amount)} ${d.unit ?? ''} = ${num(d.yuan)} 元${diff}  (${at(d)})`);
      }
    }
    for (const declared of [...new Set(t.map((r) => r.declaredFormId))]) {
      const rows = t.filter((r) => r.declaredFormId === declared);
      const n = (s: TargetCheck['status']) => rows.filter((r) => r.status === s).length;
      const src = rows.find((r) => r.declared)?.declared;
      out.push(`  targets vs ${src ? src.document : 'declaration'} (${rows[0]!.declaredProject}): ${n('drift')} drift, ${n('not_evaluated')} not evaluated, ${n('not_declared')} not declared, ${n('same')} same`);
      for (const r of rows) {
        if (r.status === 'drift') out.push(`    drift          ${r.indicator}: declared ${r.declared!.target} (${at(r.declared!)}), evaluated against ${r.evaluated!.target} (${at(r.evaluated!)})`);
        if (r.status === 'not_evaluated') out.push(`    not evaluated  ${r.indicator}: declared ${r.declared!.target ?? '—'} (${at(r.declared!)})`);
        if (r.status === 'not_declared') out.push(`    not declared   ${r.indicator}: evaluated against ${r.evaluated!.target ?? '—'} (${at(r.evaluated!)})`);
      }
    }
  }
  const count = <T extends { status: string }>(rows: T[], s: string) => rows.filter((r) => r.status === s).length;
  const matched = new Set(amounts.filter((r) => r.status === 'exact' || r.status === 'rounding').map(key));
  const amountProjects = new Set(amounts.map(key));
  out.push(
    `${keys.length} linked project${keys.length === 1 ? '' : 's'}; amounts: ${amounts.length} compared (${count(amounts, 'exact')} exact, ${count(amounts, 'rounding')} rounding, ${count(amounts, 'mismatch')} mismatch, ${count(amounts, 'unknown')} unknown), `
    + `${matched.size} of ${amountProjects.size} projects with a matching declared amount; `
    + `targets: ${count(targets, 'drift')} drift, ${count(targets, 'not_evaluated')} not evaluated, ${count(targets, 'not_declared')} not declared, ${count(targets, 'same')} same`,
  );
  return out.map((l) => `${l}\n`).join('');
}

const key = (r: { evaluatedFormId: number }) => r.evaluatedFormId;
