import type { KafkaMessage } from 'kafkajs';
import { describeError } from './errors.js';
import { redact } from './redact.js';
import type { DeadLetter } from './stage.js';

/**
 * The stage that wrote a dead letter, also as a header: `strand status` counts dead letters per
 * stage from headers alone, without decoding every value through the registry.
 */
export const deadLetterStageHeader = 'strand-dead-letter-stage';

/** The stage a dead letter's headers name, or null (a dead letter written before the header existed). */
export function deadLetterStage(headers: KafkaMessage['headers']): string | null {
  const v = headers?.[deadLetterStageHeader];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? null : one.toString();
}

/**
 * The dead letter for a failed input message: the stage, where the message came from, the error's
 * code and reason, and the original key and bytes (so it can be replayed). `about` narrows it to
 * part of the message, e.g. one CID of a fetch request. The reason is redacted (redact.ts); the
 * original bytes are kept as they were, for replay.
 */
export function deadLetterOf(
  stage: string,
  source: { topic: string; partition: number; message: KafkaMessage },
  err: unknown,
  about: { key?: string | null; value?: Buffer | null } = {},
): DeadLetter {
  const { code, message } = describeError(err);
  return {
    stage,
    sourceTopic: source.topic,
    sourcePartition: source.partition,
    sourceOffset: Number(source.message.offset),
    key: about.key !== undefined ? about.key : source.message.key?.toString() ?? null,
    value: about.value !== undefined ? about.value : source.message.value ?? null,
    errorCode: code,
    reason: redact(message),
    failedAt: Date.now(),
  };
}
