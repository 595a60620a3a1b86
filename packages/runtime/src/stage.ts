import type { Logger } from './logger.js';

/** What a stage knows about the message it is processing. */
export interface StageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  logger: Logger;
}

/**
 * The contract every consumer service implements: a pure function from one decoded input value
 * to zero or more outputs (zero means filtered). Throw an error with `retriable: false` to send
 * the record to the dead-letter topic; throw a retriable one to retry it. Acknowledgement,
 * retries, dead-lettering, metrics and tracing live in the runner, never in a stage.
 */
export interface Stage<In, Out> {
  /** Names the consumer group (`<prefix>.<name>`), metrics and spans. */
  name: string;
  process(input: In, ctx: StageContext): Out[] | Promise<Out[]>;
  /**
   * How many records `process` may work on at once (default 1). Worth raising only when the work
   * happens off the event loop (worker threads, I/O); outputs keep their input order either way.
   */
  concurrency?: number;
}

/** One output produced from one input message, with where that input came from. */
export interface StageOutputItem<Out> {
  value: Out;
  key: string | null;
  source: { topic: string; partition: number; offset: string };
}

/** Produce each output to a topic; durable once the broker acknowledges (acks=all). */
export interface TopicOutput<Out> {
  kind: 'topic';
  topic: string;
  key(value: Out): string | null;
}

/** A record the sink refused (a row-level problem, not an outage): it is dead-lettered. */
export interface SinkRejection {
  index: number;
  error: unknown;
}

/**
 * Write each batch to a store; `write` resolves only once the batch is durable (transaction
 * committed). It throws a retriable error for outages and returns rejections for bad records.
 */
export interface SinkOutput<Out> {
  kind: 'sink';
  write(items: StageOutputItem<Out>[]): Promise<{ rejected: SinkRejection[] }>;
}

export type StageOutput<Out> = TopicOutput<Out> | SinkOutput<Out>;

/** Value of the dead-letter topic (schemas/dlq.avsc). */
export interface DeadLetter {
  stage: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: number;
  key: string | null;
  value: Buffer | null;
  errorCode: string;
  reason: string;
  failedAt: number;
}
