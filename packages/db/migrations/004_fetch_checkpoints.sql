-- How far a fetch request of any source that downloads files has got: bytes of the decompressed
-- stream whose records are published (and acknowledged), so a restarted request resumes there.
-- A row is deleted once the request's offset is committed.
CREATE TABLE fetch_checkpoints (
  request_id       text PRIMARY KEY,
  source           text NOT NULL,
  published_bytes  bigint NOT NULL,
  records          bigint NOT NULL,
  done             boolean NOT NULL DEFAULT false,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
