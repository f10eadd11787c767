// Stage results: the interchange types plus the provenance every value keeps.
import type { Anomaly, BudgetRow, BudgetTable, ExtractDoc, Form, FundingRow, Indicator, Prov, ProvMap } from './schema.ts';
import { FORMAT } from './schema.ts';

export interface FundingRowX extends FundingRow { prov: ProvMap }
export interface IndicatorX extends Indicator { prov: ProvMap }
export interface FormX extends Omit<Form, 'funding' | 'indicators'> {
  funding: FundingRowX[];
  indicators: IndicatorX[];
  /** Provenance of the form-level fields (project, total_score, …) and `form` for the whole form's span. */
  prov: ProvMap;
  /**
   * Where reconstruct read the indicator block only in part: the place its unread rows start
   * (reconstruct reports it as a PARSE warning). Sums over the rows read mean nothing.
   */
  partial?: Prov;
}
export interface BudgetRowX extends BudgetRow { prov: Prov }
export interface BudgetTableX extends Omit<BudgetTable, 'rows'> { rows: BudgetRowX[]; prov: ProvMap }

/** One figure an anomaly used, and where it was printed. */
export interface Evidence { field: string; value: number | string | null; prov: Prov | null }
export interface AnomalyX extends Anomaly { evidence: Evidence[] }

/** What reconstruct (and then validate) yields for one document. */
export interface Extraction {
  source: string;
  /** The fiscal year the document's own heading states (`2020 年度部门决算表`), when it does. */
  year?: number | null;
  forms: FormX[];
  tables: BudgetTableX[];
  anomalies: AnomalyX[];
}

const stripProv = <T extends { prov: unknown }>(o: T): Omit<T, 'prov'> => {
  const { prov: _prov, ...rest } = o;
  return rest;
};

/** The `form-extract/v1` document for an extraction; `withProvenance` keeps the extra fields. */
export function toInterchange(x: Extraction, withProvenance = false): ExtractDoc {
  if (withProvenance) return { format: FORMAT, ...x } as ExtractDoc;
  return {
    format: FORMAT,
    source: x.source,
    forms: x.forms.map(({ partial: _p, ...f }) => ({
      ...stripProv(f),
      funding: f.funding.map(stripProv),
      indicators: f.indicators.map(stripProv),
    })) as Form[],
    tables: x.tables.map((t) => ({ ...stripProv(t), rows: t.rows.map(stripProv) })) as BudgetTable[],
    anomalies: x.anomalies.map(({ evidence: _e, ...a }) => a as Anomaly),
  };
}

