import type { Kafka, KafkaMessage, Producer, Consumer, Message, EachBatchPayload } from 'kafkajs';
import { SpanKind, SpanStatusCode, context, trace, type Span, type Counter, type Histogram } from '@opentelemetry/api';
import { describeError, StrandError } from './errors.js';
import { retryForever } from './retry-forever.js';
import { tracer, meter, contextFromHeaders, headersForSpan } from './telemetry.js';
import { withDeadline } from './deadline.js';
import { sendBounded } from './send-bounded.js';
import { deadLetterOf } from './dead-letter.js';
import type { ValueCodec } from './registry.js';
import { outgoingValue, incomingValue, payloadRef, payloadRefHeader, type PayloadStore } from './payload-store.js';
import type { Logger } from './logger.js';
import type { StrandConfig } from './config.js';
import type { Stage, StageOutput, StageOutputItem } from './stage.js';

export interface RunStageOptions<In, Out> {
  config: StrandConfig;
  logger: Logger;
  kafka: Kafka;
  producer: Producer;
  codec: ValueCodec;
  stage: Stage<In, Out>;
  inputTopic: string;
  output: StageOutput<Out>;
  deadLetterTopic: string;
  groupId: string;
  /** Keeps payloads over STRAND_MAX_MESSAGE_BYTES out of Kafka (claim check). */
  payloads?: PayloadStore;
  /** Messages handled per durable write and commit (defaults to the sink batch size). */
  chunkSize?: number;
}

export interface RunningStage {
  consumer: Consumer;
  stop(): Promise<void>;
}

interface StageInstruments {
  processed: Counter;
  produced: Counter;
  chunkDuration: Histogram;
  lagByPartition: Map<string, { value: number; attrs: Record<string, string | number> }>;
}

let instruments: StageInstruments | undefined;

/** The runner's metrics, created once per process on first use (after the SDK has started). */
function stageInstruments(): StageInstruments {
  if (instruments) return instruments;
  const m = meter();
  const lagByPartition = new Map<string, { value: number; attrs: Record<string, string | number> }>();
  m.createObservableGauge('strand.consumer.lag', { description: 'Messages between the committed position and the partition end, per partition' })
    .addCallback((result) => { for (const { value, attrs } of lagByPartition.values()) result.observe(value, attrs); });
  instruments = {
    processed: m.createCounter('strand.stage.messages', { description: 'Input messages handled by a stage, by outcome' }),
    produced: m.createCounter('strand.stage.outputs', { description: 'Records a stage produced or wrote' }),
    chunkDuration: m.createHistogram('strand.stage.chunk.duration', { unit: 's', description: 'Time to process, write and commit one chunk, in seconds', advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] } }),
    lagByPartition,
  };
  return instruments;
}

interface Pending<Out> {
  message: KafkaMessage;
  span: Span;
  outputs: Out[];
  failure?: unknown;
}

/**
 * The one stage runner: consume a batch, decode through the registry, run the stage's pure
 * `process`, produce or write, and commit offsets only after that output is durable (produce
 * acknowledged by the broker, or the Postgres transaction committed). Poison records go to the
 * dead-letter topic with their reason and source offsets; retriable failures are retried, never
 * dead-lettered. Metrics and one span per record (continuing the trace from the message headers)
 * are added here, not in stages.
 */
