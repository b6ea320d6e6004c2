-- API keys are stored as sha256 of the key; the key itself is shown once at creation.
CREATE TABLE api_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'qa', 'supervisor', 'agency')),
  agency_id   text,
  key_hash    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at  timestamptz,
  CHECK (role <> 'agency' OR agency_id IS NOT NULL)
);
