-- Progress and failures per stage; the API reads status from here and from recordings, not BullMQ.
CREATE TABLE stage_runs (
  recording_id     uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  stage            text NOT NULL CHECK (stage IN ('transcribe', 'analyze')),
  pipeline_version text NOT NULL,
  status           text NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'retrying')),
  attempts         integer NOT NULL DEFAULT 0,
  job_id           text,
  error_code       text,
  error_message    text,
  duration_ms      integer,
  started_at       timestamptz,
  finished_at      timestamptz,
  PRIMARY KEY (recording_id, stage, pipeline_version)
);
CREATE INDEX stage_runs_status_idx ON stage_runs (stage, status);
