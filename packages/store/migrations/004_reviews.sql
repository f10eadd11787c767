-- Reviews of anomalies. A reviewer's decision is a row of its own: the extracted data and
-- the anomaly are never changed, and every earlier decision stays (the history). The
-- current state of an anomaly is its latest review (view anomaly_review_state).
CREATE TABLE anomaly_reviews (
  id              bigserial PRIMARY KEY,
  anomaly_id      bigint NOT NULL REFERENCES anomalies(id) ON DELETE CASCADE,
  decision        text NOT NULL CHECK (decision IN ('confirmed', 'dismissed', 'corrected')),
  reviewer        text NOT NULL CHECK (btrim(reviewer) <> ''),
  -- why: required to dismiss, optional otherwise
  reason          text,
  -- the right value, as the reviewer typed it: required to correct
  corrected_value text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (decision <> 'dismissed' OR btrim(coalesce(reason, '')) <> ''),
  CHECK (decision <> 'corrected' OR btrim(coalesce(corrected_value, '')) <> '')
);

CREATE INDEX anomaly_reviews_anomaly_idx ON anomaly_reviews (anomaly_id, id);

-- The latest decision per anomaly (anomalies never reviewed have no row).
CREATE VIEW anomaly_review_state AS
SELECT DISTINCT ON (r.anomaly_id)
       r.anomaly_id, r.id AS review_id, r.decision, r.reviewer, r.reason, r.corrected_value, r.created_at,
       count(*) OVER (PARTITION BY r.anomaly_id) AS review_count
  FROM anomaly_reviews r
 ORDER BY r.anomaly_id, r.id DESC;
