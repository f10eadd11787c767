-- Views for analysts (psql, BI tools): one row per indicator, per funding line, per form,
-- with the figures recomputed beside the printed ones. Plain SQL that runs on Postgres 15.

-- One row per 绩效指标: parsed target and actual, achievement and lost points.
CREATE VIEW indicator_facts AS
WITH parsed AS (
  SELECT i.*,
         substring(i.actual FROM '([0-9]+(?:\.[0-9]+)?)')::numeric AS actual_value,
         nullif(btrim(substring(i.actual FROM '[0-9]+(?:\.[0-9]+)?\s*(.*)$')), '') AS actual_unit
    FROM indicators i
)
SELECT p.id AS indicator_id, p.form_id, f.document_id, d.name AS document,
       f.kind, f.year, f.project, f.department, f.implementer,
       p.level1, p.level2, p.name,
       p.target, p.target_op, p.target_value, p.target_unit, p.target_approx,
       p.actual, p.actual_value, p.actual_unit,
       -- actual / target (target / actual for ≤ and < targets), only when the units agree
       CASE
         WHEN p.target_value IS NULL OR p.actual_value IS NULL THEN NULL
         WHEN coalesce(p.target_unit, '') <> coalesce(p.actual_unit, '') THEN NULL
         WHEN p.target_op IN ('≤', '<') THEN
           CASE WHEN p.actual_value = 0 THEN NULL ELSE round(p.target_value / p.actual_value, 4) END
         WHEN p.target_value = 0 THEN NULL
         ELSE round(p.actual_value / p.target_value, 4)
       END AS achievement,
       p.weight, p.score, p.weight - p.score AS lost_points, p.deviation,
       p.page, p.line
  FROM parsed p
  JOIN forms f ON f.id = p.form_id
  JOIN documents d ON d.id = f.document_id;

-- One row per funding line: amounts in 元 and the execution rate recomputed.
CREATE VIEW funding_facts AS
SELECT r.id AS funding_row_id, r.form_id, f.document_id, d.name AS document,
       f.kind, f.year, f.project, f.department, r.ordinal, r.source, r.amount_unit,
       r.initial_budget_yuan, r.annual_budget_yuan, r.executed_yuan, r.balance_yuan,
       r.weight, r.rate AS printed_rate,
       CASE WHEN r.annual_budget > 0 AND r.executed IS NOT NULL
            THEN round(r.executed / r.annual_budget, 4) END AS recomputed_rate,
       r.score, r.page, r.line
  FROM funding_rows r
  JOIN forms f ON f.id = r.form_id
  JOIN documents d ON d.id = f.document_id;

-- One row per form: budget score, the total recomputed from its parts, the grade that total earns.
CREATE VIEW form_facts AS
SELECT f.id AS form_id, f.document_id, d.name AS document,
       f.kind, f.attachment, f.year, f.project, f.department, f.implementer, f.fragment,
       t.executed_yuan, t.annual_budget_yuan, t.recomputed_rate AS execution_rate,
       f.budget_score, s.indicator_count, s.indicator_weight, s.indicator_score,
       f.budget_score + s.indicator_score AS recomputed_total,
       f.total_score AS printed_total,
       f.grade AS printed_grade,
       CASE
         WHEN f.total_score IS NULL THEN NULL
         WHEN f.total_score >= 90 THEN '优'
         WHEN f.total_score >= 80 THEN '良'
         WHEN f.total_score >= 60 THEN '中'
         ELSE '差'
       END AS grade_for_total,
       (SELECT count(*) FROM anomalies a WHERE a.form_id = f.id) AS anomaly_count
  FROM forms f
  JOIN documents d ON d.id = f.document_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS indicator_count, sum(i.weight) AS indicator_weight, sum(i.score) AS indicator_score
      FROM indicators i WHERE i.form_id = f.id
  ) s ON true
  LEFT JOIN LATERAL (
    SELECT ff.executed_yuan, ff.annual_budget_yuan, ff.recomputed_rate
      FROM funding_facts ff WHERE ff.form_id = f.id ORDER BY ff.ordinal LIMIT 1
  ) t ON true;
