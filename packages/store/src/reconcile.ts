// Reconciliation across documents (migration 005): a self-evaluation form against the budget
// and the performance-target declaration of the same project. The matching and the verdicts
// live in the views `reconcile_amounts` and `reconcile_targets`; this reads them.
import type { Db } from './db.ts';

export interface ReconcileFilter {
  /** Keeps the evaluated forms whose department contains this text (normalised like project names). */
  department?: string;
}

export type AmountStatus = 'exact' | 'rounding' | 'mismatch' | 'unknown';
export type TargetStatus = 'same' | 'drift' | 'not_evaluated' | 'not_declared';

/** Where a figure was printed. */
export interface Source { document: string; page: number | null; line: number | null }

export interface AmountCheck {
  department: string | null;
  year: number | null;
  project: string;
  evaluatedFormId: number;
  /** The evaluated 年初预算数 as printed, its unit, in 元, and its funding line. */
  evaluated: Source & { field: string | null; amount: number | null; unit: string | null; yuan: number | null };
  /** `budget_table` (a row of a budget table) or `target_form` (a declaration's amount or task row). */
  declaredKind: 'budget_table' | 'target_form';
  declared: Source & { in: string; name: string; field: string | null; amount: number | null; unit: string | null; yuan: number | null };
  link: 'exact' | 'contains';
  differenceYuan: number | null;
  toleranceYuan: number | null;
  status: AmountStatus;
}

export interface TargetCheck {
  department: string | null;
  year: number | null;
  project: string;
  declaredProject: string;
  evaluatedFormId: number;
  declaredFormId: number;
  indicator: string;
  declared: (Source & { target: string | null }) | null;
  evaluated: (Source & { target: string | null }) | null;
  status: TargetStatus;
}

const DEPARTMENT = `($1::text IS NULL OR strpos(coalesce(reconcile_key(department), ''), coalesce(reconcile_key($1), '')) > 0)`;

export async function reconcileAmounts(db: Db, f: ReconcileFilter = {}): Promise<AmountCheck[]> {
  const rows = await db.query<Record<string, never>>(
    `SELECT * FROM reconcile_amounts WHERE ${DEPARTMENT}
      ORDER BY department COLLATE "C" NULLS LAST, project COLLATE "C", evaluated_document COLLATE "C", evaluated_form_id,
               CASE status WHEN 'exact' THEN 0 WHEN 'rounding' THEN 1 WHEN 'mismatch' THEN 2 ELSE 3 END,
               declared_document COLLATE "C", declared_line`,
    [f.department ?? null],
  );
  return rows.map((r) => ({
    department: r.department, year: r.year, project: r.project, evaluatedFormId: r.evaluated_form_id,
    evaluated: {
      document: r.evaluated_document, page: r.evaluated_page, line: r.evaluated_line, field: r.evaluated_field,
      amount: r.evaluated_amount, unit: r.evaluated_unit, yuan: r.evaluated_yuan,
    },
    declaredKind: r.declared_kind,
    declared: {
      document: r.declared_document, page: r.declared_page, line: r.declared_line, in: r.declared_in, name: r.declared_name,
      field: r.declared_field, amount: r.declared_amount, unit: r.declared_unit, yuan: r.declared_yuan,
    },
    link: r.link, differenceYuan: r.difference_yuan, toleranceYuan: r.tolerance_yuan, status: r.status,
  }));
}

export async function reconcileTargets(db: Db, f: ReconcileFilter = {}): Promise<TargetCheck[]> {
  const rows = await db.query<Record<string, never>>(
    `SELECT * FROM reconcile_targets WHERE ${DEPARTMENT}
      ORDER BY department COLLATE "C" NULLS LAST, project COLLATE "C", evaluated_document COLLATE "C", evaluated_form_id,
               declared_document COLLATE "C", declared_form_id,
               CASE status WHEN 'drift' THEN 0 WHEN 'not_evaluated' THEN 1 WHEN 'not_declared' THEN 2 ELSE 3 END,
               coalesce(evaluated_line, declared_line)`,
    [f.department ?? null],
  );
  return rows.map((r) => ({
    department: r.department, year: r.year, project: r.project, declaredProject: r.declared_project,
    evaluatedFormId: r.evaluated_form_id, declaredFormId: r.declared_form_id, indicator: r.indicator,
    declared: r.declared_indicator_id == null ? null
      : { document: r.declared_document, page: r.declared_page, line: r.declared_line, target: r.declared_target },
    evaluated: r.evaluated_indicator_id == null ? null
      : { document: r.evaluated_document, page: r.evaluated_page, line: r.evaluated_line, target: r.evaluated_target },
    status: r.status,
  }));
}
