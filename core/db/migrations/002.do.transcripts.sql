-- One transcript per recording: the transcribe stage upserts it (a retried job replaces it).
CREATE TABLE transcripts (
  recording_id      uuid PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  pipeline_version  text NOT NULL,
  asr_model         text,
  duration_ms       integer NOT NULL,
  activity          jsonb,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE segments (
  recording_id     uuid NOT NULL REFERENCES transcripts(recording_id) ON DELETE CASCADE,
  idx              integer NOT NULL,
  speaker          text NOT NULL CHECK (speaker IN ('agent', 'customer', 'unknown')),
  start_ms         integer NOT NULL,
  end_ms           integer NOT NULL,
  text             text NOT NULL,
  text_raw         text,
  trusted          boolean NOT NULL DEFAULT true,
  speaker_inferred boolean,
  channel          smallint,
  loudness_db      real,
  peak_loudness_db real,
  untrusted_reason text,
  PRIMARY KEY (recording_id, idx)
);
