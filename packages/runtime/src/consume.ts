import type { Consumer, ConsumerRunConfig } from 'kafkajs';

/**
 * The one place Strand starts a kafkajs consumer loop. The stage runner is its only pipeline
 * caller (acknowledgement, retries, dead-lettering, metrics and tracing live there); the read-only
 * topic reader for operator commands is the other, and it commits nothing.
 */
export function runConsumer(consumer: Consumer, config: ConsumerRunConfig): Promise<void> {
  return consumer.run(config);
}
