// The `form-extract/v1` interchange format (shared/FORMAT.md), as zod schemas.
// Internal stage results extend these with provenance; `toInterchange` strips it.
import { z } from 'zod';

/** Where a value came from: a page and a line of the ingested document, or a bbox on a PDF page. */
export const ProvSchema = z.object({
  page: z.number().int().positive(),
  line: z.number().int().positive(),
  lineEnd: z.number().int().positive().optional(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** A sheet cell (`附件1-2!C7`) or a table cell (`t2 r3 c4`) where the source has one. */
  ref: z.string().optional(),
});
export type Prov = z.infer<typeof ProvSchema>;

/** Per-field provenance of one row or form: field name → where it was read. */
export const ProvMapSchema = z.record(z.string(), ProvSchema);
export type ProvMap = z.infer<typeof ProvMapSchema>;

export const AmountUnitSchema = z.enum(['元', '万元']);
export type AmountUnit = z.infer<typeof AmountUnitSchema>;

export const FundingRowSchema = z.object({
  source: z.string(),
  initial_budget: z.number().nullable(),
  annual_budget: z.number().nullable(),
  executed: z.number().nullable(),
  balance: z.number().nullable(),
  weight: z.number().nullable(),
  rate: z.number().nullable(),
  score: z.number().nullable(),
});
export type FundingRow = z.infer<typeof FundingRowSchema>;

export const IndicatorSchema = z.object({
  level1: z.string().nullable(),
  level2: z.string().nullable(),
  name: z.string(),
  target_initial: z.string().nullable(),
  target: z.string().nullable(),
  actual: z.string().nullable(),
  weight: z.number().nullable(),
  score: z.number().nullable(),
  deviation: z.string().nullable(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const FormKindSchema = z.enum(['project', 'department', 'target']);
export type FormKind = z.infer<typeof FormKindSchema>;

export const FormSchema = z.object({
  kind: FormKindSchema,
  attachment: z.string().nullable(),
  title: z.string().nullable(),
  year: z.number().int().nullable(),
  project: z.string().nullable(),
  department: z.string().nullable(),
  implementer: z.string().nullable(),
  amount_unit: AmountUnitSchema.nullable(),
  funding: z.array(FundingRowSchema),
  indicators: z.array(IndicatorSchema),
  budget_score: z.number().nullable(),
  total_score: z.number().nullable(),
  grade: z.string().nullable(),
  fragment: z.boolean(),
});
export type Form = z.infer<typeof FormSchema>;

export const BudgetRowSchema = z.object({
  code: z.string().nullable(),
  label: z.string(),
  values: z.array(z.number().nullable()),
});
export type BudgetRow = z.infer<typeof BudgetRowSchema>;

export const BudgetTableSchema = z.object({
  title: z.string(),
  code: z.string().nullable(),
  entity: z.string().nullable(),
  amount_unit: AmountUnitSchema.nullable(),
  columns: z.array(z.string()),
  rows: z.array(BudgetRowSchema),
});
export type BudgetTable = z.infer<typeof BudgetTableSchema>;

export const RULES = [
  'FUND_RATE', 'FUND_SCORE', 'FUND_BALANCE', 'SCORE_OVER_WEIGHT', 'WEIGHT_SUM', 'TOTAL_SCORE', 'GRADE',
  'NARRATIVE', 'CROSS_TABLE', 'SUBTOTAL', 'MISSING_REASON', 'SCORE_RULE', 'PARSE',
] as const;
export const RuleSchema = z.enum(RULES);
export type Rule = z.infer<typeof RuleSchema>;
export const SeveritySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof SeveritySchema>;

export const AnomalySchema = z.object({
  rule: RuleSchema,
  severity: SeveritySchema,
  form: z.number().int().nullable(),
  table: z.number().int().nullable(),
  indicator: z.string().nullable(),
  expected: z.union([z.number(), z.string()]).nullable(),
  found: z.union([z.number(), z.string()]).nullable(),
  message: z.string(),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

export const FORMAT = 'form-extract/v1' as const;
export const ExtractDocSchema = z.object({
  format: z.literal(FORMAT),
  source: z.string(),
  forms: z.array(FormSchema),
  tables: z.array(BudgetTableSchema),
  anomalies: z.array(AnomalySchema),
});
export type ExtractDoc = z.infer<typeof ExtractDocSchema>;
