import type { Kafka, Producer, Consumer, EachBatchPayload } from 'kafkajs';
import { describeError } from './errors.js';
import { retryForever } from './retry-forever.js';
import { withDeadline } from './deadline.js';
import { retry } from './retry.js';
import { CrashBackoff } from './crash-backoff.js';
import { classifyError } from './classify-error.js';
import { stageInstruments, stageAttributes } from './stage-instruments.js';
import { PartitionLease, isMembershipError } from './partition-lease.js';
import { stageRunContext, type StageRunContext } from './stage-run-context.js';
import { runMessageChunk } from './message-chunk.js';
import { runStreamingInput } from './streaming-input.js';
import { runConsumer } from './consume.js';
import { PauseHold, pausedFetchWaitMs, type StagePauses } from './stage-pause.js';
import { batchPolicy, type BatchPolicy } from './batch-policy.js';
import type { ValueCodec } from './registry.js';
import type { PayloadStore } from './payload-store.js';
import type { Logger } from './logger.js';
import type { StrandConfig } from './config.js';
import type { AnyStage, StageOutput } from './stage.js';

export interface RunStageOptions<In, Out> {
  config: StrandConfig;
  logger: Logger;
  kafka: Kafka;
  producer: Producer;
  codec: ValueCodec;
  stage: AnyStage<In, Out>;
  inputTopic: string;
  output: StageOutput<Out>;
  deadLetterTopic: string;
  groupId: string;
  /** Keeps payloads over STRAND_MAX_MESSAGE_BYTES out of Kafka (claim check). */
  payloads?: PayloadStore;
  /** Input messages handled per durable write and commit (default STRAND_STAGE_CHUNK_SIZE); message stages only. */
  chunkSize?: number;
  /** How outputs of a streaming stage are batched (default: batchPolicy(STRAND_MAX_MESSAGE_BYTES)). */
  batch?: BatchPolicy;
  /** Partitions worked on at once (default STRAND_STAGE_PARTITIONS, or STRAND_SINK_PARTITIONS for a sink). */
  partitionsConcurrently?: number;
  /** Consumer session timeout (default STRAND_SESSION_TIMEOUT_MS); the runner heartbeats every second while it works, so long work never outlasts it. */
  sessionTimeoutMs?: number;
  /** The process' paused stages (`strand pause`): while this stage is paused its consumer fetches nothing but stays in its group. */
  pauses?: StagePauses;
  /**
   * Called when the consumer hits an error no restart can cure (authentication or authorization
   * refused). The default logs it; services exit non-zero so their supervisor sees it.
   */
  onFatal?: (err: unknown) => void;
}

export interface RunningStage {
  /** The current consumer (replaced when the runner restarts a crashed one). */
  readonly consumer: Consumer;
  /** How many times the consumer was restarted after a crash. */
  readonly restarts: number;
  stop(): Promise<void>;
}

/**
 * Every counter of a stage starts at 0 when the stage starts, so rates, alerts and dashboards see a
 * series (with its labels) before the first dead letter, retry or restart, as Prometheus advises.
 */
function initialiseSeries(attrs: ReturnType<typeof stageAttributes>, topic: string, sink: boolean): void {
  const i = stageInstruments();
  i.processed.add(0, { ...attrs, topic, outcome: 'processed' });
  i.processed.add(0, { ...attrs, topic, outcome: 'dead_lettered' });
  i.produced.add(0, attrs);
  i.retries.add(0, attrs);
  i.restarts.add(0, attrs);
  if (sink) { i.sinkRejected.add(0, attrs); i.sinkSkipped.add(0, attrs); }
}

/** An error no consumer restart can cure: authentication or authorization refused, configuration wrong. */
const isFatal = (err: unknown): boolean => classifyError(err).fatal;

/**
 * The one stage runner, the only consumer loop in Strand. For each batch it consumes, it decodes
 * through the registry, runs the stage (a message stage's pure `process` over chunks, or a
 * streaming stage's `stream` for one input at a time), produces or writes, and commits offsets only
 * after that output is durable. Poison records go to the dead-letter topic with their reason and
 * source offsets; retriable failures are retried, never dead-lettered. It heartbeats on a timer
 * while it works; when the group moves on (rebalance, lost generation) it abandons the uncommitted
 * work and rejoins, and the partition's next owner redoes it. A consumer that crashes is restarted
 * (by kafkajs for retriable causes, by the runner otherwise), with the cause logged at warn or
 * error level; authentication and authorization failures are fatal (`onFatal`). Metrics and one
 * span per record are added here, not in stages.
 */
