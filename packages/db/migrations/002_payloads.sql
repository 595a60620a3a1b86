-- Payloads too large for one Kafka message (claim check), addressed by the SHA-256 of their bytes.
CREATE TABLE payloads (
  ref         text PRIMARY KEY,
  bytes       bytea NOT NULL,
  size        bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payloads_created_at_idx ON payloads (created_at);
