-- The analyst API at scale (a million indicators): what the views computed per row at query
-- time is stored with the row, the columns the lists filter on are indexed, and each list
-- pages by a key its index gives in order (keyset), so a page costs the same anywhere.

-- The figure and unit printed in 实际完成值 (the first number; what follows it), and
-- actual / target (target / actual for ≤ and < targets) when the units agree. IMMUTABLE, so
-- usable in generated columns: Postgres fills them on INSERT and for the rows already stored.
CREATE FUNCTION actual_value(actual text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substring(actual FROM '([0-9]+(?:\.[0-9]+)?)')::numeric
$$;

CREATE FUNCTION actual_unit(actual text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(btrim(substring(actual FROM '[0-9]+(?:\.[0-9]+)?\s*(.*)$')), '')
$$;

CREATE FUNCTION achievement(op text, target_value numeric, target_unit text, actual text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN target_value IS NULL OR actual_value(actual) IS NULL THEN NULL
    WHEN coalesce(target_unit, '') <> coalesce(actual_unit(actual), '') THEN NULL
    WHEN op IN ('≤', '<') THEN
      CASE WHEN actual_value(actual) = 0 THEN NULL ELSE round(target_value / actual_value(actual), 4) END
    WHEN target_value = 0 THEN NULL
    ELSE round(actual_value(actual) / target_value, 4)
  END
$$;

ALTER TABLE indicators
  ADD COLUMN actual_value numeric GENERATED ALWAYS AS (actual_value(actual)) STORED,
  ADD COLUMN actual_unit  text    GENERATED ALWAYS AS (actual_unit(actual)) STORED,
  ADD COLUMN achievement  numeric GENERATED ALWAYS AS (achievement(target_op, target_value, target_unit, actual)) STORED,
  ADD COLUMN lost_points  numeric GENERATED ALWAYS AS (weight - score) STORED;

ALTER TABLE funding_rows
  ADD COLUMN recomputed_rate numeric GENERATED ALWAYS AS (
    CASE WHEN annual_budget > 0 AND executed IS NOT NULL THEN round(executed / annual_budget, 4) END) STORED;

-- Same columns as before (psql users keep their queries), now read from the stored ones.
CREATE OR REPLACE VIEW indicator_facts AS
SELECT i.id AS indicator_id, i.form_id, f.document_id, d.name AS document,
       f.kind, f.year, f.project, f.department, f.implementer,
       i.level1, i.level2, i.name,
       i.target, i.target_op, i.target_value, i.target_unit, i.target_approx,
       i.actual, i.actual_value, i.actual_unit, i.achievement,
       i.weight, i.score, i.lost_points, i.deviation,
       i.page, i.line
  FROM indicators i
  JOIN forms f ON f.id = i.form_id
  JOIN documents d ON d.id = f.document_id;

-- The latest review of each reviewed anomaly, kept by a trigger so that `review=` is an
-- indexed filter (anomaly_review_state computes it over every review). The anomaly itself is
-- never changed by a review, and the history stays in anomaly_reviews (rows are only added).
CREATE TABLE anomaly_latest_review (
  anomaly_id bigint PRIMARY KEY REFERENCES anomalies(id) ON DELETE CASCADE,
  review_id  bigint NOT NULL REFERENCES anomaly_reviews(id) ON DELETE CASCADE,
  decision   text NOT NULL
);
CREATE INDEX anomaly_latest_review_decision_idx ON anomaly_latest_review (decision, anomaly_id);

INSERT INTO anomaly_latest_review (anomaly_id, review_id, decision)
SELECT anomaly_id, review_id, decision FROM anomaly_review_state;

CREATE FUNCTION anomaly_reviewed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO anomaly_latest_review AS l (anomaly_id, review_id, decision)
  VALUES (NEW.anomaly_id, NEW.id, NEW.decision)
  ON CONFLICT (anomaly_id) DO UPDATE SET review_id = EXCLUDED.review_id, decision = EXCLUDED.decision
   WHERE l.review_id < EXCLUDED.review_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER anomaly_reviewed AFTER INSERT ON anomaly_reviews
  FOR EACH ROW EXECUTE FUNCTION anomaly_reviewed();

-- Filters of the lists, each ending in the list's key so a filtered page is read in order.
CREATE INDEX documents_name_idx ON documents (name);
CREATE INDEX forms_department_idx ON forms (department, id);
CREATE INDEX forms_year_idx ON forms (year, id);
CREATE INDEX forms_project_idx ON forms (project, id);
CREATE INDEX forms_kind_idx ON forms (kind, id);
CREATE INDEX indicators_level1_idx ON indicators (level1, level2, form_id, ordinal);
CREATE INDEX indicators_level2_idx ON indicators (level2, form_id, ordinal);
CREATE INDEX anomalies_document_idx ON anomalies (document_id, id);
-- with the join columns, so a rule filter joined to forms reads the index alone
CREATE INDEX anomalies_rule_id_idx ON anomalies (rule, severity, id) INCLUDE (form_id, document_id);
CREATE INDEX anomalies_severity_idx ON anomalies (severity, id) INCLUDE (form_id, document_id);
DROP INDEX anomalies_rule_idx;
