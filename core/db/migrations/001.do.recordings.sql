-- Batches group recordings sent together (overnight `callqa enqueue --batch NAME`).
CREATE TABLE batches (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  manifest    text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per distinct recording content (sha256): an identical upload finds this row.
CREATE TABLE recordings (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sha256         text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_path   text NOT NULL,
  original_name  text NOT NULL,
  byte_size      bigint NOT NULL CHECK (byte_size > 0),
  duration_ms    integer,
  channels       smallint,
  meta           jsonb NOT NULL DEFAULT '{}'::jsonb,
  call_id        text NOT NULL,
  agent_id       text,
  agency_id      text,
  started_at     timestamptz,
  callee_role    text CHECK (callee_role IN ('debtor', 'third_party', 'unknown')),
  is_student     boolean,
  priority       text NOT NULL DEFAULT 'batch' CHECK (priority IN ('realtime', 'batch')),
  status         text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'transcribing', 'transcribed', 'analyzing', 'scored', 'failed')),
  error_code     text,
  error_message  text,
  score          integer,
  batch_id       uuid REFERENCES batches(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX recordings_agent_idx ON recordings (agent_id, created_at DESC);
CREATE INDEX recordings_agency_idx ON recordings (agency_id, created_at DESC);
CREATE INDEX recordings_started_at_idx ON recordings (started_at);
CREATE INDEX recordings_created_at_idx ON recordings (created_at);
CREATE INDEX recordings_status_idx ON recordings (status);
CREATE INDEX recordings_score_idx ON recordings (score);
CREATE INDEX recordings_batch_idx ON recordings (batch_id);
