-- Reconciliation across documents: a self-evaluation form (kind 'project') against what the
-- budget or the performance-target declaration of the same project said, in another document
-- of the same department (and year, where both state it). Projects are linked by name:
-- equal once normalised, or one name containing the other (4+ characters).

-- A name for matching: NFKC (full-width letters, digits and brackets → ASCII), lower case,
-- then everything but letters, digits and CJK removed (white space, punctuation, dashes).
-- A form states its year only where its heading does; the document's own heading often does
-- (`2020 年度部门决算表`). Forms without a year take their document's, so that records of
-- different years do not link.
ALTER TABLE documents ADD COLUMN year integer;

CREATE FUNCTION reconcile_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(regexp_replace(lower(normalize(t, NFKC)), '[^0-9a-z\u3400-\u9fff]+', '', 'g'), '')
$$;

-- A target for comparing: NFKC, white space and thousands separators removed, >= / <= as ≥ / ≤.
CREATE FUNCTION reconcile_target_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(replace(replace(regexp_replace(regexp_replace(normalize(t, NFKC), '\s+', '', 'g'),
                                               '([0-9]),(?=[0-9]{3})', '\1', 'g'), '>=', '≥'), '<=', '≤'), '')
$$;

-- How two names link: 'exact', 'contains' (the shorter has 4+ characters), or NULL.
CREATE FUNCTION reconcile_link(a text, b text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN reconcile_key(a) IS NULL OR reconcile_key(b) IS NULL THEN NULL
    WHEN reconcile_key(a) = reconcile_key(b) THEN 'exact'
    WHEN least(length(reconcile_key(a)), length(reconcile_key(b))) >= 4
     AND (strpos(reconcile_key(a), reconcile_key(b)) > 0 OR strpos(reconcile_key(b), reconcile_key(a)) > 0) THEN 'contains'
  END
$$;

-- Same department unless both are known and do not link; same year unless both are known and differ.
CREATE FUNCTION reconcile_compatible(dept_a text, dept_b text, year_a integer, year_b integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (reconcile_key(dept_a) IS NULL OR reconcile_key(dept_b) IS NULL OR reconcile_link(dept_a, dept_b) IS NOT NULL)
     AND (year_a IS NULL OR year_b IS NULL OR year_a = year_b)
$$;

-- Half a unit of the last digit printed, in 元: what rounding to the printed precision can hide.
-- (Amounts pass through JSON numbers, so trailing zeros after the point are not counted.)
CREATE FUNCTION reconcile_tolerance_yuan(amount numeric, unit text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 0.5 * power(10::numeric, -scale(amount)) * CASE unit WHEN '万元' THEN 10000 WHEN '元' THEN 1 END
$$;

-- The evaluated side: each self-evaluation form with a project name and its 年初预算数
-- (the first funding line that prints one, normally 年度资金总额).
CREATE VIEW reconcile_evaluated AS
SELECT f.id AS form_id, f.document_id, d.name AS document, coalesce(f.year, d.year) AS year, f.project, f.department,
       r.source AS funding_source, r.initial_budget, r.amount_unit, r.initial_budget_yuan,
       coalesce(r.page, f.page) AS page, coalesce(r.line, f.line) AS line
  FROM forms f
  JOIN documents d ON d.id = f.document_id
  LEFT JOIN LATERAL (
    SELECT * FROM funding_rows r WHERE r.form_id = f.id AND r.initial_budget IS NOT NULL ORDER BY r.ordinal LIMIT 1
  ) r ON true
 WHERE f.kind = 'project' AND f.project IS NOT NULL AND NOT f.fragment;

-- The declared side: every amount printed for a named project before the year —
--   a budget-table row (its first column, e.g. 预算金额/合计),
--   a project declaration's year amount (本年度项目金额; not the multi-year 项目总金额),
--   a task row of a department declaration (任务名称 → 预算金额 总额; not the 合计 row).
CREATE VIEW reconcile_declared AS
SELECT 'budget_table'::text AS source_kind, t.document_id, d.name AS document,
       concat_ws(' ', t.code, t.title) AS declared_in, t.entity AS department, d.year,
       r.label AS name, t."columns"->>0 AS field, (r."values"->>0)::numeric AS amount, t.amount_unit,
       (r."values"->>0)::numeric * CASE t.amount_unit WHEN '万元' THEN 10000 WHEN '元' THEN 1 END AS amount_yuan,
       r.page, r.line
  FROM budget_rows r
  JOIN budget_tables t ON t.id = r.table_id
  JOIN documents d ON d.id = t.document_id
 WHERE jsonb_typeof(r."values"->0) = 'number' AND reconcile_key(r.label) IS NOT NULL
UNION ALL
SELECT 'target_form', f.document_id, d.name, f.title, f.department, coalesce(f.year, d.year),
       coalesce(f.project, r.source), CASE WHEN f.project IS NOT NULL THEN r.source END, r.initial_budget, r.amount_unit,
       r.initial_budget_yuan,
       r.page, r.line
  FROM funding_rows r
  JOIN forms f ON f.id = r.form_id
  JOIN documents d ON d.id = f.document_id
 WHERE f.kind = 'target' AND r.initial_budget IS NOT NULL
   AND CASE WHEN f.project IS NOT NULL THEN r.source !~ '总金额|总投资|跨年'
            ELSE r.source !~ '^(金额)?(合计|总计|小计)|合计$' END;

-- (a) Amounts: the evaluated 年初预算数 beside each declared amount of the same project, in 元.
-- status: exact; rounding (the difference is within the precision either side printed, e.g.
-- 1,795 万元 = 17,950,000 ± 5,000 元 against 17,948,700 元); mismatch; unknown (a unit missing).
CREATE VIEW reconcile_amounts AS
SELECT e.department, e.year, e.project,
       e.document AS evaluated_document, e.form_id AS evaluated_form_id, e.funding_source AS evaluated_field,
       e.initial_budget AS evaluated_amount, e.amount_unit AS evaluated_unit, e.initial_budget_yuan AS evaluated_yuan,
       e.page AS evaluated_page, e.line AS evaluated_line,
       x.source_kind AS declared_kind, x.document AS declared_document, x.declared_in, x.name AS declared_name,
       x.field AS declared_field, x.amount AS declared_amount, x.amount_unit AS declared_unit, x.amount_yuan AS declared_yuan,
       x.page AS declared_page, x.line AS declared_line,
       reconcile_link(e.project, x.name) AS link,
       x.amount_yuan - e.initial_budget_yuan AS difference_yuan,
       greatest(reconcile_tolerance_yuan(e.initial_budget, e.amount_unit), reconcile_tolerance_yuan(x.amount, x.amount_unit)) AS tolerance_yuan,
       CASE
         WHEN e.initial_budget_yuan IS NULL OR x.amount_yuan IS NULL THEN 'unknown'
         WHEN e.initial_budget_yuan = x.amount_yuan THEN 'exact'
         WHEN abs(x.amount_yuan - e.initial_budget_yuan)
              <= greatest(reconcile_tolerance_yuan(e.initial_budget, e.amount_unit), reconcile_tolerance_yuan(x.amount, x.amount_unit))
           THEN 'rounding'
         ELSE 'mismatch'
       END AS status
  FROM reconcile_evaluated e
  JOIN reconcile_declared x
    ON x.document_id <> e.document_id
   AND reconcile_link(e.project, x.name) IS NOT NULL
   AND reconcile_compatible(e.department, x.department, e.year, x.year);

-- (b) Target drift: the indicators of an evaluated form and of the declaration of the same
-- project, matched by normalised name. status: same; drift (the evaluated target is not the
-- declared one); not_evaluated (declared, missing from the evaluation); not_declared.
CREATE VIEW reconcile_targets AS
WITH pairs AS (
  SELECT e.id AS evaluated_form_id, t.id AS declared_form_id, e.document_id AS evaluated_document_id,
         t.document_id AS declared_document_id, e.department,
         coalesce(e.year, de.year, t.year, dt.year) AS year, e.project,
         t.project AS declared_project, reconcile_link(e.project, t.project) AS link
    FROM forms e
    JOIN documents de ON de.id = e.document_id
    JOIN forms t ON t.kind = 'target' AND t.project IS NOT NULL AND t.document_id <> e.document_id
    JOIN documents dt ON dt.id = t.document_id
   WHERE e.kind = 'project' AND e.project IS NOT NULL AND NOT e.fragment
     AND reconcile_link(e.project, t.project) IS NOT NULL
     AND reconcile_compatible(e.department, t.department, coalesce(e.year, de.year), coalesce(t.year, dt.year))
),
ind AS (
  SELECT i.*, reconcile_key(i.name) AS name_key, reconcile_target_key(i.target) AS target_key FROM indicators i
),
declared AS (
  SELECT p.evaluated_form_id, p.declared_form_id, i.* FROM pairs p JOIN ind i ON i.form_id = p.declared_form_id
),
evaluated AS (
  SELECT p.evaluated_form_id, p.declared_form_id, i.* FROM pairs p JOIN ind i ON i.form_id = p.evaluated_form_id
),
matched AS (
  SELECT coalesce(dc.evaluated_form_id, ev.evaluated_form_id) AS evaluated_form_id,
         coalesce(dc.declared_form_id, ev.declared_form_id) AS declared_form_id,
         dc.id AS declared_indicator_id, dc.name AS declared_name, dc.target AS declared_target,
         dc.target_op AS declared_op, dc.target_value AS declared_value, dc.target_unit AS declared_unit,
         dc.page AS declared_page, dc.line AS declared_line, dc.target_key AS declared_key,
         ev.id AS evaluated_indicator_id, ev.name AS evaluated_name, ev.target AS evaluated_target,
         ev.target_op AS evaluated_op, ev.target_value AS evaluated_value, ev.target_unit AS evaluated_unit,
         ev.page AS evaluated_page, ev.line AS evaluated_line, ev.target_key AS evaluated_key
    FROM declared dc
    FULL JOIN evaluated ev
      ON ev.evaluated_form_id = dc.evaluated_form_id AND ev.declared_form_id = dc.declared_form_id AND ev.name_key = dc.name_key
)
SELECT p.department, p.year, p.project, p.declared_project, p.link,
       de.name AS evaluated_document, p.evaluated_form_id, dd.name AS declared_document, p.declared_form_id,
       coalesce(m.evaluated_name, m.declared_name) AS indicator,
       m.declared_indicator_id, m.declared_target, m.declared_op, m.declared_value, m.declared_unit, m.declared_page, m.declared_line,
       m.evaluated_indicator_id, m.evaluated_target, m.evaluated_op, m.evaluated_value, m.evaluated_unit, m.evaluated_page, m.evaluated_line,
       CASE
         WHEN m.declared_indicator_id IS NULL THEN 'not_declared'
         WHEN m.evaluated_indicator_id IS NULL THEN 'not_evaluated'
         WHEN m.declared_key IS NOT DISTINCT FROM m.evaluated_key THEN 'same'
         ELSE 'drift'
       END AS status
  FROM matched m
  JOIN pairs p ON p.evaluated_form_id = m.evaluated_form_id AND p.declared_form_id = m.declared_form_id
  JOIN documents de ON de.id = p.evaluated_document_id
  JOIN documents dd ON dd.id = p.declared_document_id;