export async function runStage<In, Out>(opts: RunStageOptions<In, Out>): Promise<RunningStage> {
  const { config, kafka, stage, inputTopic, groupId } = opts;
  const logger = opts.logger.child({ stage: stage.name });
  const chunkSize = opts.chunkSize ?? config.stageChunkSize;
  const policy = opts.batch ?? batchPolicy(config.maxMessageBytes);
  const partitionsConcurrently = opts.partitionsConcurrently ?? (opts.output.kind === 'sink' ? config.sinkPartitions : config.stagePartitions);
  const { processed, produced, chunkDuration, freshness, restarts: restartCounter, lagByPartition, consumerUp } = stageInstruments();
  const attrs = stageAttributes(stage.name);
  initialiseSeries(attrs, inputTopic, opts.output.kind === 'sink');
  const rc: StageRunContext<In, Out> = stageRunContext<In, Out>({
    stageName: stage.name, config, logger, codec: opts.codec, producer: opts.producer, output: opts.output, deadLetterTopic: opts.deadLetterTopic, payloads: opts.payloads,
  });
  const onFatal = opts.onFatal ?? ((err: unknown) => logger.error('stage stopped: the error is fatal', { ...describeError(err) }));
  let running = true;
  let consumer: Consumer;
  let restarts = 0;
  const stopping = () => !running;
  /** Batches in progress, aborted on stop so a long download or wait does not hold the shutdown. */
  const leases = new Set<PartitionLease>();
  /** Holds the consumer while the stage is paused; a batch in progress stops after its current chunk (or streaming input) commits. */
  const hold = opts.pauses ? new PauseHold(opts.pauses, stage.name, inputTopic, logger) : undefined;

  const commit = async (lease: PartitionLease, topic: string, partition: number, offset: string): Promise<void> => {
    await retryForever(() => consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]), {
      what: `${stage.name}: committing offset ${offset} of ${topic}[${partition}]`, logger, keepGoing: lease.keepGoing, between: lease.heartbeat,
    }).catch((err) => {
      if (isMembershipError(err)) lease.lose(err);
      throw lease.reason(err);
    });
  };

  /**
   * Lag after a commit: messages up to the batch's high watermark, and the timestamp of the oldest
   * one not processed (the next message of the batch; past the batch, the last one processed, a
   * lower bound until the next batch arrives).
   */
  const recordLag = (topic: string, partition: number, highWatermark: string, lastOffset: string, next: { timestamp: string } | undefined, last: { timestamp: string }) => {
    const messages = Math.max(0, Number(BigInt(highWatermark) - BigInt(lastOffset) - 1n));
    const oldestUnprocessedAt = messages > 0 ? Number((next ?? last).timestamp) : undefined;
    lagByPartition.set(`${topic}:${partition}:${groupId}`, { messages, oldestUnprocessedAt, attrs: { ...attrs, topic, partition, group: groupId } });
  };
  /** At the start of a batch its first message is the oldest one waiting. */
  const batchWaiting = (topic: string, partition: number, highWatermark: string, first: { offset: string; timestamp: string }) => {
    const messages = Math.max(0, Number(BigInt(highWatermark) - BigInt(first.offset)));
    lagByPartition.set(`${topic}:${partition}:${groupId}`, { messages, oldestUnprocessedAt: Number(first.timestamp), attrs: { ...attrs, topic, partition, group: groupId } });
  };

  const count = (topic: string, handled: number, deadLettered: number, outputs: number, seconds: number, fetchedAt: number[] = []) => {
    if (handled - deadLettered > 0) processed.add(handled - deadLettered, { ...attrs, topic, outcome: 'processed' });
    if (deadLettered > 0) processed.add(deadLettered, { ...attrs, topic, outcome: 'dead_lettered' });
    produced.add(outputs, attrs);
    chunkDuration.record(seconds, attrs);
    const now = Date.now();
    for (const ms of fetchedAt) freshness.record(Math.max(0, (now - ms) / 1000), { source: attrs.source });
  };

  const handleBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch, resolveOffset } = payload;
    const lease = new PartitionLease(payload, stopping, logger);
    leases.add(lease);
    if (batch.messages.length > 0) batchWaiting(batch.topic, batch.partition, batch.highWatermark, batch.messages[0]!);
    try {
      if (stage.kind === 'streaming') {
        for (const [i, message] of batch.messages.entries()) {
          if (!lease.keepGoing() || hold?.paused) break;
          const started = performance.now();
          const result = await runStreamingInput(rc, stage, policy, message, batch.topic, batch.partition, lease);
          await commit(lease, batch.topic, batch.partition, message.offset);
          resolveOffset(message.offset);
          result.span.end();
          await result.done().catch((err) => logger.warn('after-commit hook failed', { error: describeError(err).message }));
          recordLag(batch.topic, batch.partition, batch.highWatermark, message.offset, batch.messages[i + 1], message);
          count(batch.topic, 1, (result.deadLettered ? 1 : 0) + result.partsDeadLettered, result.produced, (performance.now() - started) / 1000);
        }
      } else {
        for (let i = 0; i < batch.messages.length && lease.keepGoing() && !hold?.paused; i += chunkSize) {
          const started = performance.now();
          const chunk = batch.messages.slice(i, i + chunkSize);
          const result = await runMessageChunk(rc, stage, chunk, batch.topic, batch.partition, lease);
          const last = chunk[chunk.length - 1]!;
          await commit(lease, batch.topic, batch.partition, last.offset);
          resolveOffset(last.offset);
          for (const span of result.spans) span.end();
          recordLag(batch.topic, batch.partition, batch.highWatermark, last.offset, batch.messages[i + chunkSize], last);
          count(batch.topic, result.handled, result.deadLettered, result.produced, (performance.now() - started) / 1000, result.fetchedAt);
        }
      }
      lease.assertHeld(); // leave with the membership error so kafkajs rejoins at once
    } catch (err) {
      if (isFatal(err) && running) {
        running = false;
        logger.error('stage stopped: the error is fatal', { group: groupId, ...describeError(err) });
        onFatal(err);
      } else if (running && !isMembershipError(err)) {
        // Outside the stage contract (a bug): kafkajs retries the batch, then the consumer is restarted.
        logger.error('batch failed; it will be retried', { group: groupId, topic: batch.topic, partition: batch.partition, ...describeError(err) });
      }
      throw err;
    } finally {
      leases.delete(lease);
      lease.release();
    }
  };

  const crashBackoff = new CrashBackoff(() => running);

  const start = async (): Promise<void> => {
    // Fetches of STRAND_FETCH_PARTITION_BYTES per partition (8 MB: a sink chunk is a few hundred GenBank records, not the
    // ~50 that kafkajs' 1 MB default allows), and in all at most that much per partition worked on at once, which bounds memory.
    const fetchBytes = config.fetchPartitionBytes;
    const c = kafka.consumer({
      groupId, allowAutoTopicCreation: false, sessionTimeout: opts.sessionTimeoutMs ?? config.sessionTimeoutMs, heartbeatInterval: 3_000,
      maxBytesPerPartition: fetchBytes, maxBytes: fetchBytes * partitionsConcurrently, metadataMaxAge: config.kafkaMetadataMaxAgeMs,
      maxWaitTimeInMs: pausedFetchWaitMs(opts.sessionTimeoutMs ?? config.sessionTimeoutMs),
      // kafkajs restarts a crashed consumer after its initial retry time (200 ms) however often it crashes (a
      // deleted topic: every few hundred ms, forever); crashes in a row wait longer, up to 30 s.
      retry: { restartOnFailure: async () => { await crashBackoff.wait(); return running; } },
    });
    consumer = c;
    hold?.attach(c);
    c.on(c.events.CRASH, (event) => {
      const { error, restart } = event.payload as { error: Error; restart: boolean };
      if (!running || c !== consumer) return;
      const cause = describeError(error);
      restartCounter.add(1, { ...attrs, cause: cause.code });
      consumerUp.set(stage.name, { up: false, attrs });
      if (isFatal(error)) {
        logger.error('consumer crashed: authentication or authorization refused; not restarting', { group: groupId, code: cause.code, error: cause.message });
        running = false;
        onFatal(error);
        return;
      }
      restarts++;
      if (restart) {
        logger.warn('consumer crashed; kafkajs restarts it', { group: groupId, code: cause.code, error: cause.message });
        return;
      }
      logger.error('consumer crashed; the runner restarts it', { group: groupId, code: cause.code, error: cause.message });
      void restartAfterCrash(c);
    });
    await withDeadline(c.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
    await c.subscribe({ topics: [inputTopic], fromBeginning: true });
    // Up once it has joined its group (again, after kafkajs restarted it); down from a crash until then.
    c.on(c.events.GROUP_JOIN, () => { if (running && c === consumer) consumerUp.set(stage.name, { up: true, attrs }); });
    await runConsumer(c, { autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: partitionsConcurrently, eachBatch: handleBatch });
  };

  /** A consumer kafkajs gave up on is replaced by a new one (with backoff while the broker is away). */
  const restartAfterCrash = async (crashed: Consumer): Promise<void> => {
    await crashed.disconnect().catch(() => undefined);
    await retry(async (attempt) => {
      await start().catch(async (err) => { await consumer.disconnect().catch(() => undefined); throw err; });
      logger.warn('consumer restarted', { group: groupId, attempt });
    }, { maxAttempts: Infinity, baseDelayMs: 500, maxDelayMs: 30_000 }, {
      keepGoing: () => running,
      isRetriable: (err) => !isFatal(err),
      onRetry: (err, attempt) => logger.error('restarting the consumer failed; trying again', { group: groupId, attempt, ...describeError(err) }),
    }).catch((err) => {
      if (!running) return;
      running = false;
      logger.error('consumer cannot be restarted: the error is fatal', { group: groupId, ...describeError(err) });
      onFatal(err);
    });
  };

  await start();
  logger.info('stage running', { input: inputTopic, output: opts.output.kind === 'topic' ? opts.output.topic : 'sink', group: groupId });

  return {
    get consumer() { return consumer; },
    get restarts() { return restarts; },
    stop: async () => {
      running = false;
      hold?.close();
      consumerUp.delete(stage.name);
      for (const lease of leases) lease.abortForStop();
      await consumer.disconnect();
    },
  };
}
