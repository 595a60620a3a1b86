/**
 * When a batch of outgoing messages is sent: once it holds `count` messages or `bytes` bytes, or
 * once its first message has waited `lingerMs`. The one batch policy of every produce path (stage
 * outputs, streaming stages, the CLI's one-shot ingest).
 */
export interface BatchPolicy {
  count: number;
  bytes: number;
  lingerMs: number;
}

/** Defaults: 500 messages or the message size limit (the broker refuses larger record batches), 1 s linger. */
export function batchPolicy(maxMessageBytes: number, overrides: Partial<BatchPolicy> = {}): BatchPolicy {
  return { count: 500, bytes: maxMessageBytes, lingerMs: 1000, ...overrides };
}
