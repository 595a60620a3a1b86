import type { Consumer, ConsumerRunConfig } from 'kafkajs';

/**
 * The one place Strand starts a kafkajs consumer loop. The stage runner is its only pipeline
 * caller (acknowledgement, retries, dead-lettering, metrics and tracing live there); the others
 * commit nothing: the read-only topic reader of operator commands, and the control-topic follower
 * that applies `strand pause` / `strand resume` (packages/pipeline/src/stage-pause-follower.ts).
 */
export function runConsumer(consumer: Consumer, config: ConsumerRunConfig): Promise<void> {
  return consumer.run(config);
}
