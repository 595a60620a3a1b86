import type { KafkaMessage, Message, Producer } from 'kafkajs';
import type { Span } from '@opentelemetry/api';
import { describeError, StrandError } from './errors.js';
import { headersForSpan } from './telemetry.js';
import { produceBounded, type TopicMessages } from './send-bounded.js';
import { redriveCount, redriveCountHeader } from './redrive-header.js';
import { deadLetterOf, deadLetterStageHeader } from './dead-letter.js';
import { incomingValue, payloadRef, payloadRefHeader, type PayloadStore } from './payload-store.js';
import type { ValueCodec } from './registry.js';
import type { Logger } from './logger.js';
import type { StrandConfig } from './config.js';
import type { StageOutput } from './stage.js';
import { stageAttributes, stageInstruments } from './stage-instruments.js';

/** What the runner's per-kind handlers share for one stage: clients, its output, and the decode / dead-letter / produce steps. */
export interface StageRunContext<In, Out> {
  stageName: string;
  config: StrandConfig;
  logger: Logger;
  codec: ValueCodec;
  producer: Producer;
  output: StageOutput<Out>;
  deadLetterTopic: string;
  payloads: PayloadStore | undefined;
  /** The message's value decoded through the registry (claim check resolved); an empty or undecodable value is poison. */
  decode(message: KafkaMessage, where: string): Promise<In>;
  /** The dead-letter message for a failed input (or a part of it, `about`), carrying the span's trace and any claim-check reference. */
  deadLetterMessage(source: { topic: string; partition: number; message: KafkaMessage }, err: unknown, span: Span | undefined, about?: { key?: string | null; value?: Buffer | null }): Promise<Message>;
  /** Produces in requests the broker accepts (acks=all); a failure is a retriable KAFKA_PRODUCE_FAILED. */
  produce(topicMessages: TopicMessages[]): Promise<void>;
  /** Counts one retry of this stage's work (strand.stage.retries), by error code. */
  retries(code: string): void;
}

export function stageRunContext<In, Out>(opts: {
  stageName: string; config: StrandConfig; logger: Logger; codec: ValueCodec; producer: Producer;
  output: StageOutput<Out>; deadLetterTopic: string; payloads: PayloadStore | undefined;
}): StageRunContext<In, Out> {
  const { stageName, config, logger, codec, producer, deadLetterTopic, payloads } = opts;
  const attrs = stageAttributes(stageName);
  const { retries } = stageInstruments();
  return {
    ...opts,
    decode: async (message, where) => {
      const value = await incomingValue(message, payloads, where);
      if (!value || value.length === 0) throw new StrandError('RECORD_INVALID', `Empty message value at ${where}`);
      return codec.decode<In>(value, where);
    },
    deadLetterMessage: async (source, err, span, about) => {
      const dl = deadLetterOf(stageName, source, err, about);
      const { code, message } = describeError(err);
      logger.warn('record dead-lettered', { code, reason: message, topic: source.topic, partition: source.partition, offset: source.message.offset, key: dl.key });
      // A claim-checked original keeps its reference; the dead letter itself stays small.
      const ref = about?.value === undefined ? payloadRef(source.message.headers) : null;
      // A redriven record that fails again keeps its count, so `strand dlq redrive` can stop at its limit.
      const redriven = about === undefined ? redriveCount(source.message.headers) : 0;
      return {
        key: dl.key, value: await codec.encode(deadLetterTopic, dl),
        headers: { ...headersForSpan(span), [deadLetterStageHeader]: stageName, ...(ref ? { [payloadRefHeader]: ref } : {}), ...(redriven > 0 ? { [redriveCountHeader]: String(redriven) } : {}) },
      };
    },
    produce: (topicMessages) => produceBounded(producer, topicMessages, config.maxMessageBytes, `${stageName}: `, config.kafkaCompression),
    retries: (code) => retries.add(1, { ...attrs, code }),
  };
}
