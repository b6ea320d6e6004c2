-- An analysis is one run of the rules over a stored transcript. run_key makes the analyze job
-- idempotent (same pipeline + lexicon version → same row); a re-analysis adds a row and moves
-- is_current, keeping the previous one for comparison.
CREATE TABLE analyses (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recording_id     uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  run_key          text NOT NULL,
  pipeline_version text NOT NULL,
  lexicon_version  text NOT NULL,
  asr_model        text,
  policy           text,
  score            integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  penalty_yuan     numeric(12, 2) NOT NULL DEFAULT 0,
  callee_role      text,
  metrics          jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_current       boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (recording_id, run_key)
);
-- At most one current analysis per recording.
CREATE UNIQUE INDEX analyses_current_idx ON analyses (recording_id) WHERE is_current;
CREATE INDEX analyses_score_idx ON analyses (score) WHERE is_current;

CREATE TABLE findings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  analysis_id      uuid NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  recording_id     uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  idx              integer NOT NULL,
  finding_key      text NOT NULL,
  rule_id          text NOT NULL,
  category         text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
  source           text NOT NULL CHECK (source IN ('lexicon', 'acoustic', 'metadata', 'script')),
  speaker          text NOT NULL,
  start_ms         integer NOT NULL,
  end_ms           integer NOT NULL,
  evidence         text NOT NULL,
  match            jsonb,
  confidence       real NOT NULL,
  penalty_class    text,
  penalty_yuan     numeric(12, 2),
  detail           text,
  is_current       boolean NOT NULL DEFAULT false,
  lexicon_version  text NOT NULL,
  asr_model        text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (analysis_id, idx)
);
CREATE INDEX findings_recording_idx ON findings (recording_id);
CREATE INDEX findings_category_idx ON findings (category, severity) WHERE is_current;
CREATE INDEX findings_severity_idx ON findings (severity) WHERE is_current;
CREATE INDEX findings_rule_idx ON findings (rule_id) WHERE is_current;
