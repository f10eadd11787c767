-- Named API keys. The secret itself is never stored, only its sha256: a key is 32 random
-- bytes, so there is nothing to brute-force and a slow hash (scrypt) would only cost time
-- on every request; a fast digest also lets a request find its key with one indexed lookup.
-- Keys are revoked, never deleted, so the reviews that name one keep pointing at it.
CREATE TABLE api_keys (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL CHECK (btrim(name) = name AND name <> '' AND length(name) <= 100),
  role          text NOT NULL CHECK (role IN ('reader', 'uploader', 'reviewer', 'admin')),
  secret_sha256 text NOT NULL UNIQUE CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  -- updated at most once a minute (see keys.ts)
  last_used_at  timestamptz
);

-- A name picks one live key (`ziping keys revoke NAME`); a revoked key's name may be reused.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;

-- A decision records the key it was made with; `reviewer` holds that key's name. Rows from
-- before keys (free-text reviewer, no key) stay as they were.
ALTER TABLE anomaly_reviews ADD COLUMN key_id bigint REFERENCES api_keys(id);