export async function runStage<In, Out>(opts: RunStageOptions<In, Out>): Promise<RunningStage> {
  const { config, kafka, producer, codec, stage, output, inputTopic, deadLetterTopic } = opts;
  const logger = opts.logger.child({ stage: stage.name });
  const chunkSize = opts.chunkSize ?? config.sinkBatchSize;
  const { processed, produced, chunkDuration, lagByPartition } = stageInstruments();
  // Fetches of up to 8 MB per partition, so a sink chunk is a few hundred records, not the ~50 that kafkajs' 1 MB default
  // allows for GenBank-sized records (fewer, larger COPY transactions). Memory stays bounded by these two limits.
  const consumer = kafka.consumer({ groupId: opts.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxBytesPerPartition: 8 * 1024 * 1024, maxBytes: 32 * 1024 * 1024 });
  let running = true;

  await withDeadline(consumer.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
  await consumer.subscribe({ topics: [inputTopic], fromBeginning: true });

  const handleBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    const keepGoing = () => running && isRunning() && !isStale();
    for (let i = 0; i < batch.messages.length && keepGoing(); i += chunkSize) {
      const started = performance.now();
      const chunk = batch.messages.slice(i, i + chunkSize);
      const pending = await processChunk(chunk, batch.topic, batch.partition, keepGoing, heartbeat);
      if (!keepGoing()) return; // lost the partition or stopping: nothing is committed, the next owner redoes it

      const deadLetters = await retryForever(() => writeOutputs(pending, batch.topic, batch.partition), {
        what: `${stage.name}: writing ${pending.length} records`, logger, keepGoing, between: heartbeat,
      });
      const last = chunk[chunk.length - 1]!;
      await retryForever(() => consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]), {
        what: `${stage.name}: committing offset ${last.offset} of ${batch.topic}[${batch.partition}]`, logger, keepGoing, between: heartbeat,
      });
      resolveOffset(last.offset);
      for (const p of pending) p.span.end();
      const lag = Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n);
      lagByPartition.set(`${batch.topic}:${batch.partition}`, { value: lag, attrs: { topic: batch.topic, partition: batch.partition, group: opts.groupId } });
      processed.add(pending.length - deadLetters, { stage: stage.name, outcome: 'processed' });
      if (deadLetters > 0) processed.add(deadLetters, { stage: stage.name, outcome: 'dead_lettered' });
      chunkDuration.record((performance.now() - started) / 1000, { stage: stage.name });
      await heartbeat();
    }
  };

  /** Decodes and processes one message; a retriable failure is retried in place, a poison one is kept for the dead-letter topic. */
  const processMessage = async (message: KafkaMessage, topic: string, partition: number, keepGoing: () => boolean, heartbeat: () => Promise<void>): Promise<Pending<Out>> => {
    const parent = contextFromHeaders(message.headers);
    const span = tracer.startSpan(`${stage.name} process`, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.kafka.partition': partition, 'messaging.kafka.offset': message.offset, 'messaging.kafka.message.key': message.key?.toString() ?? '' },
    }, parent);
    const where = `${topic}[${partition}]@${message.offset}`;
    try {
      const outputs = await retryForever(async () => {
        const value = await incomingValue(message, opts.payloads, where);
        if (!value || value.length === 0) throw new StrandError('RECORD_INVALID', `Empty message value at ${where}`);
        const input = await codec.decode<In>(value, where);
        return context.with(trace.setSpan(context.active(), span), () =>
          stage.process(input, { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, logger }));
      }, { what: `${stage.name}: processing ${where}`, logger, keepGoing, between: heartbeat });
      return { message, span, outputs };
    } catch (err) {
      if (describeError(err).retriable) { span.end(); throw err; } // only when stopping: abandon the chunk uncommitted
      return { message, span, outputs: [], failure: err };
    }
  };

  /** Processes a chunk with up to `stage.concurrency` records in flight; results keep the input order. */
  const processChunk = async (chunk: KafkaMessage[], topic: string, partition: number, keepGoing: () => boolean, heartbeat: () => Promise<void>): Promise<Pending<Out>[]> => {
    const pending: Pending<Out>[] = new Array(chunk.length);
    let next = 0;
    const lanes = Math.max(1, Math.min(stage.concurrency ?? 1, chunk.length));
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (next < chunk.length) {
        const i = next++;
        pending[i] = await processMessage(chunk[i]!, topic, partition, keepGoing, heartbeat);
      }
    }));
    return pending;
  };

  /** Makes the chunk's outputs durable, then its dead letters; returns how many records were dead-lettered. */
  const writeOutputs = async (pending: Pending<Out>[], topic: string, partition: number): Promise<number> => {
    const failures = new Map<Pending<Out>, unknown>();
    for (const p of pending) if (p.failure !== undefined) failures.set(p, p.failure);
    const items: { item: StageOutputItem<Out>; owner: Pending<Out> }[] = [];
    for (const p of pending) {
      if (p.failure !== undefined) continue;
      for (const value of p.outputs) {
        items.push({ owner: p, item: { value, key: p.message.key?.toString() ?? null, source: { topic, partition, offset: p.message.offset } } });
      }
    }

    const topicMessages: { topic: string; messages: Message[] }[] = [];
    if (output.kind === 'topic') {
      const messages: Message[] = [];
      for (const { item, owner } of items) {
        const key = output.key(item.value);
        const { value, headers } = await outgoingValue(await codec.encode(output.topic, item.value), config.maxMessageBytes, opts.payloads, `${stage.name} output for ${key ?? '?'}`);
        messages.push({ key, value, headers: { ...headersForSpan(owner.span), ...headers } });
      }
      if (messages.length > 0) topicMessages.push({ topic: output.topic, messages });
    } else if (items.length > 0) {
      const { rejected } = await output.write(items.map((x) => x.item));
      for (const r of rejected) {
        const owner = items[r.index]?.owner;
        if (owner && !failures.has(owner)) failures.set(owner, r.error);
      }
    }

    const deadLetters: Message[] = [];
    for (const [p, err] of failures) {
      const { code, message } = describeError(err);
      p.span.setStatus({ code: SpanStatusCode.ERROR, message });
      const dl = deadLetterOf(stage.name, { topic, partition, message: p.message }, err);
      logger.warn('record dead-lettered', { code, reason: message, topic, partition, offset: p.message.offset, key: dl.key });
      // A claim-checked original keeps its reference; the dead letter itself stays small.
      const ref = payloadRef(p.message.headers);
      deadLetters.push({ key: dl.key, value: await codec.encode(deadLetterTopic, dl), headers: { ...headersForSpan(p.span), ...(ref ? { [payloadRefHeader]: ref } : {}) } });
    }
    if (deadLetters.length > 0) topicMessages.push({ topic: deadLetterTopic, messages: deadLetters });
    if (topicMessages.length > 0) {
      try {
        await sendBounded(producer, topicMessages, config.maxMessageBytes);
      } catch (err) {
        throw new StrandError('KAFKA_PRODUCE_FAILED', `${stage.name}: producing to ${topicMessages.map((t) => t.topic).join(', ')} failed: ${describeError(err).message}`, { retriable: true, cause: err });
      }
    }
    produced.add(items.length, { stage: stage.name });
    return failures.size;
  };

  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch: handleBatch });
  logger.info('stage running', { input: inputTopic, output: output.kind === 'topic' ? output.topic : 'sink', group: opts.groupId });

  return {
    consumer,
    stop: async () => {
      running = false;
      await consumer.disconnect();
    },
  };
}
