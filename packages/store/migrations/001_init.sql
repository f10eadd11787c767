-- Schema v1. Runs on Postgres 15 and PGlite. Amounts are kept as printed (with their
-- unit) and also normalised to 元 so sums across documents need no unit logic.
-- Provenance: page/line/line_end/bbox is the span a row was read from; `prov` keeps the
-- per-field map (field -> {page, line, lineEnd?, bbox?}) as extracted.

CREATE TABLE documents (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  path          text NOT NULL,
  -- NULL only for a failed document whose bytes could not be read
  sha256        text UNIQUE,
  media_type    text,
  bytes         bigint,
  page_count    integer,
  status        text NOT NULL CHECK (status IN ('done', 'failed')),
  error_code    text,
  error_message text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'failed') = (error_code IS NOT NULL)),
  CHECK (status = 'failed' OR sha256 IS NOT NULL)
);

CREATE TABLE forms (
  id           bigserial PRIMARY KEY,
  document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal      integer NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('project', 'department', 'target')),
  attachment   text,
  title        text,
  year         integer,
  project      text,
  department   text,
  implementer  text,
  amount_unit  text CHECK (amount_unit IN ('元', '万元')),
  budget_score numeric,
  total_score  numeric,
  grade        text,
  fragment     boolean NOT NULL,
  page         integer,
  line         integer,
  line_end     integer,
  bbox         double precision[],
  prov         jsonb NOT NULL DEFAULT '{}',
  UNIQUE (document_id, ordinal)
);

CREATE TABLE funding_rows (
  id                  bigserial PRIMARY KEY,
  form_id             bigint NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  ordinal             integer NOT NULL,
  source              text NOT NULL,
  initial_budget      numeric,
  annual_budget       numeric,
  executed            numeric,
  balance             numeric,
  weight              numeric,
  rate                numeric,
  score               numeric,
  amount_unit         text CHECK (amount_unit IN ('元', '万元')),
  -- normalised to 元 in SQL (exact numeric, no float artefacts); NULL when the unit is unknown
  initial_budget_yuan numeric GENERATED ALWAYS AS (initial_budget * CASE amount_unit WHEN '万元' THEN 10000 WHEN '元' THEN 1 END) STORED,
  annual_budget_yuan  numeric GENERATED ALWAYS AS (annual_budget * CASE amount_unit WHEN '万元' THEN 10000 WHEN '元' THEN 1 END) STORED,
  executed_yuan       numeric GENERATED ALWAYS AS (executed * CASE amount_unit WHEN '万元' THEN 10000 WHEN '元' THEN 1 END) STORED,
  balance_yuan        numeric GENERATED ALWAYS AS (balance * CASE amount_unit WHEN '万元' THEN 10000 WHEN '元' THEN 1 END) STORED,
  page                integer,
  line                integer,
  line_end            integer,
  bbox                double precision[],
  prov                jsonb NOT NULL DEFAULT '{}',
  UNIQUE (form_id, ordinal)
);

CREATE TABLE indicators (
  id             bigserial PRIMARY KEY,
  form_id        bigint NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
  ordinal        integer NOT NULL,
  level1         text,
  level2         text,
  name           text NOT NULL,
  target_initial text,
  target         text,
  actual         text,
  weight         numeric,
  score          numeric,
  deviation      text,
  -- `target` parsed (see src/target.ts); NULL op with a value means no operator was printed
  target_op      text CHECK (target_op IN ('≥', '≤', '>', '<', '=')),
  target_value   numeric,
  target_unit    text,
  target_approx  boolean NOT NULL DEFAULT false,
  page           integer,
  line           integer,
  line_end       integer,
  bbox           double precision[],
  prov           jsonb NOT NULL DEFAULT '{}',
  UNIQUE (form_id, ordinal)
);

CREATE TABLE budget_tables (
  id          bigserial PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal     integer NOT NULL,
  title       text NOT NULL,
  code        text,
  entity      text,
  amount_unit text CHECK (amount_unit IN ('元', '万元')),
  columns     jsonb NOT NULL,
  page        integer,
  line        integer,
  line_end    integer,
  bbox        double precision[],
  prov        jsonb NOT NULL DEFAULT '{}',
  UNIQUE (document_id, ordinal)
);

CREATE TABLE budget_rows (
  id       bigserial PRIMARY KEY,
  table_id bigint NOT NULL REFERENCES budget_tables(id) ON DELETE CASCADE,
  ordinal  integer NOT NULL,
  code     text,
  label    text NOT NULL,
  -- aligned with budget_tables.columns; null where the cell is empty
  "values" jsonb NOT NULL,
  page     integer,
  line     integer,
  line_end integer,
  bbox     double precision[],
  UNIQUE (table_id, ordinal)
);

CREATE TABLE anomalies (
  id           bigserial PRIMARY KEY,
  document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal      integer NOT NULL,
  form_id      bigint REFERENCES forms(id) ON DELETE CASCADE,
  table_id     bigint REFERENCES budget_tables(id) ON DELETE CASCADE,
  rule         text NOT NULL,
  severity     text NOT NULL CHECK (severity IN ('error', 'warning')),
  indicator    text,
  expected     text,
  expected_num numeric,
  found        text,
  found_num    numeric,
  message      text NOT NULL,
  UNIQUE (document_id, ordinal)
);

CREATE TABLE anomaly_evidence (
  id         bigserial PRIMARY KEY,
  anomaly_id bigint NOT NULL REFERENCES anomalies(id) ON DELETE CASCADE,
  ordinal    integer NOT NULL,
  field      text NOT NULL,
  value      text,
  value_num  numeric,
  page       integer,
  line       integer,
  line_end   integer,
  bbox       double precision[],
  UNIQUE (anomaly_id, ordinal)
);

-- (document_id, ordinal)-style UNIQUE constraints already index the parent keys
CREATE INDEX anomalies_form_idx ON anomalies (form_id);
CREATE INDEX anomalies_rule_idx ON anomalies (rule, severity);
