import type { Logger } from './logger.js';
import type { ErrorCode } from './error-codes.js';

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
 * to zero or more outputs (zero means filtered). Throw a StrandError with a non-retriable code to
 * send the record to the dead-letter topic, a retriable one to retry it, a fatal one (AUTH_FAILED,
 * CONFIG_INVALID) to stop the service. Acknowledgement,
 * retries, dead-lettering, metrics and tracing live in the runner, never in a stage.
 */
export interface Stage<In, Out> {
  kind?: 'message';
  /** Names the consumer group (`<prefix>.<name>`), metrics and spans: `<source>.<role>`, e.g. `genbank.parser`. */
  name: string;
  process(input: In, ctx: StageContext): Out[] | Promise<Out[]>;
  /**
   * How many records `process` may work on at once (default 1). Worth raising only when the work
   * happens off the event loop (worker threads, I/O); outputs keep their input order either way.
   */
  concurrency?: number;
}

/** What a streaming stage knows while it works on one input message. */
export interface StreamingContext extends StageContext {
  /** Aborted when the partition is lost (rebalance) or the stage stops: give up quickly, the work is redone by the next owner. */
  signal: AbortSignal;
}

/** One output of a streaming stage, with the key it is produced under and an optional progress marker for `checkpoint`. */
export interface StreamOutput<Out, P = unknown> {
  value: Out;
  key: string | null;
  /** Passed to `checkpoint` once this output (and everything before it) is durable. */
  progress?: P;
  /** Attributes of the record's root span (its trace starts here, with a link to the request's span). */
  attributes?: Record<string, string | number>;
}

/** Something a streaming stage reports as poison without failing the whole input (e.g. one CID PubChem does not know). */
export interface StreamDeadLetter {
  deadLetter: { key: string | null; error: unknown; value?: Buffer | null };
}

/**
 * A stage that turns one input message into a long sequence of outputs, e.g. a fetch request into
 * every record of a downloaded file. The runner batches the outputs under the one batch policy,
 * produces them (acks=all), calls `checkpoint` after each durable flush with the latest progress
 * marker, heartbeats throughout, and commits the input's offset only after the last output is
 * durable. If the stream throws a retriable error, or the partition is lost, the input is run again
 * from the start (by this instance or the partition's next owner): `stream` should resume from its
 * own checkpoint. A non-retriable error dead-letters the input; outputs already produced stay.
 */
export interface StreamingStage<In, Out, P = unknown> {
  kind: 'streaming';
  name: string;
  stream(input: In, ctx: StreamingContext): AsyncIterable<StreamOutput<Out, P> | StreamDeadLetter>;
  checkpoint?(input: In, progress: P, ctx: StreamingContext): Promise<void>;
  /** Called once the input's offset is committed or it was dead-lettered (e.g. to forget its checkpoint). */
  done?(input: In, ctx: StreamingContext): Promise<void>;
}

export type AnyStage<In, Out> = Stage<In, Out> | StreamingStage<In, Out, any>;

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
  write(items: StageOutputItem<Out>[]): Promise<SinkWriteResult>;
}

/** What a sink write did: the records refused, and for metrics the rows written per table and the records it skipped as unchanged or older. */
export interface SinkWriteResult {
  rejected: SinkRejection[];
  rowsWritten?: Record<string, number>;
  skipped?: number;
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
  errorCode: ErrorCode;
  reason: string;
  failedAt: number;
}
