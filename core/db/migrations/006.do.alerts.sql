-- id is a bigserial so an SSE client can resume with Last-Event-ID.
CREATE TABLE alerts (
  id            bigserial PRIMARY KEY,
  recording_id  uuid NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  analysis_id   uuid NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  finding_id    uuid NOT NULL UNIQUE REFERENCES findings(id) ON DELETE CASCADE,
  category      text NOT NULL,
  severity      text NOT NULL,
  agency_id     text,
  agent_id      text,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_agency_idx ON alerts (agency_id, id);

CREATE TABLE webhook_deliveries (
  id            bigserial PRIMARY KEY,
  alert_id      bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  attempt       integer NOT NULL,
  url           text NOT NULL,
  status_code   integer,
  error         text,
  duration_ms   integer,
  delivered_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (alert_id, attempt)
);
