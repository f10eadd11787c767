-- Service mode: a document row exists from upload on. It is `queued`, then `running`
-- (with the stage it is in), then `done` or `failed`. `runs` counts the times the bytes
-- were queued: a failed document uploaded again is queued once more (job id sha256-runs).
-- The counts of what was stored are written with status `done`, in the same transaction.
ALTER TABLE documents DROP CONSTRAINT documents_status_check;
ALTER TABLE documents ADD CONSTRAINT documents_status_check
  CHECK (status IN ('queued', 'running', 'done', 'failed'));

ALTER TABLE documents
  ADD COLUMN stage           text CHECK (stage IN ('ingest', 'reconstruct', 'validate', 'store')),
  ADD COLUMN runs            integer NOT NULL DEFAULT 1,
  ADD COLUMN form_count      integer,
  ADD COLUMN indicator_count integer,
  ADD COLUMN table_count     integer,
  ADD COLUMN anomaly_count   integer,
  ADD COLUMN started_at      timestamptz,
  ADD COLUMN finished_at     timestamptz,
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT documents_stage_running CHECK (stage IS NULL OR status = 'running');

-- Documents still to be worked on (the API and the operators look them up by status).
CREATE INDEX documents_pending_idx ON documents (status) WHERE status IN ('queued', 'running');
